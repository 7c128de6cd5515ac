/**
 * Input methods (pinyin, zhuyin…) in chromium against the fake search API: while a composition is
 * active the box neither searches the raw letters nor acts on ↑/↓, Enter or Esc, which belong to the
 * IME. Real compositions go through the DevTools protocol; the key orders chromium cannot produce
 * (Safari ends the composition before the committing keydown) are dispatched as events.
 */
/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { BROWSER_RUNS, box, boxTest as it, nextFrames, until, waitForHits } from '../helpers/box-page.js';
import { fetchCalls, navigationsTried, trapNavigations } from '../helpers/page-probes.js';

/** Starts a composition on the box's input and sends `keys` as the IME would (isComposing, keyCode 229). */
async function keysDuringComposition(page: Page, keys: string[]): Promise<void> {
  await box(page).input.evaluate((input, names) => {
    input.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true }));
    for (const key of names) {
      input.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, isComposing: true, keyCode: 229 }));
    }
  }, keys);
}

describe.skipIf(!BROWSER_RUNS).concurrent('the search box and input methods', () => {
  it('searches the committed text of a composition, never its letters', async ({ api, open, expect }) => {
    const page = await open(api.page());
    await box(page).input.focus();
    const cdp = await page.context().newCDPSession(page);
    for (const letters of ['h', 'he', 'hes', 'hesuan']) {
      await cdp.send('Input.imeSetComposition', { text: letters, selectionStart: letters.length, selectionEnd: letters.length });
    }
    await cdp.send('Input.insertText', { text: '核酸' });
    await waitForHits(page, '核酸', 10);
    expect((await fetchCalls(page)).map((call) => call.q)).toEqual(['核酸']);
    expect(api.searches().map((request) => request.q)).toEqual(['核酸']);
  });

  it('leaves ↑/↓, Enter and Esc to the input method while it composes', async ({ api, open, expect }) => {
    const page = await open(api.page());
    const { input, panel } = box(page);
    await input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await input.press('ArrowDown');
    const active = await input.getAttribute('aria-activedescendant');
    await trapNavigations(page);
    await keysDuringComposition(page, ['ArrowDown', 'ArrowUp', 'Enter', 'Escape']);
    await nextFrames(page);
    expect(await input.getAttribute('aria-activedescendant')).toBe(active);
    expect(await input.inputValue()).toBe('核酸');
    expect(await panel.isVisible()).toBe(true);
    expect(await navigationsTried(page)).toEqual([]);
  });

  it("ignores the IME's Enter that follows compositionend (Safari's order)", async ({ api, open, expect }) => {
    const page = await open(api.page());
    const { input } = box(page);
    await input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await input.press('ArrowDown');
    await trapNavigations(page);
    await input.evaluate((element) => {
      element.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true }));
      element.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true }));
      element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, keyCode: 229 }));
    });
    expect(await navigationsTried(page)).toEqual([]);
  });

  it('neither clears the text nor closes the dialog on Esc during a composition', async ({ api, open, expect }) => {
    const page = await open(api.page({ mode: 'modal' }));
    const { launcher, input, dialog } = box(page);
    const isOpen = (): Promise<boolean> => dialog.evaluate((element) => (element as HTMLDialogElement).open);
    await launcher.click();
    await input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await keysDuringComposition(page, ['Escape']);
    expect(await input.inputValue()).toBe('核酸');
    await input.evaluate((element) => element.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true })));
    await page.keyboard.press('Escape');
    await until('the text after Esc', () => input.inputValue(), '');
    // An empty box: outside a composition this Esc would close the dialog.
    await keysDuringComposition(page, ['Escape']);
    await nextFrames(page);
    expect(await isOpen()).toBe(true);
  });
});
