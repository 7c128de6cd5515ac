/**
 * Modal mode in chromium against the fake search API: the launcher and the shortcuts open a modal
 * <dialog> with focus in the input; Esc first clears, then closes; every way of closing returns focus
 * to where it was; the page behind stays out of reach while the dialog is open.
 */
/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { BROWSER_RUNS, WAIT_MS, box, boxTest as it, expectFocus, until, waitForHits } from '../helpers/box-page.js';

const isOpen = (page: Page): Promise<boolean> => box(page).dialog.evaluate((dialog) => (dialog as HTMLDialogElement).open);

async function openWithLauncher(page: Page): Promise<void> {
  await box(page).launcher.click();
  await until('the dialog is open', () => isOpen(page), true);
  await expectFocus(page, '.zhs-input');
}

describe.skipIf(!BROWSER_RUNS).concurrent('the search box in modal mode', () => {
  it('shows a launcher button that opens a modal dialog with focus in the input', async ({ api, open, expect }) => {
    const page = await open(api.page({ mode: 'modal' }));
    const { launcher, dialog } = box(page);
    expect(await launcher.getAttribute('aria-haspopup')).toBe('dialog');
    expect(await isOpen(page)).toBe(false);
    await openWithLauncher(page);
    expect(await dialog.evaluate((element) => element.matches(':modal'))).toBe(true);
    expect(await dialog.getAttribute('aria-label')).toBe('搜索');
  });

  it('searches inside the dialog as the user types', async ({ api, open, expect }) => {
    const page = await open(api.page({ mode: 'modal' }));
    await openWithLauncher(page);
    await page.keyboard.insertText('核酸');
    await waitForHits(page, '核酸', 10);
    expect(await box(page).heading.textContent()).toBe('25 条结果');
  });

  it('clears the text with the first Esc and keeps the dialog open, closes it with the second and refocuses the launcher', async ({ api, open, expect }) => {
    const page = await open(api.page({ mode: 'modal' }));
    await openWithLauncher(page);
    await page.keyboard.insertText('核酸');
    await waitForHits(page, '核酸', 10);
    await page.keyboard.press('Escape');
    expect(await box(page).input.inputValue()).toBe('');
    expect(await isOpen(page)).toBe(true);
    await expectFocus(page, '.zhs-input');
    await page.keyboard.press('Escape');
    await expect.poll(() => isOpen(page), { timeout: WAIT_MS }).toBe(false);
    await expectFocus(page, '.zhs-launcher');
  });

  it('closes with the close button and refocuses the launcher', async ({ api, open, expect }) => {
    const page = await open(api.page({ mode: 'modal' }));
    await openWithLauncher(page);
    await page.keyboard.insertText('核酸');
    await waitForHits(page, '核酸', 10);
    await page.getByRole('button', { name: '关闭' }).click();
    await expect.poll(() => isOpen(page), { timeout: WAIT_MS }).toBe(false);
    await expectFocus(page, '.zhs-launcher');
  });

  it('closes on a click on the backdrop', async ({ api, open, expect }) => {
    const page = await open(api.page({ mode: 'modal' }));
    await openWithLauncher(page);
    await page.mouse.click(5, 795);
    await expect.poll(() => isOpen(page), { timeout: WAIT_MS }).toBe(false);
    await expectFocus(page, '.zhs-launcher');
  });

  it.for(['/', 'Control+k'])('opens with %s and closing returns focus to the element focused before', async (key, { api, open, expect }) => {
    const page = await open(api.page({ mode: 'modal' }));
    await page.locator('#before').focus();
    await page.keyboard.press(key);
    await expect.poll(() => isOpen(page), { timeout: WAIT_MS }).toBe(true);
    await expectFocus(page, '.zhs-input');
    expect(await box(page).input.inputValue()).toBe('');
    await page.keyboard.press('Escape');
    await expect.poll(() => isOpen(page), { timeout: WAIT_MS }).toBe(false);
    await expectFocus(page, '#before');
  });

  it('keeps Tab inside the dialog and the page behind out of reach', async ({ api, open, expect }) => {
    const page = await open(api.page({ mode: 'modal' }));
    await openWithLauncher(page);
    await page.keyboard.insertText('核酸');
    await waitForHits(page, '核酸', 10);
    const focused: string[] = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      focused.push(await page.evaluate(() => (document.activeElement?.closest('dialog') ? 'dialog' : document.activeElement?.tagName ?? '')));
    }
    // Past the last control focus may rest on the browser's own UI (BODY) before it comes back.
    expect(focused[0]).toBe('dialog');
    expect(focused.filter((where) => where !== 'dialog' && where !== 'BODY')).toEqual([]);
    const focusedBehind = await page.evaluate(() => {
      (document.querySelector('#before') as HTMLElement).focus();
      return document.activeElement?.id;
    });
    expect(focusedBehind).not.toBe('before');
    expect(await isOpen(page)).toBe(true);
  });

  it('shows recent searches when opened again', async ({ api, open, expect }) => {
    const page = await open(api.page({ mode: 'modal' }));
    await openWithLauncher(page);
    await page.keyboard.insertText('核酸');
    await page.keyboard.press('Enter');
    await waitForHits(page, '核酸', 10);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expect.poll(() => isOpen(page), { timeout: WAIT_MS }).toBe(false);
    await openWithLauncher(page);
    await expect.poll(() => box(page).recentTexts.allTextContents(), { timeout: WAIT_MS }).toEqual(['核酸']);
  });
});
