/**
 * Suggestion chips in chromium against the fake search API: where they show, that the arrow keys
 * never visit them (they are buttons in the Tab order, outside the listbox), and picking one by
 * keyboard or mouse.
 */
/// <reference lib="dom" />
import { describe } from 'vitest';
import { BROWSER_RUNS, HIT, WAIT_MS, box, boxTest as it, expectFocus, waitForHits } from '../helpers/box-page.js';

describe.skipIf(!BROWSER_RUNS).concurrent('the search box suggestion chips', () => {
  it('shows the suggestions as chips above the results', async ({ api, open, expect }) => {
    const page = await open(api.page());
    const { input, chips, hits } = box(page);
    await input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await expect.poll(() => chips.allTextContents(), { timeout: WAIT_MS }).toEqual(['核酸检测', '核酸检测点', '北京核酸政策解读']);
    const chipBox = await chips.last().boundingBox();
    const firstHit = await hits.first().boundingBox();
    expect(chipBox!.y + chipBox!.height).toBeLessThanOrEqual(firstHit!.y);
    expect(await page.locator('.zhs-suggestions').getAttribute('aria-label')).toBe('搜索建议');
    expect(await page.locator('[role="listbox"] .zhs-chip').count()).toBe(0);
  });

  it('leaves out blank suggestions and one that equals the query', async ({ api, open, expect }) => {
    api.respond('核酸', { suggestions: [{ text: '核酸', kind: 'term' }, { text: ' ', kind: 'term' }, { text: '核酸检测', kind: 'term' }] });
    const page = await open(api.page());
    await box(page).input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await expect.poll(() => box(page).chips.allTextContents(), { timeout: WAIT_MS }).toEqual(['核酸检测']);
  });

  it('keeps the chips out of the arrow-key order: ↓ visits every result and wraps, focus stays in the input', async ({ api, open, expect }) => {
    const page = await open(api.page());
    const { input, chips } = box(page);
    await input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await expect.poll(() => chips.count(), { timeout: WAIT_MS }).toBe(3);
    const hitIds = await page.$$eval(HIT, (options) => options.map((option) => option.id));
    const visited: Array<string | null> = [];
    for (let i = 0; i < hitIds.length + 1; i++) {
      await input.press('ArrowDown');
      visited.push(await input.getAttribute('aria-activedescendant'));
    }
    expect(visited).toEqual([...hitIds, hitIds[0]]);
    await input.press('ArrowUp');
    expect(await input.getAttribute('aria-activedescendant')).toBe(hitIds[hitIds.length - 1]);
    expect(await page.locator(`${HIT}[aria-selected="true"]`).count()).toBe(1);
    await expectFocus(page, '.zhs-input');
  });

  it('picks a chip with Tab and Enter: searches its text, keeps the popup open and returns focus to the input', async ({ api, open, expect }) => {
    const page = await open(api.page());
    const { input, panel } = box(page);
    await input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await box(page).chips.first().waitFor({ timeout: WAIT_MS });
    await input.press('Tab');
    await expectFocus(page, '.zhs-chip');
    expect(await panel.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await waitForHits(page, '核酸检测', 10);
    expect(await input.inputValue()).toBe('核酸检测');
    await expectFocus(page, '.zhs-input');
    expect(await panel.isVisible()).toBe(true);
    expect(api.searches().map((r) => r.q)).toEqual(['核酸', '核酸检测']);
  });

  it('picks a chip with a click: searches its text at once and keeps focus in the input', async ({ api, open, expect }) => {
    const page = await open(api.page());
    const { input, chips } = box(page);
    await input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await chips.nth(2).click();
    await waitForHits(page, '北京核酸政策解读', 10);
    expect(await input.inputValue()).toBe('北京核酸政策解读');
    await expectFocus(page, '.zhs-input');
    await expect.poll(() => chips.allTextContents(), { timeout: WAIT_MS }).toContain('北京核酸政策解读检测');
  });

  it('shows results without chips when the suggest request fails', async ({ api, open, expect }) => {
    api.respond('核酸', { suggestFails: true });
    const page = await open(api.page());
    await box(page).input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await expect.poll(() => api.searches('核酸', '/api/suggest').length, { timeout: WAIT_MS }).toBe(1);
    expect(await box(page).chips.count()).toBe(0);
    expect(await page.locator('.zhs-suggestions').isHidden()).toBe(true);
  });
});
