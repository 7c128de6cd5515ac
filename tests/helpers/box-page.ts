/**
 * The browser side of the box's real-browser tests: `boxTest` (one chromium per file; per test a fake
 * search API and fresh contexts, closed after it), the box's parts as locators, and waits that are all
 * bounded by WAIT_MS. What tests read from inside the page is in page-probes.ts.
 */
/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { test } from 'vitest';
import { browserAvailable, launchBrowser } from './chromium.js';
import { startFakeSearchApi } from './fake-search-api.js';
import { recordFetches } from './page-probes.js';
import { loadWidgetBundle } from './widget-bundle.js';

/** Whether chromium is here (in CI it must be). */
export const BROWSER_RUNS = browserAvailable();
/** The bound on every wait for the box to react. */
export const WAIT_MS = 10_000;
/** A result option (recent searches are options of another kind; chips are not options). */
export const HIT = '[role="option"][data-zhs-kind="hit"]';
export const RECENT = '[role="option"][data-zhs-kind="recent"]';

export interface OpenOptions {
  colorScheme?: 'light' | 'dark';
  width?: number;
  height?: number;
}

/** Opens `url` in a page of a new context (zh-CN locale, Asia/Shanghai, reduced motion) and waits for the box. */
export type OpenPage = (url: string, options?: OpenOptions) => Promise<Page>;

const DEFAULT_VIEWPORT_AND_SCHEME = { viewport: { width: 1280, height: 800 }, colorScheme: 'light' } as const;

/** Pages in fresh contexts, each made while the previous one is in use, so tests rarely wait for a renderer to start. */
function createSpares(browser: Browser): { take(): Promise<Page>; dispose(): Promise<void> } {
  const make = async (): Promise<Page> => {
    const context = await browser.newContext({ ...DEFAULT_VIEWPORT_AND_SCHEME, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', reducedMotion: 'reduce' });
    await context.addInitScript(recordFetches);
    return context.newPage();
  };
  let spare: Promise<Page> | null = null;
  const refill = (): void => {
    spare = make();
    // A spare nobody takes must not be an unhandled rejection; whoever takes it sees the error.
    spare.catch(() => undefined);
  };
  return {
    take() {
      const next = spare ?? make();
      refill();
      return next;
    },
    async dispose() {
      const left = await spare?.catch(() => null);
      await left?.context().close();
    },
  };
}

function openerFor(take: () => Promise<Page>, contexts: BrowserContext[], problems: string[]): OpenPage {
  return async (url, options = {}) => {
    const page = await take();
    contexts.push(page.context());
    // Every Playwright action and wait in the test is then bounded too.
    page.setDefaultTimeout(WAIT_MS);
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      // Failed requests (the tests' 503s and dropped connections) are logged by chromium itself.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
    });
    const { viewport, colorScheme } = DEFAULT_VIEWPORT_AND_SCHEME;
    if (options.width !== undefined || options.height !== undefined) {
      await page.setViewportSize({ width: options.width ?? viewport.width, height: options.height ?? viewport.height });
    }
    if (options.colorScheme !== undefined && options.colorScheme !== colorScheme) await page.emulateMedia({ colorScheme: options.colorScheme });
    await page.goto(url);
    await page.waitForSelector('[data-zhs-mounted]', { state: 'attached', timeout: WAIT_MS });
    return page;
  };
}

/**
 * `it` for the box's browser tests, safe in concurrent suites: one chromium per file; per test its
 * own fake search API (`api`) and `open`, whose contexts are closed after the test — which then
 * fails if any page logged a console error or threw.
 */
export const boxTest = test
  .extend('browser', { scope: 'file' }, async ({}, { onCleanup }) => {
    const browser = await launchBrowser();
    onCleanup(() => browser.close());
    return browser;
  })
  .extend('spares', { scope: 'file' }, async ({ browser }, { onCleanup }) => {
    const spares = createSpares(browser);
    onCleanup(() => spares.dispose());
    return spares;
  })
  .extend('widget', { scope: 'file' }, async () => loadWidgetBundle())
  .extend('api', async ({ widget }, { onCleanup }) => {
    const api = await startFakeSearchApi(widget);
    onCleanup(() => api.close());
    return api;
  })
  .extend('open', async ({ spares }, { onCleanup }) => {
    const contexts: BrowserContext[] = [];
    const problems: string[] = [];
    onCleanup(async () => {
      await Promise.all(contexts.map((context) => context.close()));
      if (problems.length > 0) throw new Error(`console errors or uncaught exceptions in the page:\n${problems.join('\n')}`);
    });
    return openerFor(() => spares.take(), contexts, problems);
  });

/** The first box's parts. Classes are the box's documented styling hooks; roles where there is one. */
export function box(page: Page) {
  return {
    input: page.getByRole('combobox'),
    hits: page.locator(HIT),
    titles: page.locator(`${HIT} .zhs-hit-title`),
    recents: page.locator(RECENT),
    recentTexts: page.locator(`${RECENT} .zhs-recent-text`),
    chips: page.locator('.zhs-chip'),
    listbox: page.getByRole('listbox'),
    more: page.locator('.zhs-more'),
    status: page.locator('.zhs-status'),
    retry: page.locator('.zhs-retry'),
    live: page.locator('.zhs-live'),
    heading: page.locator('.zhs-heading-text'),
    panel: page.locator('.zhs-panel'),
    clearRecent: page.locator('.zhs-clear-recent'),
    launcher: page.locator('.zhs-launcher'),
    dialog: page.locator('dialog.zhs-dialog'),
    closeButton: page.locator('.zhs-close'),
  };
}

/** Waits until exactly `count` results show, every title starting with `query`. */
export async function waitForHits(page: Page, query: string, count: number): Promise<void> {
  await page.waitForFunction(
    ({ selector, query: q, count: n }) => {
      const titles = Array.from(document.querySelectorAll(selector), (title) => title.textContent ?? '');
      return titles.length === n && titles.every((title) => title.startsWith(q));
    },
    { selector: `${HIT} .zhs-hit-title`, query, count },
    { timeout: WAIT_MS },
  );
}

/**
 * Polls `read` until it returns `expected` (compared as JSON), for at most WAIT_MS; then fails with the
 * last value. Usable outside a test body (expect.poll needs the running test's own `expect` when
 * tests run concurrently).
 */
export async function until<T>(what: string, read: () => T | Promise<T>, expected: T): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await read();
    if (JSON.stringify(value) === JSON.stringify(expected)) return;
    if (Date.now() > deadline) {
      throw new Error(`${what}: expected ${JSON.stringify(expected)}, still ${JSON.stringify(value)} after ${WAIT_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until the focused element matches `selector`. */
export async function expectFocus(page: Page, selector: string): Promise<void> {
  const focused = (): Promise<string> =>
    page.evaluate((s) => (document.activeElement?.matches(s) ? s : (document.activeElement?.outerHTML.slice(0, 60) ?? 'nothing')), selector);
  await until('the focused element', focused, selector);
}

/** Waits until the live region (polite status) says `text` (ignoring the repeat-marking no-break space). */
export async function expectAnnounced(page: Page, text: string): Promise<void> {
  await until('the live region', async () => (await box(page).live.textContent())?.replace(/\u00a0$/, ''), text);
}

/** Resolves once the page has run its queued tasks and drawn two frames. */
export async function nextFrames(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}
