import type { Page } from '@playwright/test';
import { clickInTurn, expect, test } from './fixtures';

type Recorded = Array<Record<string, unknown>>;
const recorded = (page: Page) => page.evaluate(() => (window as unknown as { __events: Recorded }).__events);
const entered = async (page: Page) => (await recorded(page)).filter((e) => e.type === 'enter').map((e) => e.segment);
const exited = async (page: Page) => (await recorded(page)).filter((e) => e.type === 'exit').map((e) => e.segment);
const ready = (page: Page) => page.waitForFunction(() => (window as any).__events?.some((e: any) => e.type === 'ready'));
const instance = 'window.segletInstance';

/** SPA navigations through the History API: each is a page view, as a router would make them. */
async function navigate(page: Page, paths: string[]) {
  for (const path of paths) await page.evaluate((p) => history.pushState({}, '', p), path);
}

test('high-intent lead: five page views and a form submission within two minutes', async ({ page, server }) => {
  await page.goto(`${server.url}/t/scenarios.html`);
  await ready(page);
  await navigate(page, ['/t/a', '/t/b', '/t/c']);
  await page.locator('#send').click();
  await page.waitForTimeout(100);
  expect(await entered(page)).not.toContain('high-intent-lead'); // 4 page views so far
  await navigate(page, ['/t/d']);
  await expect.poll(() => entered(page)).toContain('high-intent-lead');
  const why = await page.evaluate(`${instance}.explain('high-intent-lead')`);
  expect(why).toMatchObject({
    member: true,
    condition: { condition: 'all', verdict: true, of: [{ value: 5, verdict: true }, { value: 1, verdict: true }] },
  });
});

test('cart abandoner: the deadline fires with no further event', async ({ page, server }) => {
  await page.goto(`${server.url}/t/scenarios.html`);
  await ready(page);
  await page.evaluate(`${instance}.track('add_to_cart', { sku: 'TENT-2P', price: 249 })`);
  await page.waitForTimeout(500);
  expect(await entered(page)).not.toContain('cart-abandoner');
  // Nothing else happens on the page: the worker's own timer fires the deadline.
  await expect.poll(() => entered(page), { timeout: 5000 }).toContain('cart-abandoner');
});

test('cart abandoner: a deadline that passed while the page was closed applies at start-up', async ({ page, server }) => {
  await page.goto(`${server.url}/t/scenarios.html`);
  await ready(page);
  await page.evaluate(`${instance}.track('add_to_cart', { sku: 'PACK-45L', price: 159 })`);
  await page.evaluate(`${instance}.flush()`);
  expect(await page.evaluate(`${instance}.has('cart-abandoner')`)).toBe(false);
  const url = page.url();
  await page.goto('about:blank');
  await page.waitForTimeout(2500);
  await page.goto(url);
  await ready(page);
  await expect.poll(() => entered(page)).toContain('cart-abandoner');
  const segments = (await page.evaluate(`${instance}.segments()`)) as Array<{ id: string }>;
  expect(segments.map((s) => s.id)).toContain('cart-abandoner');
});

test('high engagement: more than three product pages in the session and over a second of it', async ({ page, server }) => {
  await page.goto(`${server.url}/t/scenarios.html`);
  await ready(page);
  await navigate(page, ['/product/tent', '/product/pack', '/product/stove']);
  await page.waitForTimeout(1200);
  await navigate(page, ['/product/stove']); // the same path again: still three distinct
  await page.waitForTimeout(100);
  expect(await entered(page)).not.toContain('high-engagement');
  await navigate(page, ['/product/shell']);
  await expect.poll(() => entered(page)).toContain('high-engagement');
  const features = await page.evaluate(() => (window as any).segletInstance.explain('high-engagement'));
  expect(features.condition.of[0]).toMatchObject({ value: 4, verdict: true });
});

test('a bot (a burst of 15 clicks) leaves every segment, enters none, and explain says why', async ({ page, server }) => {
  await page.goto(`${server.url}/t/scenarios.html`);
  await ready(page);
  await clickInTurn(page, [page.locator('#read')]);
  await expect.poll(() => entered(page)).toContain('reader');
  for (let i = 0; i < 15; i++) await page.locator('#spam').click();
  await expect.poll(() => exited(page)).toContain('reader');
  await page.waitForTimeout(100);
  await clickInTurn(page, [page.locator('#read'), page.locator('#read')]);
  await page.waitForTimeout(200);
  expect(await page.evaluate(`${instance}.has('reader')`)).toBe(false);
  expect(await page.evaluate(`${instance}.explain('reader')`)).toMatchObject({ bot: true, member: false });
});

test('navigator.webdriver flags an automated browser when bot.webdriver is on', async ({ page, server }) => {
  await page.goto(`${server.url}/t/scenarios.html?webdriver`);
  await ready(page);
  await clickInTurn(page, [page.locator('#read')]);
  await page.waitForTimeout(300);
  expect(await entered(page)).toEqual([]);
  expect(await page.evaluate(`${instance}.explain('reader')`)).toMatchObject({ bot: true, member: false });
});
