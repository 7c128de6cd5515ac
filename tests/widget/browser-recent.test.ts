/**
 * Recent searches in chromium against the fake search API: which queries are remembered (committed
 * ones, not every keystroke), how they show when the empty box gets focus, and picking or clearing
 * them. localStorage belongs to the browser context, so each test starts with none.
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
  expectFocus,
  nextFrames,
  waitForHits,
} from '../helpers/box-page.js';

/** Searches `query` with Enter (a committed query) and waits for its results. */
async function commit(page: Page, query: string): Promise<void> {
  const { input } = box(page);
  await input.fill(query);
  await input.press('Enter');
  await waitForHits(page, query, 10);
}

/** Loads the page again and focuses the empty box. */
async function reloadAndFocus(page: Page): Promise<void> {
  await page.reload();
  await page.waitForSelector('[data-zhs-mounted]', { state: 'attached', timeout: WAIT_MS });
  await box(page).input.click();
}

describe.skipIf(!BROWSER_RUNS).concurrent('the search box recent searches', () => {
  it('remembers a query committed with Enter and lists it under a heading when the empty box gets focus', async ({ api, open, expect }) => {
    const page = await open(api.page());
    await commit(page, '核酸');
    await reloadAndFocus(page);
    const { recentTexts, heading, listbox, input } = box(page);
    await expect.poll(() => recentTexts.allTextContents(), { timeout: WAIT_MS }).toEqual(['核酸']);
    expect(await heading.textContent()).toBe('最近搜索');
    expect(await listbox.getAttribute('aria-label')).toBe('最近搜索');
    expect(await input.getAttribute('aria-expanded')).toBe('true');
  });

  it('does not remember a query that was only typed', async ({ api, open, expect }) => {
    const page = await open(api.page());
    await box(page).input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await reloadAndFocus(page);
    await nextFrames(page);
    expect(await box(page).recents.count()).toBe(0);
    expect(await box(page).panel.isHidden()).toBe(true);
  });

  it('lists recent searches newest first, each once', async ({ api, open, expect }) => {
    const page = await open(api.page());
    for (const query of ['核酸', '疫情', '核酸', '北京']) await commit(page, query);
    await reloadAndFocus(page);
    await expect.poll(() => box(page).recentTexts.allTextContents(), { timeout: WAIT_MS }).toEqual(['北京', '核酸', '疫情']);
  });

  it('remembers the query of a result opened with Enter', async ({ api, open, expect }) => {
    const page = await open(api.page());
    const { input } = box(page);
    await input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await input.press('ArrowDown');
    await Promise.all([page.waitForURL(/\/posts\/post-0/, { timeout: WAIT_MS }), input.press('Enter')]);
    await page.goto(api.page());
    await box(page).input.click();
    await expect.poll(() => box(page).recentTexts.allTextContents(), { timeout: WAIT_MS }).toEqual(['核酸']);
  });

  it('remembers the query of a result opened with a click', async ({ api, open, expect }) => {
    const page = await open(api.page());
    await box(page).input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await Promise.all([page.waitForURL(/\/posts\/post-2/, { timeout: WAIT_MS }), page.locator(HIT).nth(2).click()]);
    await page.goto(api.page());
    await box(page).input.click();
    await expect.poll(() => box(page).recentTexts.allTextContents(), { timeout: WAIT_MS }).toEqual(['核酸']);
  });

  it('remembers a picked suggestion chip', async ({ api, open, expect }) => {
    const page = await open(api.page());
    const { input, chips } = box(page);
    await input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await chips.first().click();
    await waitForHits(page, '核酸检测', 10);
    await reloadAndFocus(page);
    await expect.poll(() => box(page).recentTexts.allTextContents(), { timeout: WAIT_MS }).toEqual(['核酸检测']);
  });

  it('searches a recent search picked with a click', async ({ api, open, expect }) => {
    const page = await open(api.page());
    await commit(page, '核酸');
    await commit(page, '疫情');
    await reloadAndFocus(page);
    await box(page).recents.nth(1).click();
    await waitForHits(page, '核酸', 10);
    expect(await box(page).input.inputValue()).toBe('核酸');
    await expectFocus(page, '.zhs-input');
  });

  it('searches a recent search picked with ↓ and Enter', async ({ api, open, expect }) => {
    const page = await open(api.page());
    await commit(page, '核酸');
    await commit(page, '疫情');
    await reloadAndFocus(page);
    const { input, recents } = box(page);
    await recents.first().waitFor({ timeout: WAIT_MS });
    await input.press('ArrowDown');
    await input.press('ArrowDown');
    expect(await input.getAttribute('aria-activedescendant')).toBe(await recents.nth(1).getAttribute('id'));
    await input.press('Enter');
    await waitForHits(page, '核酸', 10);
    expect(await input.inputValue()).toBe('核酸');
    expect(await page.locator(HIT).first().getAttribute('aria-selected')).toBe('false');
  });

  it('forgets every recent search with the clear button, also after a reload', async ({ api, open, expect }) => {
    const page = await open(api.page());
    await commit(page, '核酸');
    await reloadAndFocus(page);
    const { clearRecent, panel } = box(page);
    await clearRecent.click();
    await expect.poll(() => panel.isHidden(), { timeout: WAIT_MS }).toBe(true);
    await expectFocus(page, '.zhs-input');
    await reloadAndFocus(page);
    await nextFrames(page);
    expect(await box(page).recents.count()).toBe(0);
  });

  it('hides the recent searches once the user types', async ({ api, open, expect }) => {
    const page = await open(api.page());
    await commit(page, '核酸');
    await reloadAndFocus(page);
    await box(page).recents.first().waitFor({ timeout: WAIT_MS });
    await box(page).input.fill('疫情');
    await waitForHits(page, '疫情', 10);
    expect(await box(page).recents.count()).toBe(0);
    expect(await box(page).heading.textContent()).toBe('25 条结果');
  });
});
