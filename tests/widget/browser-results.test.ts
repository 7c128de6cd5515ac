/**
 * The box's results panel in chromium against the fake search API: paging with "more results" and
 * what the live region announces, the empty state, and the error states with their retry button.
 */
/// <reference lib="dom" />
import { describe } from 'vitest';
import type { FailureKind } from '../helpers/fake-search-api.js';
import {
  BROWSER_RUNS,
  HIT,
  WAIT_MS,
  box,
  boxTest as it,
  expectAnnounced,
  expectFocus,
  nextFrames,
  waitForHits,
} from '../helpers/box-page.js';

describe.skipIf(!BROWSER_RUNS).concurrent('the search box results', () => {
  it('shows the first page with the count and announces it', async ({ api, open, expect }) => {
    const page = await open(api.page());
    const { input, heading, more } = box(page);
    await input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    expect(await heading.textContent()).toBe('25 条结果');
    await expectAnnounced(page, '25 条结果');
    expect(await input.getAttribute('aria-expanded')).toBe('true');
    expect(await more.isVisible()).toBe(true);
  });

  it('announces the count again when the next query has as many results', async ({ api, open, expect }) => {
    const page = await open(api.page());
    const { input, live } = box(page);
    await input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await expectAnnounced(page, '25 条结果');
    const first = await live.textContent();
    await input.fill('疫情');
    await waitForHits(page, '疫情', 10);
    await expectAnnounced(page, '25 条结果');
    // Screen readers announce a live region only when its text changes.
    expect(await live.textContent()).not.toBe(first);
  });

  it('appends the next pages with "more results", announces the counts and hides the button at the end', async ({ api, open, expect }) => {
    const page = await open(api.page());
    const { input, more } = box(page);
    await input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await more.click();
    await waitForHits(page, '核酸', 20);
    await expectAnnounced(page, '已显示 20 / 25 条结果');
    await expectFocus(page, '.zhs-input');
    await more.click();
    await waitForHits(page, '核酸', 25);
    await expectAnnounced(page, '已显示 25 / 25 条结果');
    expect(await more.isHidden()).toBe(true);
    expect(api.searches('核酸').map((r) => [r.offset, r.limit])).toEqual([
      [0, 10],
      [10, 10],
      [20, 10],
    ]);
    const titles = await box(page).titles.allTextContents();
    expect(titles).toEqual(Array.from({ length: 25 }, (_, i) => `核酸 第${i + 1}篇`));
    const ids = await page.$$eval(HIT, (options) => options.map((option) => option.id));
    expect(new Set(ids).size).toBe(25);
  });

  it('keeps the popup open with focus back in the input when "more results" pressed with the keyboard loads the last page', async ({ api, open, expect }) => {
    api.respond('核酸', { total: 15 });
    const page = await open(api.page());
    const { input, more } = box(page);
    await input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await more.focus();
    await page.keyboard.press('Enter');
    await waitForHits(page, '核酸', 15);
    await nextFrames(page);
    const after = await page.evaluate(() => ({
      focused: document.activeElement?.className,
      panelOpen: !(document.querySelector('.zhs-panel') as HTMLElement).hidden,
    }));
    expect(after).toEqual({ focused: 'zhs-input', panelOpen: true });
    expect(await more.isHidden()).toBe(true);
  });

  it('says nothing was found for a query without results, with no list and no "more results"', async ({ api, open, expect }) => {
    api.respond('无结果', { total: 0 });
    const page = await open(api.page());
    const { input, status, hits, more, heading } = box(page);
    await input.fill('无结果');
    await expect.poll(() => status.textContent(), { timeout: WAIT_MS }).toBe('没有找到与“无结果”相关的结果');
    expect(await status.getAttribute('class')).toContain('zhs-status-empty');
    await expectAnnounced(page, '没有找到与“无结果”相关的结果');
    expect(await hits.count()).toBe(0);
    expect(await more.isHidden()).toBe(true);
    expect(await heading.isHidden()).toBe(true);
    expect(await input.getAttribute('aria-expanded')).toBe('false');
  });

  it('shows an error with a retry button when the service is unavailable, and retry recovers', async ({ api, open, expect }) => {
    api.respond('核酸', { fail: { times: 1, kind: 'unavailable' } });
    const page = await open(api.page());
    const { input, status, retry } = box(page);
    await input.fill('核酸');
    await expect.poll(() => status.textContent(), { timeout: WAIT_MS }).toBe('搜索服务暂时不可用。重试');
    expect(await status.getAttribute('class')).toContain('zhs-status-error');
    await expectAnnounced(page, '搜索服务暂时不可用。');
    expect(await page.getByRole('button', { name: '重试' }).isVisible()).toBe(true);
    await retry.click();
    await waitForHits(page, '核酸', 10);
    expect(await status.isHidden()).toBe(true);
    await expectAnnounced(page, '25 条结果');
    await expectFocus(page, '.zhs-input');
    expect(api.searches('核酸')).toHaveLength(2);
  });

  it('retries from the keyboard: Tab reaches the retry button and Enter recovers', async ({ api, open, expect }) => {
    api.respond('核酸', { fail: { times: 1, kind: 'unavailable' }, suggestions: [] });
    const page = await open(api.page());
    const { input, retry } = box(page);
    await input.fill('核酸');
    await retry.waitFor({ timeout: WAIT_MS });
    await input.press('Tab');
    await expectFocus(page, '.zhs-retry');
    await page.keyboard.press('Enter');
    await waitForHits(page, '核酸', 10);
  });

  it.for<[FailureKind, string]>([
    ['network', '无法连接到搜索服务。'],
    ['tooLong', '搜索词太长了，请缩短后再试。'],
    ['generic', '搜索出错了。'],
  ])('tells the user what went wrong for a %s failure', async ([kind, message], { api, open, expect }) => {
    api.respond('核酸', { fail: { times: 1, kind } });
    const page = await open(api.page());
    await box(page).input.fill('核酸');
    await expect.poll(() => box(page).status.textContent(), { timeout: WAIT_MS }).toBe(`${message}重试`);
    await expectAnnounced(page, message);
  });

  it('keeps the results when the next page fails, and retry loads that page', async ({ api, open, expect }) => {
    api.respond('核酸', { fail: { times: 1, kind: 'unavailable', on: 'next' } });
    const page = await open(api.page());
    const { input, more, status, retry } = box(page);
    await input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await more.click();
    await expect.poll(() => status.textContent(), { timeout: WAIT_MS }).toBe('搜索服务暂时不可用。重试');
    expect(await page.locator(HIT).count()).toBe(10);
    await retry.click();
    await waitForHits(page, '核酸', 20);
    expect(await status.isHidden()).toBe(true);
    expect(api.searches('核酸').map((r) => r.offset)).toEqual([0, 10, 10]);
  });
});
