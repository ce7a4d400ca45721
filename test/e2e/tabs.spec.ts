import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';

type Recorded = Array<Record<string, unknown>>;
const recorded = (page: Page) => page.evaluate(() => (window as unknown as { __events: Recorded }).__events);
const entered = async (page: Page) => (await recorded(page)).filter((e) => e.type === 'enter').map((e) => e.segment);
const ready = (page: Page) => page.waitForFunction(() => (window as any).__events?.some((e: any) => e.type === 'ready'));
const flush = (page: Page) => page.evaluate('window.segletInstance.flush()');

/** Uncaught errors in the tabs a test opened itself (the fixture watches `page`). */
const errors: Error[] = [];
test.afterEach(() => {
  expect(errors.splice(0), 'uncaught errors in a tab').toEqual([]);
});

/** Opens the test page in a new tab of `context`, with seglet ready. */
async function openTab(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(`${url}/t/tabs.html`);
  await ready(page);
  return page;
}

/** Every segment change the server stored, in arrival order. */
async function syncedChanges(server: { syncLog(): Promise<unknown[]> }) {
  const log = (await server.syncLog()) as Array<{ anonymousId: string; changes?: Array<{ id: string; op: string }> }>;
  return log.flatMap((batch) => (batch.changes ?? []).map(({ id, op }) => ({ visitor: batch.anonymousId, id, op })));
}

test('two tabs are one visitor: clicks split across them satisfy one rule, both hear it, the server gets it once', async ({ page, server }) => {
  const first = page;
  await first.goto(`${server.url}/t/tabs.html`);
  await ready(first);
  const second = await openTab(page.context(), server.url);

  await first.locator('#read').click();
  await second.waitForTimeout(80);
  await second.locator('#read').click();
  await second.waitForTimeout(80);
  expect(await entered(first)).toEqual([]); // two clicks so far
  await first.locator('#read').click();

  await expect.poll(() => entered(first)).toEqual(['reader']);
  await expect.poll(() => entered(second)).toEqual(['reader']);
  expect(await second.evaluate("window.segletInstance.has('reader')")).toBe(true);
  expect(await second.evaluate("document.documentElement.classList.contains('seglet-reader')")).toBe(true);

  await flush(first);
  await flush(second);
  await expect.poll(() => syncedChanges(server)).toHaveLength(1);
  const [change] = await syncedChanges(server);
  expect(change).toMatchObject({ id: 'reader', op: 'enter' });
  await first.waitForTimeout(2500); // past the batching delay: a second tab would have sent its own copy by now
  expect(await syncedChanges(server)).toHaveLength(1);
});

test('closing the tab that started the engine loses nothing: the other tab carries on with its state', async ({ page, server }) => {
  await page.goto(`${server.url}/t/tabs.html`);
  await ready(page);
  const second = await openTab(page.context(), server.url);
  await page.locator('#read').click();
  await page.waitForTimeout(80);
  await page.locator('#read').click();
  await page.waitForTimeout(80);
  await page.close();

  await second.locator('#read').click();
  await expect.poll(() => entered(second)).toEqual(['reader']);
  await flush(second);
  await expect.poll(() => syncedChanges(server)).toEqual([{ visitor: expect.any(String), id: 'reader', op: 'enter' }]);
});

test('a tab opened later starts with the segments the other tabs earned, and state survives every tab closing', async ({ page, server }) => {
  const context = page.context();
  await page.goto(`${server.url}/t/tabs.html`);
  await ready(page);
  for (let i = 0; i < 3; i++) {
    if (i) await page.waitForTimeout(80);
    await page.locator('#read').click();
  }
  await expect.poll(() => entered(page)).toEqual(['reader']);
  const since = ((await page.evaluate('window.segletInstance.segments()')) as Array<{ since: number }>)[0]!.since;

  const later = await openTab(context, server.url);
  expect(await later.evaluate("window.segletInstance.has('reader')")).toBe(true);
  await flush(later);
  await page.close();
  await later.close();

  const again = await openTab(context, server.url);
  const segments = (await again.evaluate('window.segletInstance.segments()')) as Array<{ id: string; since: number }>;
  expect(segments).toMatchObject([{ id: 'reader', since }]);
});

test('without SharedWorker each tab runs its own engine in a dedicated worker, and segments still work', async ({ page, server }) => {
  await page.addInitScript(() => delete (window as { SharedWorker?: unknown }).SharedWorker);
  await page.goto(`${server.url}/t/tabs.html`);
  await ready(page);
  expect(await page.evaluate('typeof SharedWorker')).toBe('undefined');
  for (let i = 0; i < 3; i++) {
    if (i) await page.waitForTimeout(80);
    await page.locator('#read').click();
  }
  await expect.poll(() => entered(page)).toEqual(['reader']);
  expect(await page.evaluate("typeof window.__segletEngine")).toBe('undefined'); // a worker, not the main thread
  await flush(page);
  await expect.poll(() => syncedChanges(server)).toEqual([{ visitor: expect.any(String), id: 'reader', op: 'enter' }]);
});

test('a tab closed 50 ms after a change hands it on; a change the other tab makes next is not lost with it', async ({ page, server }) => {
  await page.goto(`${server.url}/t/tabs.html`);
  await ready(page);
  const other = await openTab(page.context(), server.url);
  expect(await page.evaluate('typeof fetchLater')).toBe('function'); // this Chromium defers the page's copy
  for (let i = 0; i < 3; i++) {
    if (i) await page.waitForTimeout(80);
    await page.locator('#read').click();
  }
  await page.waitForTimeout(50);
  await page.close(); // well inside the 2 s batching delay: the worker has sent nothing yet
  // The closed tab's copy arrives first; the worker's own batch has yet to go when the next change comes.
  await expect.poll(() => syncedChanges(server), { intervals: [20] }).toHaveLength(1);
  await other.evaluate("window.segletInstance.track('add_to_cart', { sku: 'TENT-2P' })");
  await expect.poll(() => entered(other)).toContain('shopper');
  await flush(other);
  await expect.poll(() => syncedChanges(server)).toHaveLength(2);
  await other.waitForTimeout(2500); // past the batching delay: any second copy would be here by now
  const changes = await syncedChanges(server);
  expect(changes.map(({ id, op }) => `${op} ${id}`)).toEqual(['enter reader', 'enter shopper']);
  expect(new Set(changes.map((c) => c.visitor)).size).toBe(1);
});
