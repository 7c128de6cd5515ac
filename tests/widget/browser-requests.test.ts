/**
 * The box's requests in chromium against the fake search API: one debounced request per burst of
 * typing, stale requests aborted and never drawn over newer results, and what shows while a request
 * is under way. Slow answers are held by the fake API and released by the test, never timed.
 */
/// <reference lib="dom" />
import type { Request } from 'playwright-core';
import { describe } from 'vitest';
import { BROWSER_RUNS, HIT, WAIT_MS, box, boxTest as it, nextFrames, waitForHits } from '../helpers/box-page.js';
import { fetchCalls, navigationsTried, trapNavigations, typeInOneTask } from '../helpers/page-probes.js';

describe.skipIf(!BROWSER_RUNS).concurrent('the search box requests', () => {
  it('sends one search and one suggest request after several characters typed quickly', async ({ api, open, expect }) => {
    const page = await open(api.page());
    await typeInOneTask(box(page).input, '核酸检测');
    await waitForHits(page, '核酸检测', 10);
    await expect.poll(async () => (await fetchCalls(page, '/api/suggest')).length, { timeout: WAIT_MS }).toBe(1);
    expect((await fetchCalls(page)).map((call) => call.q)).toEqual(['核酸检测']);
    expect((await fetchCalls(page, '/api/suggest')).map((call) => call.q)).toEqual(['核酸检测']);
    expect(api.searches().map((request) => request.q)).toEqual(['核酸检测']);
  });

  it('sends the query as typed, trimmed, with the page size and offset 0', async ({ api, open, expect }) => {
    const page = await open(api.page({ attributes: { 'data-page-size': '7' } }));
    await box(page).input.fill('  核酸 -北京  ');
    const request = await api.waitForRequest((r) => r.path === '/api/search');
    expect([request.q, request.limit, request.offset]).toEqual(['核酸 -北京', 7, 0]);
  });

  it('aborts a stale slow request and keeps the newer results when its answer finally comes', async ({ api, open, expect }) => {
    const gate = api.hold('慢');
    api.respond('慢', { total: 3, suggestions: [{ text: '慢慢来', kind: 'term' }] });
    const page = await open(api.page());
    const settled = new Set<string>();
    const onSettled = (request: Request): void => {
      const url = new URL(request.url());
      settled.add(`${url.pathname} ${url.searchParams.get('q') ?? ''}`);
    };
    page.on('requestfinished', onSettled);
    page.on('requestfailed', onSettled);
    const { input, titles, heading, chips } = box(page);
    await input.fill('慢');
    await api.waitForRequest((r) => r.q === '慢' && r.path === '/api/search');
    await input.fill('快');
    await waitForHits(page, '快', 10);
    expect((await fetchCalls(page)).map((call) => [call.q, call.aborted])).toEqual([
      ['慢', true],
      ['快', false],
    ]);
    await gate.release();
    await expect.poll(() => settled.has('/api/search 慢'), { timeout: WAIT_MS }).toBe(true);
    await nextFrames(page);
    expect(await titles.allTextContents()).toHaveLength(10);
    expect((await titles.allTextContents()).every((title) => title.startsWith('快'))).toBe(true);
    expect(await heading.textContent()).toBe('25 条结果');
    expect(await chips.allTextContents()).not.toContain('慢慢来');
    expect(api.searches('慢').every((request) => request.aborted)).toBe(true);
  });

  it('says it is searching while the first answer is under way', async ({ api, open, expect }) => {
    const gate = api.hold('等');
    const page = await open(api.page());
    const { input, status, listbox } = box(page);
    await input.fill('等');
    await expect.poll(() => status.textContent(), { timeout: WAIT_MS }).toBe('正在搜索…');
    expect(await page.locator('.zhs-box').getAttribute('class')).toContain('zhs-busy');
    await gate.release();
    await waitForHits(page, '等', 10);
    expect(await status.isHidden()).toBe(true);
    expect(await listbox.getAttribute('aria-busy')).toBe('false');
    expect(await page.locator('.zhs-box').getAttribute('class')).not.toContain('zhs-busy');
  });

  it('keeps the old results visible, marked busy, while newer ones load', async ({ api, open, expect }) => {
    const page = await open(api.page());
    const { input, status, listbox } = box(page);
    await input.fill('旧');
    await waitForHits(page, '旧', 10);
    const gate = api.hold('新');
    await input.fill('新');
    await api.waitForRequest((r) => r.q === '新' && r.path === '/api/search');
    await expect.poll(() => listbox.getAttribute('aria-busy'), { timeout: WAIT_MS }).toBe('true');
    expect(await page.locator(HIT).count()).toBe(10);
    expect(await status.isHidden()).toBe(true);
    await gate.release();
    await waitForHits(page, '新', 10);
  });

  it('does not open an old result on Enter while newer results load', async ({ api, open, expect }) => {
    const page = await open(api.page());
    const { input } = box(page);
    await input.fill('旧');
    await waitForHits(page, '旧', 10);
    await input.press('ArrowDown');
    expect(await input.getAttribute('aria-activedescendant')).toBeTruthy();
    const gate = api.hold('新');
    await input.fill('新');
    await api.waitForRequest((r) => r.q === '新' && r.path === '/api/search');
    await trapNavigations(page);
    await input.press('Enter');
    expect(await navigationsTried(page)).toEqual([]);
    expect(await input.getAttribute('aria-activedescendant')).toBeNull();
    await gate.release();
    await waitForHits(page, '新', 10);
  });

  it('searches the edited text on Enter instead of opening the result highlighted before the edit', async ({ api, open, expect }) => {
    const page = await open(api.page());
    const { input } = box(page);
    await input.fill('旧');
    await waitForHits(page, '旧', 10);
    await input.press('ArrowDown');
    await trapNavigations(page);
    // A fast typist: one more character and Enter, both before the debounce ends (one task here).
    await input.evaluate((element) => {
      const field = element as HTMLInputElement;
      field.value = '旧闻';
      field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: '闻' }));
      field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    });
    expect(await navigationsTried(page)).toEqual([]);
    await waitForHits(page, '旧闻', 10);
  });
});
