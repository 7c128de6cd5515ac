/**
 * The search box in a real browser (Debian chromium via playwright-core) against the service
 * over the sample posts: typing, the URL, IME composition through the DevTools protocol, the
 * keyboard, accessibility (axe-core), suggestions, and screenshots for a person to look at.
 */
/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, serveSample, type ServedSample } from '../helpers/browser.js';

const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));
const runs = browserAvailable();
let browser: Browser;
let served: ServedSample;

beforeAll(async () => {
  if (!runs) return;
  served = await serveSample();
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

async function openPage(url: string, width = 1280): Promise<{ page: Page; requests: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(decodeURIComponent(request.url())));
  await page.goto(served.baseUrl + url);
  return { page, requests };
}

/** The box's input: the WAI-ARIA combobox. */
function searchInput(page: Page) {
  return page.getByRole('combobox').first();
}

/** A result option (suggestion chips and recent searches are not options of this kind). */
const HIT = '[role="option"][data-zhs-kind="hit"]';

async function waitForResults(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    ({ selector, n }) => document.querySelectorAll(selector).length === n,
    { selector: HIT, n: count },
    { timeout: 10_000 },
  );
}

describe.skipIf(!runs)('the search box in chromium', () => {
  it('shows 5 results with marks for 核酸检测 on /, keeps the query in the URL, and keeps it on reload', async () => {
    const { page } = await openPage('/');
    await searchInput(page).fill('核酸检测');
    await waitForResults(page, 5);
    const marks = await page.$$eval(HIT, (options) => options.map((o) => o.querySelectorAll('mark').length));
    expect(marks.every((n) => n > 0)).toBe(true);
    await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === '核酸检测', undefined, { timeout: 5000 });
    await page.reload();
    await waitForResults(page, 5);
    expect(await searchInput(page).inputValue()).toBe('核酸检测');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'search-1280.png'), fullPage: true });
    await page.context().close();
  });

  it('lays out on a 360 px phone (screenshot for a person to look at)', async () => {
    const { page } = await openPage(`/?q=${encodeURIComponent('核酸检测')}`, 360);
    await waitForResults(page, 5);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'search-360.png'), fullPage: true });
    await page.context().close();
  });

  it('ignores keys during an IME composition: no request for the pinyin letters, no navigation on Enter', async () => {
    const { page, requests } = await openPage('/');
    const input = searchInput(page);
    await input.focus();
    const cdp = await page.context().newCDPSession(page);
    const startUrl = page.url();
    await cdp.send('Input.imeSetComposition', { text: 'hesuan', selectionStart: 6, selectionEnd: 6 });
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowDown');
    // (Esc is not pressed here: Chromium itself cancels a composition on Esc.)
    await page.waitForTimeout(400);
    expect(page.url()).toBe(startUrl);
    expect(requests.filter((url) => url.includes('q=hesuan'))).toEqual([]);
    await cdp.send('Input.insertText', { text: '核酸检测' });
    await waitForResults(page, 5);
    expect(requests.filter((url) => url.includes('q=hesuan'))).toEqual([]);
    await page.context().close();
  });

  it('opens the second result with ↓ ↓ Enter', async () => {
    const { page } = await openPage('/');
    await searchInput(page).fill('核酸检测');
    await waitForResults(page, 5);
    const second = await page.$$eval(HIT, (options) => (options[1] as HTMLAnchorElement).href);
    await searchInput(page).press('ArrowDown');
    await searchInput(page).press('ArrowDown');
    const active = await searchInput(page).getAttribute('aria-activedescendant');
    expect(active).toBeTruthy();
    await Promise.all([page.waitForURL(second, { timeout: 10_000 }), searchInput(page).press('Enter')]);
    expect(page.url()).toBe(second);
    await page.context().close();
  });

  it('closes with Esc and focuses the box with Ctrl+K from anywhere on the page', async () => {
    const { page } = await openPage('/embed-example.html');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+k');
    const input = searchInput(page);
    await expect.poll(() => input.evaluate((el) => el === document.activeElement), { timeout: 5000 }).toBe(true);
    await input.fill('核酸检测');
    await waitForResults(page, 5);
    await input.press('Escape');
    await input.press('Escape');
    await expect.poll(async () => page.getByRole('dialog').isVisible().catch(() => false), { timeout: 5000 }).toBe(false);
    await page.context().close();
  });

  it('suggests 核酸检测 for the pinyin initials hsjc', async () => {
    const { page } = await openPage('/');
    await searchInput(page).fill('hsjc');
    await page.waitForFunction(() => document.body.innerText.includes('核酸检测'), undefined, { timeout: 10_000 });
    await page.context().close();
  });

  it.each(['/', '/embed-example.html'])('has no serious or critical axe-core violations on %s', async (url) => {
    const { page } = await openPage(url === '/' ? `/?q=${encodeURIComponent('核酸检测')}` : url);
    if (url === '/') await waitForResults(page, 5);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
    await page.context().close();
  });
});
