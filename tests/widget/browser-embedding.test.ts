/**
 * Embedding the box in a page of another site, in chromium: the two-line embed under a strict CSP,
 * the stylesheet it adds, the Zhsearch.mount API (several boxes, search, focus, destroy) and the
 * layout on a 360 px phone.
 */
/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import {
  BROWSER_RUNS,
  WAIT_MS,
  box,
  boxTest as it,
  expectFocus,
  nextFrames,
  waitForHits,
} from '../helpers/box-page.js';

interface Handle {
  search(query: string): void;
  focus(): void;
  destroy(): void;
}
type Global = { Zhsearch: { mount(element: HTMLElement, options?: Record<string, unknown>): Handle } };

/** Mounts a second box on a new element holding `<p>fallback</p>`; returns nothing (the handle stays in the page). */
async function mountSecondBox(page: Page, endpoint: string): Promise<void> {
  await page.evaluate((endpointUrl) => {
    const element = document.createElement('div');
    element.id = 'second';
    element.innerHTML = '<p>fallback</p>';
    document.querySelector('main')!.append(element);
    const handle = (window as unknown as Global).Zhsearch.mount(element, { endpoint: endpointUrl, lang: 'en' });
    (window as unknown as { second: Handle }).second = handle;
  }, endpoint);
}

describe.skipIf(!BROWSER_RUNS).concurrent('the search box embedded in another site', () => {
  it('works from another origin under a strict CSP, blocking nothing', async ({ api, open, expect }) => {
    const page = await open(api.page());
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused/i.test(message.text())) refused.push(message.text());
    });
    const { input, more, chips } = box(page);
    await input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    await chips.first().waitFor({ timeout: WAIT_MS });
    await more.click();
    await waitForHits(page, '核酸', 20);
    await input.press('ArrowDown');
    await input.press('Escape');
    await input.press('Escape');
    await nextFrames(page);
    expect(refused).toEqual([]);
  });

  it('adds widget.css once, from the origin widget.js came from', async ({ api, open, expect }) => {
    const page = await open(api.page());
    const links = await page.$$eval('link[rel="stylesheet"]', (elements) => elements.map((link) => (link as HTMLLinkElement).href));
    expect(links.filter((href) => href.endsWith('/widget.css'))).toEqual([`${api.apiOrigin}/widget.css`]);
    await mountSecondBox(page, api.apiOrigin);
    expect(await page.locator(`link[href="${api.apiOrigin}/widget.css"]`).count()).toBe(1);
    const background = await page.locator('.zhs-root').first().evaluate((root) => getComputedStyle(root).getPropertyValue('--zhs-bg').trim());
    expect(background).toBe('#ffffff');
  });

  it('gives each of several boxes its own ids, and the shortcuts go to the first', async ({ api, open, expect }) => {
    const page = await open(api.page());
    await mountSecondBox(page, api.apiOrigin);
    const ids = await page.$$eval('[id^="zhs-"]', (elements) => elements.map((element) => element.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(await page.getByRole('combobox').count()).toBe(2);
    await page.locator('#before').focus();
    await page.keyboard.press('/');
    await expectFocus(page, '#box .zhs-input');
  });

  it('searches data-initial-query as soon as it is mounted', async ({ api, open, expect }) => {
    const page = await open(api.page({ attributes: { 'data-initial-query': '疫情' } }));
    await waitForHits(page, '疫情', 10);
    expect(await box(page).input.inputValue()).toBe('疫情');
  });

  it('searches with handle.search() and focuses with handle.focus()', async ({ api, open, expect }) => {
    const page = await open(api.page());
    await mountSecondBox(page, api.apiOrigin);
    await page.evaluate(() => (window as unknown as { second: Handle }).second.search('疫情'));
    await page.waitForFunction(() => document.querySelectorAll('#second [data-zhs-kind="hit"]').length === 10, undefined, { timeout: WAIT_MS });
    expect(await page.locator('#second .zhs-input').inputValue()).toBe('疫情');
    await page.evaluate(() => (window as unknown as { second: Handle }).second.focus());
    await expectFocus(page, '#second .zhs-input');
  });

  it('puts the element back as it was on destroy() and stops answering the shortcuts', async ({ api, open, expect }) => {
    const page = await open(api.page());
    await mountSecondBox(page, api.apiOrigin);
    const restored = await page.evaluate(() => {
      const global = window as unknown as Global & { second: Handle };
      global.second.destroy();
      const first = document.querySelector<HTMLElement>('#box')!;
      global.Zhsearch.mount(first).destroy();
      return [first, document.querySelector('#second')!].map((element) => ({
        html: element.innerHTML,
        classes: element.className,
        attributes: Array.from(element.attributes, (attribute) => attribute.name).filter((name) => name !== 'class'),
      }));
    });
    expect(restored).toEqual([
      { html: '', classes: 'mount', attributes: ['id', 'data-zhsearch', 'data-mode', 'data-endpoint'] },
      { html: '<p>fallback</p>', classes: '', attributes: ['id'] },
    ]);
    await page.locator('#before').focus();
    await page.keyboard.press('/');
    await nextFrames(page);
    await expectFocus(page, '#before');
  });

  it.for(['inline', 'modal'] as const)('fits a 360 px phone in %s mode without horizontal scrolling', async (mode, { api, open, expect }) => {
    const page = await open(api.page({ mode }), { width: 360, height: 740 });
    if (mode === 'modal') await box(page).launcher.click();
    await box(page).input.fill('核酸');
    await waitForHits(page, '核酸', 10);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const panel = await box(page).panel.boundingBox();
    expect(panel!.x).toBeGreaterThanOrEqual(0);
    expect(panel!.x + panel!.width).toBeLessThanOrEqual(360);
  });
});
