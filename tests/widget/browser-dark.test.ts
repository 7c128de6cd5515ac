/**
 * Dark mode in chromium (prefers-color-scheme: dark emulated): the box switches to its dark colours,
 * and every state a user can reach has no serious or critical axe-core violations (contrast above all),
 * on a desktop and on a 360 px phone.
 */
/// <reference lib="dom" />
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { BROWSER_RUNS, WAIT_MS, box, boxTest as it, until, waitForHits } from '../helpers/box-page.js';
import type { FakeSearchApi, TestPageOptions } from '../helpers/fake-search-api.js';

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
}

async function showResults(page: Page, query = '核酸'): Promise<void> {
  await box(page).input.fill(query);
  await waitForHits(page, query, 10);
  await box(page).chips.first().waitFor({ timeout: WAIT_MS });
}

interface State {
  name: string;
  page?: TestPageOptions;
  width?: number;
  reach(page: Page, api: FakeSearchApi): Promise<void>;
}

const STATES: State[] = [
  {
    name: 'results with chips and an active result',
    async reach(page) {
      await showResults(page);
      await box(page).input.press('ArrowDown');
      await box(page).input.press('ArrowDown');
    },
  },
  {
    name: 'a focused chip on a 360 px phone',
    width: 360,
    async reach(page) {
      await showResults(page);
      await box(page).input.press('Tab');
    },
  },
  {
    name: 'recent searches',
    async reach(page) {
      await showResults(page);
      await box(page).input.press('Enter');
      await box(page).input.press('Escape');
      await box(page).recents.first().waitFor({ timeout: WAIT_MS });
    },
  },
  {
    name: 'the empty state',
    async reach(page, api) {
      api.respond('无', { total: 0 });
      await box(page).input.fill('无');
      await box(page).status.locator('.zhs-status-text').waitFor({ timeout: WAIT_MS });
    },
  },
  {
    name: 'the error state with its retry button',
    async reach(page, api) {
      api.respond('坏', { fail: { times: 1, kind: 'unavailable' } });
      await box(page).input.fill('坏');
      await box(page).retry.waitFor({ timeout: WAIT_MS });
    },
  },
  {
    name: 'loading over old results',
    async reach(page, api) {
      await showResults(page);
      api.hold('慢');
      await box(page).input.fill('慢');
      await until('aria-busy', () => box(page).listbox.getAttribute('aria-busy'), 'true');
    },
  },
  {
    name: 'the modal dialog with results on a 360 px phone',
    page: { mode: 'modal' },
    width: 360,
    async reach(page) {
      await box(page).launcher.click();
      await showResults(page);
      await box(page).input.press('ArrowDown');
    },
  },
  {
    name: 'page mode with results',
    page: { mode: 'page', lang: 'en' },
    async reach(page) {
      await showResults(page);
    },
  },
];

describe.skipIf(!BROWSER_RUNS).concurrent('the search box in dark mode', () => {
  it('uses the dark colours when the system prefers a dark scheme', async ({ api, open, expect }) => {
    const page = await open(api.page(), { colorScheme: 'dark' });
    await showResults(page);
    const colours = await page.evaluate(() => ({
      panel: getComputedStyle(document.querySelector('.zhs-panel')!).backgroundColor,
      input: getComputedStyle(document.querySelector('.zhs-input')!).color,
      mark: getComputedStyle(document.querySelector('.zhs-mark')!).backgroundColor,
    }));
    expect(colours).toEqual({ panel: 'rgb(22, 27, 34)', input: 'rgb(230, 237, 243)', mark: 'rgb(227, 179, 65)' });
  });

  it.for(STATES.map((state) => [state.name, state] as const))('has no serious or critical axe-core violations in dark mode: %s', async ([, state], { api, open, expect }) => {
    // No CSP here: axe-core itself applies inline styles, which the strict CSP would report.
    const page = await open(api.page({ ...state.page, csp: false }), { colorScheme: 'dark', width: state.width ?? 1280 });
    await state.reach(page, api);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
