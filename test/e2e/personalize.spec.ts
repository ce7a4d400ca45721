import { createServer, type Server } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

type Recorded = Array<Record<string, unknown>>;
const recorded = (page: Page) => page.evaluate(() => (window as unknown as { __events: Recorded }).__events);
const ofType = async (page: Page, type: string) => (await recorded(page)).filter((e) => e.type === type);
const ready = (page: Page) => page.waitForFunction(() => (window as any).__events?.some((e: any) => e.type === 'ready'));
const seglet = <T = unknown>(page: Page, call: string) => page.evaluate(`window.seglet.${call}`) as Promise<T>;

async function becomeFan(page: Page) {
  await page.locator('#fan-1').click();
  await page.waitForTimeout(80);
  await page.locator('#fan-2').click();
  await expect.poll(async () => (await ofType(page, 'enter')).map((e) => e.segment)).toEqual(['fan']);
}

test('a variant slot renders the template of the visitor\'s segment in place of its default, and back', async ({ page, server }) => {
  await page.goto(`${server.url}/t/personalize.html`);
  await ready(page);
  await expect(page.locator('#hero-default')).toBeVisible();
  await expect(page.locator('#hero-fan')).toHaveCount(0);
  await becomeFan(page);
  await expect(page.locator('#hero-fan')).toBeVisible();
  await expect(page.locator('#hero-fan-more')).toBeVisible();
  await expect(page.locator('#hero-default')).toBeHidden();
  await expect(page.locator('#hero-vip')).toHaveCount(0);
  // Forcing another variant's segment as well: the first matching template in the slot wins.
  await seglet(page, "force(['vip'])");
  await expect(page.locator('#hero-vip')).toBeVisible();
  await expect(page.locator('#hero-fan')).toHaveCount(0);
  await seglet(page, 'force(null)');
  await expect(page.locator('#hero-fan')).toBeVisible();
  await seglet(page, 'forget()');
  await expect(page.locator('#hero-default')).toBeVisible();
  await expect(page.locator('#hero-fan')).toHaveCount(0);
});

test('elements and slots added later are personalized as they arrive', async ({ page, server }) => {
  await page.goto(`${server.url}/t/personalize.html`);
  await ready(page);
  await becomeFan(page);
  await page.locator('#add-late').click();
  await expect(page.locator('#late-fan')).toBeVisible();
  await expect(page.locator('#late-variant')).toBeVisible();
  await expect(page.locator('#late-default')).toBeHidden();
});

test('a returning visitor\'s page is personalized at DOMContentLoaded, before the engine answers', async ({ page, server }) => {
  await page.goto(`${server.url}/t/personalize.html`);
  await ready(page);
  await becomeFan(page);
  await seglet(page, 'flush()');
  await page.reload();
  await page.waitForFunction(() => (window as any).__atDomReady);
  const atDomReady = await page.evaluate(() => (window as any).__atDomReady);
  expect(atDomReady).toMatchObject({ ready: false, hidden: false, classes: expect.stringContaining('seglet-fan') });
  await ready(page);
  await expect(page.locator('#fan-only')).toBeVisible();
  expect(await ofType(page, 'exit')).toEqual([]);
});

test('personalized slots are hidden while the engine is pending, for no longer than the prehide budget', async ({ page, server }) => {
  // A worker script that never arrives: the engine never answers.
  const hang: Server = createServer(() => {});
  await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
  const port = (hang.address() as { port: number }).port;
  try {
    await page.goto(`${server.url}/t/personalize.html?prehide=1500&worker=http://127.0.0.1:${port}/seglet.worker.js`);
    const atDomReady = await page.evaluate(() => (window as any).__atDomReady);
    expect(atDomReady).toMatchObject({ ready: false, visibility: 'hidden' }); // the slot keeps its space, unseen
    expect(await page.evaluate(() => getComputedStyle(document.body).visibility)).toBe('visible'); // only slots
    // Shown once the budget has passed (counted from when the script ran, early in the page's life).
    await page.waitForFunction(() => getComputedStyle(document.getElementById('fan-only')!).visibility === 'visible');
    const shownAt = await page.evaluate(() => performance.now());
    expect(shownAt).toBeGreaterThan(1400);
    expect(shownAt).toBeLessThan(4000); // well under what other tools wait (3–4 s) past the budget
    expect(await ofType(page, 'ready')).toEqual([]); // shown on the budget, not because the engine answered
    await expect(page.locator('#fan-only')).toBeHidden(); // the default decision: not a fan
    await expect(page.locator('#not-fan')).toBeVisible();
  } finally {
    hang.close();
  }
});

