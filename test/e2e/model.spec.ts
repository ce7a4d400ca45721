import type { Page } from '@playwright/test';
import { clickInTurn, events, expect, recordEvents, test } from './fixtures';

type Recorded = Array<Record<string, unknown>>;
const recorded = (page: Page) => page.evaluate(() => (window as unknown as { __events: Recorded }).__events);
const ready = (page: Page) => page.waitForFunction(() => (window as any).__events?.some((e: any) => e.type === 'ready'));
const track = (page: Page, name: string) => page.evaluate((n) => (window as any).segletInstance.track(n, { sku: 'A' }), name);

async function becomeShopper(page: Page) {
  await track(page, 'add_to_cart');
  await page.waitForTimeout(60);
  await track(page, 'add_to_cart');
  await expect(page.locator('#for-shoppers')).toBeVisible();
}

test('a visitor is assigned a cluster from the served model: a segment, e.cluster, class and content', async ({ page, server }) => {
  await page.goto(`${server.url}/t/cluster.html`);
  await ready(page);
  await becomeShopper(page);
  await expect(page.locator('html')).toHaveClass(/seglet-shopper/);
  const change = (await recorded(page)).find((e) => e.type === 'change' && (e.entered as string[]).includes('shopper'));
  expect(change).toMatchObject({ cluster: 'shopper' });
  const segments = await page.evaluate(() => (window as any).segletInstance.segments());
  expect(segments).toContainEqual(expect.objectContaining({ id: 'shopper', source: 'cluster' }));
  // The model's rule on the cluster works too.
  await page.waitForTimeout(60);
  await track(page, 'add_to_cart');
  await expect.poll(async () => (await recorded(page)).filter((e) => e.type === 'enter').map((e) => e.segment)).toContain('shopper-vip');
});

test('after a reload with the model unreachable, the cached model is still in force', async ({ page, server }) => {
  await page.goto(`${server.url}/t/cluster.html`);
  await ready(page);
  await becomeShopper(page);
  await page.evaluate(() => (window as any).segletInstance.flush());
  // The worker fetches the model, out of reach of Playwright's routes: the page names an unreachable URL
  // instead (nothing listens on port 9).
  await page.goto(`${server.url}/t/cluster.html?model=http://127.0.0.1:9/model.json`);
  await ready(page);
  await expect.poll(async () => (await recorded(page)).filter((e) => e.type === 'error').map((e) => e.code)).toContain('model_unavailable');
  await expect(page.locator('#for-shoppers')).toBeVisible();
  // Still assigned by the cached model: a third cart add enters the model's own rule.
  await page.waitForTimeout(60);
  await track(page, 'add_to_cart');
  await expect.poll(async () => (await recorded(page)).filter((e) => e.type === 'enter').map((e) => e.segment)).toContain('shopper-vip');
});

test('a malformed model update is reported and the last good model stays', async ({ page, server }) => {
  await page.goto(`${server.url}/t/cluster.html`);
  await ready(page);
  await becomeShopper(page); // the served model is in force
  await page.evaluate(() => (window as any).segletInstance.flush());
  // The worker fetches the model, out of reach of Playwright's routes: the page names a broken one instead.
  await page.goto(`${server.url}/t/cluster.html?model=/t/broken-model.json`);
  await ready(page);
  await expect.poll(async () => (await recorded(page)).filter((e) => e.type === 'error').map((e) => e.code)).toContain('model_invalid');
  // The model's own rule still works after the broken update.
  await page.waitForTimeout(60);
  await track(page, 'add_to_cart');
  await expect.poll(async () => (await recorded(page)).filter((e) => e.type === 'enter').map((e) => e.segment)).toContain('shopper-vip');
});

test('a rules-only model written with empty arrays is accepted from a script tag, and its rules run', async ({ page, server }) => {
  await recordEvents(page);
  await page.goto(`${server.url}/t/rules-only.html`);
  await expect.poll(async () => (await events(page)).some((e) => e.type === 'ready')).toBe(true);
  // The model arrives after `ready` when nothing is cached: its rule is known once explain() says so.
  await expect.poll(() => page.evaluate(async () => (await (window as any).seglet.explain('reader')).known)).toBe(true);
  await clickInTurn(page, [page.locator('#read'), page.locator('#read')]);
  await expect(page.locator('#reader-content')).toBeVisible();
  const recorded = await events(page);
  expect(recorded.filter((e) => e.type === 'enter').map((e) => e.segment)).toEqual(['reader']);
  expect(recorded.filter((e) => e.type === 'error')).toEqual([]);
  expect(await page.evaluate(() => (window as any).seglet.segments())).toEqual([expect.objectContaining({ id: 'reader', source: 'rule' })]);
});
