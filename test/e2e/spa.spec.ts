import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/*
 * The single-page app example (examples/spa, built by `npm run build`, served at /spa/): seglet imported from
 * the package, routes changed with the History API.
 */

const SEGMENT = 'product-browser';
const heading = (page: Page) => page.locator('main h1');
const explain = (page: Page, id: string) =>
  page.evaluate((segment) => (window as any).seglet?.explain?.(segment), id) as Promise<Record<string, any> | undefined>;

test.beforeEach(async ({ page }) => {
  // The app keeps seglet's default bot signals, as a site would; the test browser hides its automation flag.
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false }));
});

/**
 * Follows a link of the app (the router's pushState) and waits for the route it leads to. The clicks come at a
 * person's pace: the app keeps seglet's default bot signals, and two clicks in a row each under 50 ms after the
 * previous one make the visitor a bot for the session (no segments). A test runner clicks that fast whenever the
 * route it waits for is already on screen, such as "Products" from the products page.
 */
async function follow(page: Page, link: string, title: string) {
  await page.waitForTimeout(80);
  await page.getByRole('link', { name: link, exact: true }).click();
  await expect(heading(page)).toHaveText(title);
}

async function viewProducts(page: Page, names: string[]) {
  for (const name of names) {
    await follow(page, 'Products', 'Products');
    await follow(page, name, name);
  }
}

test('route changes are page views: three product routes enter the segment; a route rendered later is personalized', async ({ page, server }) => {
  await page.goto(`${server.url}/spa/`);
  await expect(heading(page)).toHaveText('Trailhead');
  await expect(page.getByText('New here?')).toBeVisible();
  await expect(page.getByText('Still deciding?')).toBeHidden();

  await viewProducts(page, ['Ridgeline 2P tent', 'Traverse 45 L pack']);
  await expect.poll(async () => (await explain(page, SEGMENT))?.condition.value).toBe(2);
  expect(await page.evaluate((id) => (window as any).seglet.has(id), SEGMENT)).toBe(false);

  await viewProducts(page, ['Ember canister stove']);
  await expect(page.locator('#segments')).toHaveText(SEGMENT);
  await expect(page.locator('html')).toHaveClass(new RegExp(`\\bseglet-${SEGMENT}\\b`));
  expect(await explain(page, SEGMENT)).toMatchObject({ member: true, condition: { value: 3, verdict: true } });

  // Rendered after the segment was entered: its elements are personalized as they are added.
  await follow(page, 'Guide', 'Buying guide');
  await expect(page.locator('#compare')).toBeVisible();
  await expect(page.locator('#start-here')).toBeHidden();
  await follow(page, 'Home', 'Trailhead');
  await expect(page.getByText('Still deciding?')).toBeVisible();
  await expect(page.getByText('New here?')).toBeHidden();

  // Back and forward (popstate) render the route again and are page views too: the guide's second one.
  expect(await explain(page, 'guide-reader')).toMatchObject({ member: true, condition: { value: 1 } });
  await page.goBack();
  await expect(heading(page)).toHaveText('Buying guide');
  await expect(page.locator('#compare')).toBeVisible();
  await expect.poll(async () => (await explain(page, 'guide-reader'))?.condition.value).toBe(2);
});

test('a deep link loads the app at its route, with the worker served next to the bundle', async ({ page, server }) => {
  const response = await page.goto(`${server.url}/spa/product/shell`);
  expect(response?.status()).toBe(200);
  await expect(heading(page)).toHaveText('Squall rain shell');
  await expect(page).toHaveTitle('Squall rain shell · Trailhead');
  await expect.poll(async () => (await explain(page, SEGMENT))?.condition.value).toBe(1);
  // The engine answers from a worker (the main-thread fallback would have set this hook).
  expect(await page.evaluate(() => typeof (window as any).__segletEngine)).toBe('undefined');

  await page.reload();
  await expect(heading(page)).toHaveText('Squall rain shell');

  const worker = await page.request.get(`${server.url}/spa/seglet.worker.js`);
  expect(worker.status()).toBe(200);
  expect(worker.headers()['content-type']).toMatch(/javascript/);
  // A missing file is a 404, not the app; an unknown route is the app, which says it has no such page.
  expect((await page.request.get(`${server.url}/spa/missing.js`)).status()).toBe(404);
  await page.goto(`${server.url}/spa/product/nope`);
  await expect(heading(page)).toHaveText('Not found');
  const bare = await page.request.get(`${server.url}/spa`, { maxRedirects: 0 });
  expect(bare.status()).toBe(308);
  expect(bare.headers().location).toBe('/spa/');
});

test("a route's listeners are removed when the visitor leaves it", async ({ page, server }) => {
  // The product route logs what its listeners hear; a listener left behind would log too.
  const heard: string[] = [];
  page.on('console', (message) => {
    if (message.text().startsWith('[spa] product/')) heard.push(message.text());
  });
  await page.goto(`${server.url}/spa/products`);
  await viewProducts(page, ['Ridgeline 2P tent', 'Traverse 45 L pack', 'Ember canister stove']);

  // Three product routes were mounted; only the one on screen heard the segment being entered.
  await expect.poll(async () => (await explain(page, SEGMENT))?.condition.value).toBe(3);
  expect(await explain(page, SEGMENT)).toMatchObject({ bot: false });
  await expect(page.locator('main .live')).toHaveText(`You just joined “${SEGMENT}”.`);
  await expect.poll(() => heard).toEqual([`[spa] product/stove heard enter ${SEGMENT}`]);

  // Leaving the route unsubscribes it: entering the next segment reaches the shell's listener only.
  await follow(page, 'Guide', 'Buying guide');
  await expect(page.locator('#segments')).toContainText('guide-reader');
  expect(await explain(page, 'guide-reader')).toMatchObject({ member: true }); // a round trip after the change
  expect(heard).toEqual([`[spa] product/stove heard enter ${SEGMENT}`]);
});

test('?seglet-debug shows the overlay in the bundled app: the build puts seglet.debug.js next to the bundle too', async ({ page, server }) => {
  const answers: Array<[string, number]> = [];
  page.on('response', (response) => {
    if (response.url().includes('seglet.debug')) answers.push([new URL(response.url()).pathname, response.status()]);
  });
  await page.goto(`${server.url}/spa/products?seglet-debug`);
  await expect(page.getByRole('region', { name: 'seglet debug' })).toBeVisible();
  expect(answers).toEqual([['/spa/seglet.debug.js', 200]]);
});
