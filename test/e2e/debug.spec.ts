import type { Page } from '@playwright/test';
import { clickInTurn, expect, recordEvents, test } from './fixtures';

const SEGMENT = 'breaking-news-reader';

/** The overlay's panel; Playwright's locators pierce its (open) shadow root. */
const overlay = (page: Page) => page.getByRole('region', { name: 'seglet debug' });

/** Records the paths of every request for the overlay's script. */
function overlayRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => request.url().includes('seglet.debug') && seen.push(new URL(request.url()).pathname));
  return seen;
}

/** Every computed property of each element `selectors` match in the page (the light DOM only). */
function lightStyles(page: Page, selectors: string[]) {
  return page.evaluate((list) => {
    const read = (el: Element) => Object.fromEntries([...getComputedStyle(el)].map((p) => [p, getComputedStyle(el).getPropertyValue(p)]));
    return list.map((selector) => [...document.querySelectorAll(selector)].map(read));
  }, selectors);
}

/**
 * Every computed property of the first element each selector finds in the overlay's shadow root, read in one go:
 * a refresh replaces the panel's contents between two reads, never during one.
 */
function overlayStyles(page: Page, selectors: string[]) {
  return page.evaluate((list) => {
    const root = document.querySelector('seglet-debug')!.shadowRoot!;
    const read = (el: Element) => Object.fromEntries([...getComputedStyle(el)].map((p) => [p, getComputedStyle(el).getPropertyValue(p)]));
    return list.map((selector) => read(root.querySelector(selector)!));
  }, selectors);
}

async function clickHeadlines(page: Page) {
  await clickInTurn(page, ['a', 'b', 'c'].map((k) => page.locator(`[data-seglet-key="headline-${k}"]`)));
}

test('data-debug shows the overlay: segments, features, recent events without values, model version, explain() per rule', async ({ page, server }) => {
  const { version, rules } = await (await page.request.get(`${server.url}/seglet/model.json`)).json();
  await page.goto(`${server.url}/t/debug.html`);
  const panel = overlay(page);
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('heading', { name: 'Segments' })).toBeVisible();
  await expect(panel).toContainText(`model ${version}`);

  await page.fill('#email', 'typed-secret@example.com');
  await page.evaluate(() => (window as any).seglet.track('purchase', { revenue: 12, sku: 'SKU-SECRET-42' }));
  await clickHeadlines(page);
  await expect(page.locator('html')).toHaveClass(new RegExp(`seglet-${SEGMENT}`));

  // The segment, listed on `change`: id, source, since, expires, holdout.
  const segments = panel.locator('table').first();
  await expect(segments.locator('tbody tr')).toHaveCount(1);
  await expect(segments.locator('tbody td')).toHaveText([SEGMENT, 'rule', /^\d\d:\d\d:\d\d$/, /^\d\d:\d\d:\d\d$/, 'no']);
  await expect(panel).toContainText('Engagement score');
  await expect(panel).toContainText(/page_views_session\s*1/);
  await expect(panel).toContainText('engagement_score');

  // Recent events by name and time: what the visitor did, none of what they typed or what track() carried.
  const recent = panel.locator('ol li');
  await expect(recent.filter({ hasText: 'purchase' })).toHaveCount(1);
  await expect(recent.filter({ hasText: 'form_change' })).toHaveCount(1);
  await expect(recent.filter({ hasText: /click$/ })).toHaveCount(3);
  await expect(recent.first()).toHaveText(/^\d\d:\d\d:\d\d\s*click$/);
  await expect(panel).not.toContainText('typed-secret');
  await expect(panel).not.toContainText('SKU-SECRET');
  await page.screenshot({ path: test.info().outputPath('overlay.png') });

  // One expandable explain() per rule of the model.
  await expect(panel.locator('details')).toHaveCount(rules.length);
  const rule = panel.locator('details').filter({ hasText: SEGMENT });
  await expect(rule.locator('summary')).toContainText(/✓.*member since/);
  await expect(rule.locator('ul.tree')).toBeHidden();
  await rule.locator('summary').click();
  await expect(rule.locator('ul.tree')).toContainText('✓ count click where {"key":{"prefix":"headline"}} within 1m — value 3, expected ≥ 3');
  const other = panel.locator('details').filter({ hasText: 'high-intent-lead' });
  await expect(other.locator('summary')).toContainText(/✗.*not a member/);

  await page.screenshot({ path: test.info().outputPath('overlay-explain.png') });

  // A refresh keeps the rule open; the overlay's own clicks are not the visitor's.
  await panel.getByRole('button', { name: 'Refresh' }).click();
  await page.evaluate(() => (window as any).seglet.flush());
  await panel.getByRole('button', { name: 'Refresh' }).click();
  await expect(panel).toContainText(/updated \d\d:\d\d:\d\d/);
  await expect(rule.locator('ul.tree')).toBeVisible();
  await expect(recent.filter({ hasText: /click$/ })).toHaveCount(3);

  // Collapsed, only the header stays.
  await panel.getByRole('button', { name: 'Collapse' }).click();
  await expect(panel.getByRole('heading', { name: 'Segments' })).toBeHidden();
  await panel.getByRole('button', { name: 'Expand' }).click();
  await expect(panel.getByRole('heading', { name: 'Segments' })).toBeVisible();
});

