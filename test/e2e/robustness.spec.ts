import { clickInTurn, expect, test } from './fixtures';

type Recorded = Array<Record<string, unknown>>;
const recorded = (page: import('@playwright/test').Page) =>
  page.evaluate(() => (window as unknown as { __events: Recorded }).__events);

async function clickThree(page: import('@playwright/test').Page) {
  await clickInTurn(page, ['headline-a', 'headline-b', 'headline-c'].map((key) => page.locator(`[data-seglet-key="${key}"]`)));
}

test('runs under a strict CSP without unsafe-eval, with no violation', async ({ page, server }) => {
  await page.goto(`${server.url}/t/csp.html`);
  await page.waitForFunction(() => (window as any).__events.some((e: any) => e.type === 'ready'));
  await clickThree(page);
  await expect(page.locator('#news')).toBeVisible();
  expect(await page.evaluate(() => typeof (window as any).__segletEngine)).toBe('undefined'); // in a worker
  expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
  expect((await recorded(page)).filter((e) => e.type === 'error')).toEqual([]);
});

test('a CSP that forbids workers moves the engine to the main thread', async ({ page, server }) => {
  await page.goto(`${server.url}/t/csp-no-worker.html`);
  await page.waitForFunction(() => (window as any).__events.some((e: any) => e.type === 'ready'));
  await clickThree(page);
  await expect(page.locator('#news')).toBeVisible();
  expect(await page.evaluate(() => typeof (window as any).__segletEngine)).toBe('object');
});

test('a missing worker script is an error event, never an exception in the page', async ({ page, server }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __events: Recorded; seglet: unknown[] };
    w.__events = [];
    w.seglet = [['config', { worker: '/seglet/missing.worker.js' }]];
    w.seglet.push(['on', 'error', (e: object) => w.__events.push({ type: 'error', ...e })]);
  });
  await page.goto(`${server.url}/`);
  await expect.poll(async () => (await recorded(page)).map((e) => e.code)).toContain('worker_unavailable');
  // The page keeps working and seglet's API answers without throwing.
  await page.locator('button.headline').first().click();
  expect(await page.evaluate(() => (window as any).seglet.has('breaking-news-reader'))).toBe(false);
  expect(await page.evaluate(() => (window as any).seglet.segments())).toEqual([]);
});

test('bad input to the API becomes an error event; the rest keeps working', async ({ page, server }) => {
  await page.goto(`${server.url}/t/esm.html`);
  await page.waitForFunction(() => (window as any).__events.some((e: any) => e.type === 'ready'));
  await page.evaluate(() => {
    const s = (window as any).segletInstance;
    s.track('', {});
    s.track('ok', { nested: { no: 1 } });
    s.track('fn', { f: () => 1 });
    s.consent('maybe');
    // A `ready` listener that is not a function, after `ready`: an error, and still an unsubscribe function.
    (window as any).__off = typeof s.on('ready', 42);
    s.on('change', () => {
      throw new Error('listener bug');
    });
  });
  await clickInTurn(page, [1, 2, 3].map((n) => page.locator(`[data-seglet-key="fan-${n}"]`)));
  await expect(page.locator('#fan-content')).toBeVisible();
  const errors = (await page.evaluate(() => (window as any).__events)).filter((e: any) => e.type === 'error');
  expect(errors.map((e: any) => e.code)).toEqual([
    'invalid_argument',
    'invalid_argument',
    'invalid_argument',
    'invalid_argument',
    'invalid_argument',
    'listener_error',
  ]);
  expect(await page.evaluate(() => (window as any).__off)).toBe('function');
});
