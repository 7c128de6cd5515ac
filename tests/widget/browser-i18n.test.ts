/**
 * The box's words in chromium: zh-CN, zh-TW and en chosen from the page's <html lang> (or data-lang),
 * for every string a user sees or hears — placeholder, counts, paging, empty and error states, dates,
 * the launcher and the dialog.
 */
/// <reference lib="dom" />
import { describe } from 'vitest';
import { BROWSER_RUNS, WAIT_MS, box, boxTest as it, expectAnnounced, waitForHits } from '../helpers/box-page.js';

interface Words {
  pageLang: string;
  lang: string;
  placeholder: string;
  label: string;
  count: string;
  shown: string;
  more: string;
  suggestions: string;
  meta: string;
  empty: string;
  error: string;
  retry: string;
  close: string;
}

const WORDS: Words[] = [
  {
    pageLang: 'zh-CN',
    lang: 'zh-CN',
    placeholder: '搜索文章',
    label: '搜索',
    count: '25 条结果',
    shown: '已显示 20 / 25 条结果',
    more: '更多结果',
    suggestions: '搜索建议',
    meta: '2022年1月25日 · 金融/新浪财经、新闻',
    empty: '没有找到与“无”相关的结果',
    error: '搜索服务暂时不可用。',
    retry: '重试',
    close: '关闭',
  },
  {
    pageLang: 'zh-Hant-TW',
    lang: 'zh-TW',
    placeholder: '搜尋文章',
    label: '搜尋',
    count: '25 筆結果',
    shown: '已顯示 20 / 25 筆結果',
    more: '更多結果',
    suggestions: '搜尋建議',
    meta: '2022年1月25日 · 金融/新浪财经、新闻',
    empty: '找不到與「無」相關的結果',
    error: '搜尋服務暫時無法使用。',
    retry: '重試',
    close: '關閉',
  },
  {
    pageLang: 'en-GB',
    lang: 'en',
    placeholder: 'Search posts',
    label: 'Search',
    count: '25 results',
    shown: 'Showing 20 of 25 results',
    more: 'More results',
    suggestions: 'Suggestions',
    meta: 'Jan 25, 2022 · 金融/新浪财经, 新闻',
    empty: 'No results for “无”',
    error: 'Search is temporarily unavailable.',
    retry: 'Retry',
    close: 'Close',
  },
];

/** [lang, page lang, words]: the names of the cases read as sentences. */
const CASES = WORDS.map((words) => [words.lang, words.pageLang, words] as const);

describe.skipIf(!BROWSER_RUNS).concurrent('the search box words', () => {
  it.for(CASES)('speaks %s on a page with lang="%s": results, paging, empty and error states', async ([, , words], { api, open, expect }) => {
    const empty = words.lang === 'zh-TW' ? '無' : '无';
    api.respond(empty, { total: 0 });
    api.respond('坏', { fail: { times: 1, kind: 'unavailable' } });
    const page = await open(api.page({ lang: words.pageLang }));
    const { input, heading, more, status } = box(page);
    expect(await input.getAttribute('placeholder')).toBe(words.placeholder);
    expect(await page.getByLabel(words.label, { exact: true }).count()).toBe(1);
    expect(await page.locator('.zhs-box').getAttribute('lang')).toBe(words.lang);
    await input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    expect(await heading.textContent()).toBe(words.count);
    await expectAnnounced(page, words.count);
    expect(await page.locator('.zhs-hit-meta').nth(1).textContent()).toBe(words.meta);
    expect(await page.locator('.zhs-suggestions').getAttribute('aria-label')).toBe(words.suggestions);
    expect(await more.textContent()).toBe(words.more);
    await more.click();
    await waitForHits(page, '核酸', 20);
    await expectAnnounced(page, words.shown);
    await input.fill(empty);
    await expect.poll(() => status.textContent(), { timeout: WAIT_MS }).toBe(words.empty);
    await input.fill('坏');
    await expect.poll(() => status.textContent(), { timeout: WAIT_MS }).toBe(`${words.error}${words.retry}`);
  });

  it.for(CASES)('labels the launcher and the dialog in %s on a page with lang="%s"', async ([, , words], { api, open, expect }) => {
    const page = await open(api.page({ mode: 'modal', lang: words.pageLang }));
    const { launcher, dialog, closeButton } = box(page);
    expect(await launcher.locator('.zhs-launcher-text').textContent()).toBe(words.label);
    await launcher.click();
    expect(await dialog.getAttribute('aria-label')).toBe(words.label);
    expect(await closeButton.textContent()).toBe(words.close);
    expect(await box(page).input.getAttribute('placeholder')).toBe(words.placeholder);
  });

  it('says "1 result" in English for a single hit', async ({ api, open, expect }) => {
    api.respond('核酸', { total: 1 });
    const page = await open(api.page({ lang: 'en' }));
    await box(page).input.fill('核酸');
    await waitForHits(page, '核酸', 1);
    expect(await box(page).heading.textContent()).toBe('1 result');
    await expectAnnounced(page, '1 result');
  });

  it('lets data-lang win over the page language', async ({ api, open, expect }) => {
    const page = await open(api.page({ lang: 'zh-CN', attributes: { 'data-lang': 'en' } }));
    expect(await box(page).input.getAttribute('placeholder')).toBe('Search posts');
    expect(await page.locator('.zhs-box').getAttribute('lang')).toBe('en');
  });

  it('takes its placeholder from data-placeholder', async ({ api, open, expect }) => {
    const page = await open(api.page({ attributes: { 'data-placeholder': '搜一搜' } }));
    expect(await box(page).input.getAttribute('placeholder')).toBe('搜一搜');
  });
});