test("the host page's CSS does not change the overlay", async ({ page, server }) => {
  await page.goto(`${server.url}/t/debug.html`);
  const panel = overlay(page);
  await expect(panel.locator('details').first()).toBeVisible();
  const parts = ['.panel', 'header', 'h2', 'button', '.features .mono', 'ol li', 'summary', 'footer'];
  // The features and the recent events fill in once the engine has answered: wait until every part is there.
  await expect
    .poll(() => page.evaluate((list) => list.filter((s) => !document.querySelector('seglet-debug')!.shadowRoot!.querySelector(s)), parts))
    .toEqual([]);
  const before = await overlayStyles(page, parts);
  const box = await panel.boundingBox();
  await page.addStyleTag({
    content: `* { color: red !important; font-size: 40px !important; font-family: serif !important; line-height: 3 !important;
      letter-spacing: 4px !important; background: yellow !important; }
      html { font-size: 40px; } seglet-debug { display: block !important; transform: scale(2) !important; opacity: .2 !important; }`,
  });
  await expect(page.locator('h1')).toHaveCSS('color', 'rgb(255, 0, 0)');
  expect(await overlayStyles(page, parts)).toEqual(before);
  expect(await panel.boundingBox()).toEqual(box);
  await expect(panel).toHaveCSS('color', 'rgb(226, 232, 240)');
  await expect(panel).toHaveCSS('font-size', '12px');
  await page.screenshot({ path: test.info().outputPath('overlay-hostile-css.png') });
});

test("the overlay's CSS does not reach the page", async ({ page, server }) => {
  // The overlay's script is held back until the page's styles are read without it.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let asked!: () => void;
  const requested = new Promise<void>((resolve) => (asked = resolve));
  await page.route('**/seglet.debug.js', async (route) => (asked(), await held, route.continue()));
  // (The page's load event waits for the added script: only its DOM can be waited for.)
  await page.goto(`${server.url}/t/debug.html`, { waitUntil: 'domcontentloaded' });
  await requested;
  const selectors = ['html', 'body', 'header', 'h1', 'strong', 'section', 'h2', 'p', 'button', 'table', 'th', 'td', 'ul', 'ol', 'li', 'details', 'summary', 'form', 'input', 'span', 'footer'];
  const before = await lightStyles(page, selectors);
  expect(await overlay(page).count()).toBe(0);
  release();
  await expect(overlay(page).locator('details').first()).toBeVisible();
  expect(await lightStyles(page, selectors)).toEqual(before);
});

test('?seglet-debug turns the overlay on: the npm build, and the script tag under a strict CSP', async ({ page, server }) => {
  const requests = overlayRequests(page);
  await page.goto(`${server.url}/t/esm.html?seglet-debug`);
  await expect(overlay(page).locator('details')).toHaveCount(1);
  await expect(overlay(page)).toContainText('button-fan');
  expect(requests).toEqual(['/seglet/seglet.debug.js']);

  const { rules } = await (await page.request.get(`${server.url}/seglet/model.json`)).json();
  await page.goto(`${server.url}/t/csp.html?seglet-debug`);
  // The rules in force: the model's, and the page rule the first page pushed (page rules are remembered).
  await expect(overlay(page).locator('details')).toHaveCount(rules.length + 1);
  await expect(overlay(page)).toContainText('button-fan');
  await expect(overlay(page)).toContainText('Engagement score');
  expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
});

test('without debug the overlay script is never added nor requested', async ({ page, server }) => {
  const requests = overlayRequests(page);
  for (const path of ['/t/esm.html', '/t/csp.html']) {
    await recordEvents(page);
    await page.goto(`${server.url}${path}`);
    // The script would be added as the instance starts, before it is ready.
    await page.waitForFunction(() => (window as any).__events?.some((e: any) => e.type === 'ready'));
    expect(await page.locator('script[src*="seglet.debug"], seglet-debug').count()).toBe(0);
  }
  expect(requests).toEqual([]);
});

test('the overlay lists the rules validation rejected, each with where and why', async ({ page, server }) => {
  await page.addInitScript(() => {
    (window as any).__testRules = [{ id: 'broken-window', when: { count: 'page_view', within: '5 minutes', gte: 1 } }];
  });
  await page.goto(`${server.url}/t/plain.html?seglet-debug`);
  const panel = overlay(page);
  await expect(panel.getByRole('heading', { name: 'Rejected rules (1)' })).toBeVisible();
  await expect(panel.locator('ul.rejected li')).toHaveText([/broken-window: rule "broken-window" at when\.within: must be a duration like "30s"/]);
  // The valid rule beside it runs.
  await expect(panel.locator('details')).toHaveCount(1);
  await expect(panel.locator('details')).toContainText('button-fan');
});

test('a visitor taken for a bot: the overlay says why in its first line, the console once', async ({ page, server }) => {
  const said: string[] = [];
  page.on('console', (m) => m.text().includes('treated as a bot') && said.push(m.text()));
  // Playwright's browser admits to being automated; this test turns the signal back on.
  await page.addInitScript(() => (window as any).seglet.push(['config', { bot: { webdriver: true } }]));
  await page.goto(`${server.url}/t/plain.html?seglet-debug`);
  const panel = overlay(page);
  const first = panel.locator('.body > *').first();
  await expect(first).toHaveText(/^Treated as a bot, so in no segment: .*webdriver/);
  await clickInTurn(page, [1, 2, 3].map((n) => page.locator(`[data-seglet-key="fan-${n}"]`)));
  await panel.getByRole('button', { name: 'Refresh' }).click();
  await panel.getByRole('button', { name: 'Refresh' }).click();
  await expect(panel).toContainText(/updated/);
  expect(said).toHaveLength(1);
  expect(said[0]).toContain('webdriver');
  await expect(page.locator('#fan-content')).toBeHidden();
});
