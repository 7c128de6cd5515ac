/**
 * What the browser tests read from inside the page, made deterministic: the box's fetch() calls with
 * their AbortSignals (recorded before any page script runs), navigations the page tries (recorded and
 * cancelled), and typing several characters within one task so no timer can fire in between.
 */
/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';

/** One page fetch() call of the box, as the page saw it. */
export interface FetchCall {
  path: string;
  q: string | null;
  offset: string | null;
  /** The AbortSignal passed to fetch had been aborted by the time of asking. */
  aborted: boolean;
}

type FetchLog = Array<{ url: string; signal: AbortSignal | null }>;

/** For context.addInitScript: keeps every fetch() call of the page with its signal. */
export function recordFetches(): void {
  const log: FetchLog = [];
  (window as unknown as { __zhsFetches: FetchLog }).__zhsFetches = log;
  const original = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    log.push({ url: input instanceof Request ? input.url : String(input), signal: init?.signal ?? null });
    return original(input, init);
  };
}

/** The box's fetch() calls so far (the page's own record, made before any script ran). */
export async function fetchCalls(page: Page, path: '/api/search' | '/api/suggest' = '/api/search'): Promise<FetchCall[]> {
  const calls = await page.evaluate(() =>
    (window as unknown as { __zhsFetches: FetchLog }).__zhsFetches.map(({ url, signal }) => {
      const parsed = new URL(url, location.href);
      return {
        path: parsed.pathname,
        q: parsed.searchParams.get('q'),
        offset: parsed.searchParams.get('offset'),
        aborted: signal?.aborted ?? false,
      };
    }),
  );
  return calls.filter((call) => call.path === path);
}

type NavigationLog = { __zhsNavigations: string[] };

/**
 * From now on, records and cancels every navigation the page starts (the Navigation API's `navigate`
 * event fires synchronously in location.assign), so "Enter opened nothing" needs no waiting.
 */
export async function trapNavigations(page: Page): Promise<void> {
  await page.evaluate(() => {
    const tried: string[] = [];
    (window as unknown as NavigationLog).__zhsNavigations = tried;
    const navigation = (window as unknown as { navigation: EventTarget }).navigation;
    navigation.addEventListener('navigate', (event) => {
      tried.push((event as Event & { destination: { url: string } }).destination.url);
      if (event.cancelable) event.preventDefault();
    });
  });
}

/** The URLs the page tried to navigate to since trapNavigations(page). */
export function navigationsTried(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as NavigationLog).__zhsNavigations);
}

/** Types `text` into the box one character at a time within one task: no timer can fire in between. */
export async function typeInOneTask(input: Locator, text: string): Promise<void> {
  await input.evaluate((element, characters) => {
    const field = element as HTMLInputElement;
    field.focus();
    for (const character of characters) {
      field.value += character;
      field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: character }));
    }
  }, Array.from(text));
}
