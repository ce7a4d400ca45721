import type { Page } from '@playwright/test';
import { clickInTurn, events, expect, recordEvents, test } from './fixtures';

/** What a segment id may be (src/engine/segmentId.ts). */
const SEGMENT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/i;

const ready = (page: Page) => page.waitForFunction(() => (window as any).__events?.some((e: any) => e.type === 'ready'));
const clickFans = (page: Page) => clickInTurn(page, [1, 2, 3].map((n) => page.locator(`[data-seglet-key="fan-${n}"]`)));

/** The page still runs its own timers: nothing of seglet's keeps the main thread busy. */
async function expectResponsive(page: Page) {
  expect(await page.evaluate(() => new Promise((resolve) => setTimeout(() => resolve('tick'), 0)))).toBe('tick');
}

const HOSTILE_FORCE = {
  space: 'a%20b',
  markup: encodeURIComponent('<img/src=x/onerror=alert(1)>'),
  'a thousand ids': Array.from({ length: 1000 }, (_, i) => `s${i}`).join(','),
  '10 KB': 'x'.repeat(10_000),
};

for (const [name, value] of Object.entries(HOSTILE_FORCE)) {
  test(`a crafted ?seglet-force link (${name}) leaves the page working, the API live and no invalid id anywhere`, async ({ page, server }) => {
    await recordEvents(page);
    await page.goto(`${server.url}/t/plain.html?seglet-force=${value}`);
    await ready(page);
    // The API is live (window.seglet is the instance, not the queue array) and personalization works.
    expect(await page.evaluate(() => typeof (window as any).seglet.has)).toBe('function');
    await clickFans(page);
    await expect(page.locator('#fan-content')).toBeVisible();
    const classes = await page.evaluate(() => [...document.documentElement.classList]);
    for (const c of classes.filter((c) => c.startsWith('seglet-'))) expect(c.slice(7)).toMatch(SEGMENT_ID);
    const recorded = await events(page);
    const ids = [...new Set(recorded.flatMap((e) => [e.segment, ...((e.segments as string[]) ?? [])]).filter((id) => id !== undefined))];
    for (const id of ids) expect(id).toMatch(SEGMENT_ID);
    // No more than a QA pass needs is forced; what was left out is said once.
    expect(ids.filter((id) => /^s\d+$/.test(id as string)).length).toBeLessThanOrEqual(32);
    expect(recorded.filter((e) => e.type === 'error').map((e) => e.code)).toEqual(['invalid_argument']);
    await expectResponsive(page);
  });
}

test('valid forced ids are forced; force() refuses an id that is not one', async ({ page, server }) => {
  await recordEvents(page);
  await page.goto(`${server.url}/t/plain.html?seglet-force=vip,beta_2`);
  await ready(page);
  await expect(page.locator('html')).toHaveClass(/seglet-vip/);
  await page.evaluate(() => (window as any).seglet.force(['ok', 'not ok']));
  expect(await page.evaluate(() => [(window as any).seglet.has('vip'), (window as any).seglet.has('not ok')])).toEqual([true, false]);
  expect((await events(page)).filter((e) => e.type === 'error').map((e) => e.code)).toEqual(['invalid_argument']);
});

test('a throwing listener of every event type never stops the others nor freezes the page', async ({ page, server }) => {
  await page.addInitScript(() => {
    const w = window as any;
    w.__heard = [];
    w.seglet = w.seglet || [];
    for (const type of ['ready', 'change', 'enter', 'exit', 'error']) {
      w.seglet.push(['on', type, () => {
        throw new Error(`${type} listener bug`);
      }]);
      w.seglet.push(['on', type, (e: any) => w.__heard.push(type === 'error' ? `error:${e.code}` : type)]);
    }
  });
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  await page.goto(`${server.url}/t/plain.html`);
  await page.waitForFunction(() => (window as any).__heard.includes('ready'));
  await clickFans(page);
  await expect(page.locator('#fan-content')).toBeVisible();
  await page.evaluate(() => (window as any).seglet.consent('bogus'));
  await page.evaluate(() => (window as any).seglet.force(['beta']));
  await page.evaluate(() => (window as any).seglet.force(null));
  await expect.poll(() => page.evaluate(() => (window as any).__heard)).toEqual(
    expect.arrayContaining(['ready', 'change', 'enter', 'exit', 'error:listener_error', 'error:invalid_argument']),
  );
  await expectResponsive(page);
  // Each `error` listener's own fault went to the console, not round again as another `error`.
  const heard: string[] = await page.evaluate(() => (window as any).__heard);
  const listenerErrors = heard.filter((h) => h === 'error:listener_error').length;
  // One per throwing listener of ready, change (×3: enter, force, unforce), enter (×2), exit (×1): never the error listener's own.
  expect(listenerErrors).toBeGreaterThanOrEqual(4);
  expect(listenerErrors).toBeLessThan(20);
  expect(consoleErrors.filter((t) => t.includes('error listener bug')).length).toBeGreaterThan(0);
});

test('an engine slow to start keeps only the latest events, and says so once through error', async ({ page, server }) => {
  await recordEvents(page);
  await page.addInitScript(() => (window as any).seglet.push(['config', { worker: '/t/slow-start.worker.js?delay=2500' }]));
  await page.goto(`${server.url}/t/plain.html`);
  await page.evaluate(() => {
    for (let i = 0; i < 1200; i++) (window as any).seglet.track('burst', { i });
  });
  await ready(page);
  const errors = (await events(page)).filter((e) => e.type === 'error');
  expect(errors.map((e) => e.code)).toEqual(['queue_overflow']);
  // The worker was handed the latest 500 events: the bursts among them are the latest ones, without a gap (the
  // page's own events, such as its page_view, may be among the dropped or the kept, as they came).
  const [n, b, first, last] = (await page.evaluate(() => (window as any).seglet.segments())).map((m: { id: string }) => m.id);
  expect(n).toBe('n500');
  expect(last).toBe('last1199');
  const bursts = Number(b.slice(1));
  expect(bursts).toBeGreaterThan(490);
  expect(first).toBe(`first${1200 - bursts}`);
});

test('an engine that never starts: calls settle, events are dropped, and the page keeps working', async ({ page, server }) => {
  test.setTimeout(60_000);
  await recordEvents(page);
  await page.addInitScript(() => (window as any).seglet.push(['config', { worker: '/t/slow-start.worker.js?delay=-1' }]));
  await page.goto(`${server.url}/t/plain.html`);
  await page.evaluate(() => {
    for (let i = 0; i < 1200; i++) (window as any).seglet.track('burst', { i });
  });
  // The start call times out (10 s): the engine failed to start, every waiting call settles, nothing more is queued.
  expect(await page.evaluate(() => (window as any).seglet.segments())).toEqual([]);
  await expect.poll(async () => (await events(page)).filter((e) => e.type === 'error').map((e) => e.code)).toEqual(['queue_overflow', 'worker_unavailable']);
  await page.evaluate(() => (window as any).seglet.track('after', {}));
  await expectResponsive(page);
});
