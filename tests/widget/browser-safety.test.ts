/**
 * What a hostile or broken search service can do to the page, in chromium: nothing. The fake API
 * sends scripts, event handlers and other markup in titleHtml, snippetHtml and suggestions, and
 * javascript:/data:/vbscript: urls. These pages have no CSP, so anything injected would really run.
 */
/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import {
  BROWSER_RUNS,
  HIT,
  WAIT_MS,
  box,
  boxTest as it,
  nextFrames,
  type OpenPage,
  waitForHits,
} from '../helpers/box-page.js';
import { navigationsTried, trapNavigations } from '../helpers/page-probes.js';
import type { FakeSearchApi } from '../helpers/fake-search-api.js';

const CHIP_ATTACK = `<img src=x onerror="window.__xss='chip'">`;

async function openHostile(api: FakeSearchApi, open: OpenPage): Promise<Page> {
  api.respond('核酸', { malicious: true, suggestions: [{ text: CHIP_ATTACK, kind: 'term' }] });
  const page = await open(api.page({ csp: false }));
  await box(page).input.fill('核酸');
  await waitForHits(page, '核酸', 5);
  await box(page).chips.first().waitFor({ timeout: WAIT_MS });
  await nextFrames(page);
  return page;
}

const injected = (page: Page): Promise<unknown> => page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);

describe.skipIf(!BROWSER_RUNS).concurrent('the search box against hostile answers', () => {
  it('runs no script or event handler from titleHtml, snippetHtml or suggestions', async ({ api, open, expect }) => {
    const page = await openHostile(api, open);
    await page.locator(`${HIT} mark`).first().hover();
    await nextFrames(page);
    expect(await injected(page)).toBeUndefined();
    expect(await page.locator('.zhs-root').locator('img, script, svg:not(.zhs-icon), iframe').count()).toBe(0);
    expect(api.requests.filter((request) => request.path === '/x')).toEqual([]);
  });

  it('keeps only <mark> elements, without their attributes, from titleHtml and snippetHtml', async ({ api, open, expect }) => {
    const page = await openHostile(api, open);
    const parts = await page.$$eval(`${HIT} .zhs-hit-title, ${HIT} .zhs-hit-snippet`, (elements) =>
      elements.flatMap((element) =>
        Array.from(element.querySelectorAll('*'), (child) => `${child.tagName} ${Array.from(child.attributes, (a) => a.name).join(',')}`),
      ),
    );
    expect(parts.length).toBeGreaterThanOrEqual(10);
    expect(new Set(parts)).toEqual(new Set(['MARK class']));
  });

  it('shows markup that is not <mark> as text, and escaped markup literally', async ({ api, open, expect }) => {
    const page = await openHostile(api, open);
    const title = page.locator(`${HIT} .zhs-hit-title`).first();
    expect(await title.textContent()).toBe('核酸粗体标题 <b>转义</b>');
    expect(await title.locator('mark').allTextContents()).toEqual(['核酸']);
    expect(await page.locator(`${HIT} .zhs-hit-snippet`).first().textContent()).toContain('链接');
  });

  it('gives javascript:, data: and vbscript: urls no link, and Enter or a click on them goes nowhere', async ({ api, open, expect }) => {
    const page = await openHostile(api, open);
    const kinds = await page.$$eval(HIT, (options) => options.map((option) => `${option.tagName}:${option.getAttribute('href') ?? ''}`));
    expect(kinds).toEqual([`A:${api.apiOrigin}/posts/post-0?q=%E6%A0%B8%E9%85%B8`, 'DIV:', 'DIV:', 'DIV:', 'DIV:']);
    const { input } = box(page);
    await trapNavigations(page);
    await input.press('ArrowDown');
    for (let i = 1; i <= 4; i++) {
      await input.press('ArrowDown');
      expect(await input.getAttribute('aria-activedescendant')).toBe(await page.locator(HIT).nth(i).getAttribute('id'));
      await input.press('Enter');
    }
    for (let i = 1; i <= 4; i++) await page.locator(HIT).nth(i).click();
    expect(await navigationsTried(page)).toEqual([]);
    expect(await injected(page)).toBeUndefined();
  });

  it('shows a suggestion with markup as its plain text, and picking it searches that text', async ({ api, open, expect }) => {
    const page = await openHostile(api, open);
    const chip = box(page).chips.first();
    expect(await chip.textContent()).toBe(CHIP_ATTACK);
    expect(await chip.locator('*').count()).toBe(0);
    await chip.click();
    await api.waitForRequest((request) => request.path === '/api/search' && request.q === CHIP_ATTACK);
    expect(await box(page).input.inputValue()).toBe(CHIP_ATTACK);
    await nextFrames(page);
    expect(await injected(page)).toBeUndefined();
  });
});