test('a control-group member is a member for listeners and sync, but the page is not personalized', async ({ page, server }) => {
  await page.goto(`${server.url}/t/personalize.html?holdout=0.999999`);
  await ready(page);
  await becomeFan(page);
  expect(await seglet(page, "has('fan')")).toBe(true);
  expect((await ofType(page, 'change')).at(-1)).toMatchObject({ segments: ['fan'], holdouts: ['fan'] });
  expect(await seglet(page, 'segments()')).toMatchObject([{ id: 'fan', holdout: true }]);
  await expect(page.locator('#not-fan')).toBeVisible();
  await expect(page.locator('#fan-only')).toBeHidden();
  await expect(page.locator('#hero-default')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.className)).not.toContain('seglet-fan');
  await seglet(page, 'flush()');
  await expect
    .poll(async () => ((await server.syncLog()) as { changes?: unknown[] }[]).flatMap((b) => b.changes ?? []))
    .toEqual([expect.objectContaining({ id: 'fan', op: 'enter', holdout: true })]);
  expect(await page.evaluate(() => localStorage.getItem('seglet:segments'))).toBeNull(); // no first-paint swap either
});

test('?seglet-force=… and force() preview segments on this tab only: nothing reaches the engine or sync', async ({ page, server }) => {
  await page.goto(`${server.url}/t/personalize.html?seglet-force=vip,fan`);
  await ready(page);
  expect(await seglet(page, "has('vip')")).toBe(true);
  await expect(page.locator('#fan-only')).toBeVisible();
  await expect(page.locator('#hero-vip')).toBeVisible();
  expect((await ofType(page, 'enter')).map((e) => e.segment).sort()).toEqual(['fan', 'vip']);
  expect(await seglet(page, 'segments()')).toEqual([]); // the engine knows nothing of it
  await seglet(page, 'force([])');
  await expect(page.locator('#fan-only')).toBeHidden();
  expect((await ofType(page, 'exit')).map((e) => e.segment).sort()).toEqual(['fan', 'vip']);
  await seglet(page, 'force("vip")');
  expect((await ofType(page, 'error')).map((e) => e.code)).toEqual(['invalid_argument']);
  await seglet(page, 'flush()');
  await page.waitForTimeout(2500); // past the batching delay
  expect(await server.syncLog()).toEqual([]);
  expect(await page.evaluate(() => localStorage.getItem('seglet:segments'))).toBeNull();
});

test('the opt-in cookie mirrors the personalized segments for the server, and goes with consent', async ({ page, server }) => {
  await page.goto(`${server.url}/t/personalize.html?cookie`);
  await ready(page);
  await becomeFan(page);
  const cookie = async () => (await page.context().cookies()).find((c) => c.name === 'seglet_segments');
  await expect.poll(async () => (await cookie())?.value).toBe('fan');
  expect(await cookie()).toMatchObject({ path: '/', sameSite: 'Lax' });
  await seglet(page, "consent('denied')");
  await expect.poll(cookie).toBeUndefined();
});

test('without the opt-in no cookie is written', async ({ page, server }) => {
  await page.goto(`${server.url}/t/personalize.html`);
  await ready(page);
  await becomeFan(page);
  expect(await page.context().cookies()).toEqual([]);
});

test('personalization attributes changed in place are applied (a framework reusing elements between routes)', async ({ page, server }) => {
  await page.goto(`${server.url}/t/personalize.html`);
  await ready(page);
  await becomeFan(page);
  await expect(page.locator('#fan-only')).toBeVisible();
  await page.evaluate(() => document.getElementById('fan-only')!.setAttribute('data-seglet-show', 'vip'));
  await expect(page.locator('#fan-only')).toBeHidden();
  await page.evaluate(() => document.querySelector('#hero template[data-seglet-variant="vip"]')!.setAttribute('data-seglet-variant', 'vip fan'));
  await expect(page.locator('#hero-vip')).toBeVisible();
});

test('variant slots are rendered by seglet.variants.js, which only a page with a variant loads; a returning fan never sees the default', async ({ page, server }) => {
  const requested: string[] = [];
  page.on('request', (r) => r.url().includes('seglet.variants') && requested.push(new URL(r.url()).pathname));
  await page.goto(`${server.url}/t/plain.html`);
  await page.waitForFunction(() => typeof (window as any).seglet?.has === 'function');
  await page.waitForTimeout(300);
  expect(requested).toEqual([]);

  await page.goto(`${server.url}/t/personalize.html`);
  await ready(page);
  await becomeFan(page);
  await expect(page.locator('#hero-fan')).toBeVisible();
  await seglet(page, 'flush()');
  expect(requested).toEqual(['/seglet/seglet.variants.js']);

  // Reloaded with the renderer slow to come (within the prehide budget): every frame until the variant shows,
  // the slot's default is hidden (prehidden, then replaced), never painted.
  await page.route('**/seglet.variants.js', async (route) => (await new Promise((r) => setTimeout(r, 250)), route.continue()));
  await page.addInitScript(() => {
    const w = window as any;
    w.__defaultPainted = 0;
    const sample = () => {
      const el = document.getElementById('hero-default');
      const painted = el && !el.hidden && getComputedStyle(el).visibility === 'visible' && el.getClientRects().length > 0;
      if (painted) w.__defaultPainted++;
      if (!document.getElementById('hero-fan')) requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
  await page.reload();
  await expect(page.locator('#hero-fan')).toBeVisible();
  expect(await page.evaluate(() => (window as any).__defaultPainted)).toBe(0);
});
