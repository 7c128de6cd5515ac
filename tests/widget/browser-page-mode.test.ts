/**
 * Page mode in chromium against the fake search API: the query lives in the address bar (`?q=`), so
 * a URL with a query searches at once, a reload keeps it, and back/forward restore earlier queries
 * with their results. The results are the page's content: they stay when focus leaves the box.
 */
/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { BROWSER_RUNS, WAIT_MS, box, boxTest as it, nextFrames, until, waitForHits } from '../helpers/box-page.js';

const queryInUrl = (page: Page): string | null => new URL(page.url()).searchParams.get('q');

async function expectQueryInUrl(page: Page, query: string | null): Promise<void> {
  await until('?q= of the page URL', () => queryInUrl(page), query);
}

describe.skipIf(!BROWSER_RUNS).concurrent('the search box in page mode', () => {
  it('writes the query to the address bar as ?q= while the user types', async ({ api, open, expect }) => {
    const page = await open(api.page({ mode: 'page' }));
    await box(page).input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await expectQueryInUrl(page, '核酸');
  });

  it('searches the ?q= of the URL it was opened with', async ({ api, open, expect }) => {
    const page = await open(`${api.page({ mode: 'page' })}?q=${encodeURIComponent('疫情')}`);
    await waitForHits(page, '疫情', 10);
    expect(await box(page).input.inputValue()).toBe('疫情');
  });

  it("prefers the URL's ?q= over data-initial-query", async ({ api, open, expect }) => {
    const url = api.page({ mode: 'page', attributes: { 'data-initial-query': '疫情' } });
    const page = await open(`${url}?q=${encodeURIComponent('核酸')}`);
    await waitForHits(page, '核酸', 10);
    expect(api.searches().map((request) => request.q)).toEqual(['核酸']);
  });

  it('keeps the query and its results on reload', async ({ api, open, expect }) => {
    const page = await open(api.page({ mode: 'page' }));
    await box(page).input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await expectQueryInUrl(page, '核酸');
    await page.reload();
    await waitForHits(page, '核酸', 10);
    expect(await box(page).input.inputValue()).toBe('核酸');
  });

  it('restores the earlier query and its results with back, and the later one with forward', async ({ api, open, expect }) => {
    const page = await open(api.page({ mode: 'page' }));
    const { input } = box(page);
    await input.fill('核酸');
    await input.press('Enter');
    await waitForHits(page, '核酸', 10);
    await input.fill('疫情');
    await waitForHits(page, '疫情', 10);
    await expectQueryInUrl(page, '疫情');
    await page.goBack();
    await expectQueryInUrl(page, '核酸');
    await waitForHits(page, '核酸', 10);
    expect(await input.inputValue()).toBe('核酸');
    await page.goForward();
    await expectQueryInUrl(page, '疫情');
    await waitForHits(page, '疫情', 10);
    expect(await input.inputValue()).toBe('疫情');
  });

  it('empties the box and its results going back to the URL without ?q=', async ({ api, open, expect }) => {
    const page = await open(api.page({ mode: 'page' }));
    const { input, hits } = box(page);
    await input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await expectQueryInUrl(page, '核酸');
    await page.goBack();
    await expectQueryInUrl(page, null);
    await expect.poll(() => input.inputValue(), { timeout: WAIT_MS }).toBe('');
    expect(await hits.count()).toBe(0);
  });

  it('removes ?q= from the URL when the box is cleared, keeping the other parameters', async ({ api, open, expect }) => {
    const page = await open(`${api.page({ mode: 'page' })}?ref=nav#top`);
    const { input } = box(page);
    await input.fill('核酸');
    await expectQueryInUrl(page, '核酸');
    await input.press('Escape');
    await expectQueryInUrl(page, null);
    const url = new URL(page.url());
    expect([url.searchParams.get('ref'), url.hash]).toEqual(['nav', '#top']);
  });

  it('keeps the results on the page when focus moves out of the box', async ({ api, open, expect }) => {
    const page = await open(api.page({ mode: 'page' }));
    const { input, panel } = box(page);
    await input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await page.locator('#before').click();
    await nextFrames(page);
    expect(await panel.isVisible()).toBe(true);
    expect(await box(page).hits.count()).toBe(10);
  });
});
