/**
 * The inline box's keyboard and focus in chromium against the fake search API: the WAI-ARIA combobox
 * keys (Enter, Esc), closing the popup when focus leaves, and the page-wide shortcuts (`/`, Ctrl+K)
 * that must stay out of the way while the user types in another field.
 */
/// <reference lib="dom" />
import { describe } from 'vitest';
import {
  BROWSER_RUNS,
  HIT,
  WAIT_MS,
  box,
  boxTest as it,
  expectFocus,
  nextFrames,
  waitForHits,
} from '../helpers/box-page.js';
import { fetchCalls } from '../helpers/page-probes.js';

describe.skipIf(!BROWSER_RUNS).concurrent('the search box keyboard and focus', () => {
  it('opens the active result with Enter at its url resolved against the endpoint', async ({ api, open, expect }) => {
    const page = await open(api.page());
    const { input } = box(page);
    await input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await input.press('ArrowDown');
    await input.press('ArrowDown');
    const expected = `${api.apiOrigin}/posts/post-1?q=%E6%A0%B8%E9%85%B8`;
    expect(await page.locator(HIT).nth(1).getAttribute('href')).toBe(expected);
    await Promise.all([page.waitForURL(expected, { timeout: WAIT_MS }), input.press('Enter')]);
  });

  it('searches at once on Enter, without waiting for the debounce', async ({ api, open, expect }) => {
    const page = await open(api.page());
    // Typing and Enter in one task: a search still waiting for a timer would not have started yet.
    const searchedInTheSameTask = await box(page).input.evaluate((element) => {
      const input = element as HTMLInputElement;
      input.focus();
      input.value = '核酸';
      input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: '核酸' }));
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      const fetches = (window as unknown as { __zhsFetches: Array<{ url: string }> }).__zhsFetches;
      return fetches.some(({ url }) => new URL(url).pathname === '/api/search');
    });
    expect(searchedInTheSameTask).toBe(true);
    expect((await fetchCalls(page)).map((call) => call.q)).toEqual(['核酸']);
  });

  it('clears the text with the first Esc, closes the popup with the second, and ↓ opens it again', async ({ api, open, expect }) => {
    const page = await open(api.page());
    const { input, panel, recentTexts } = box(page);
    await input.fill('核酸');
    await input.press('Enter');
    await waitForHits(page, '核酸', 10);
    await input.press('Escape');
    expect(await input.inputValue()).toBe('');
    await expect.poll(() => recentTexts.allTextContents(), { timeout: WAIT_MS }).toEqual(['核酸']);
    expect(await input.getAttribute('aria-expanded')).toBe('true');
    await input.press('Escape');
    expect(await panel.isHidden()).toBe(true);
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    await expectFocus(page, '.zhs-input');
    await input.press('ArrowDown');
    await expect.poll(() => panel.isVisible(), { timeout: WAIT_MS }).toBe(true);
  });

  it('closes the popup when a click lands outside the box, and opens it again on a click in the input', async ({ api, open, expect }) => {
    const page = await open(api.page());
    const { input, panel } = box(page);
    await input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await page.locator('#outside').click();
    await expect.poll(() => panel.isHidden(), { timeout: WAIT_MS }).toBe(true);
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    await input.click();
    await expect.poll(() => panel.isVisible(), { timeout: WAIT_MS }).toBe(true);
    expect(await page.locator(HIT).count()).toBe(10);
  });

  it('closes the popup when Tab moves focus out of the box', async ({ api, open, expect }) => {
    api.respond('核酸', { suggestions: [], total: 5 });
    const page = await open(api.page());
    const { input, panel } = box(page);
    await input.fill('核酸');
    await waitForHits(page, '核酸', 5);
    await input.press('Tab');
    await expect.poll(() => panel.isHidden(), { timeout: WAIT_MS }).toBe(true);
  });

  it('focuses the box with / from the page without typing the slash', async ({ api, open, expect }) => {
    const page = await open(api.page());
    await page.locator('#outside').click();
    await page.keyboard.press('/');
    await expectFocus(page, '.zhs-input');
    expect(await box(page).input.inputValue()).toBe('');
  });

  it('focuses the box with Ctrl+K from a focused button', async ({ api, open, expect }) => {
    const page = await open(api.page());
    await page.locator('#before').focus();
    await page.keyboard.press('Control+k');
    await expectFocus(page, '.zhs-input');
  });

  it.for(['#other', '#notes'])('leaves / and Ctrl+K alone while the user types in %s', async (field, { api, open, expect }) => {
    const page = await open(api.page());
    await page.locator(field).click();
    await page.keyboard.type('a/b');
    await page.keyboard.press('Control+k');
    await nextFrames(page);
    expect(await page.locator(field).inputValue()).toBe('a/b');
    await expectFocus(page, field);
    expect(api.searches()).toEqual([]);
  });

  it('ignores / and Ctrl+K when mounted with data-hotkeys="false"', async ({ api, open, expect }) => {
    const page = await open(api.page({ attributes: { 'data-hotkeys': 'false' } }));
    await page.locator('#before').focus();
    await page.keyboard.press('/');
    await page.keyboard.press('Control+k');
    await nextFrames(page);
    await expectFocus(page, '#before');
  });
});
