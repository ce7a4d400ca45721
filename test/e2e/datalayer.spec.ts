import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

// seglet (`createSeglet({ dataLayer: true })`, the npm build) on a page whose GA4 dataLayer already holds a
// product view (GTM's shape), a cart add (gtag's shape), GTM's own events and a sign-up when seglet loads
// (pages/datalayer.html), with the purchase pushed after. A tag manager replaces dataLayer.push before seglet
// wraps it, after, or not at all.
const PAGE = '/t/datalayer.html';

const entered = async (page: Page) => (await recorded(page)).filter((e) => e.type === 'enter').map((e) => e.segment);
const exited = async (page: Page) => (await recorded(page)).filter((e) => e.type === 'exit').map((e) => e.segment);
const recorded = (page: Page) => page.evaluate(() => (window as any).__events as Array<Record<string, unknown>>);
const explain = (page: Page, id: string) => page.evaluate((id) => (window as any).segletInstance.explain(id), id);

for (const gtm of ['none', 'before', 'after']) {
  test(`earlier and later pushes become seglet events; cart and purchase rules enter from them alone (tag manager: ${gtm})`, async ({ page, server }) => {
    await page.goto(`${server.url}${PAGE}?gtm=${gtm}`);
    // From the pushes made before seglet loaded: the mapped props match (value from the items' prices × quantities).
    await expect.poll(() => entered(page)).toEqual(expect.arrayContaining(['product-viewer', 'two-line-cart']));
    // No purchase within 2 s of the cart add.
    await expect.poll(() => entered(page)).toContain('cart-abandoner');

    const purchase = { event: 'purchase', ecommerce: { transaction_id: 'T-1001', value: 120, currency: 'EUR', items: [{ item_id: 'SKU-1', price: 60, quantity: 2 }] } };
    const pushed = await page.evaluate((entry) => {
      const layer = (window as any).dataLayer;
      return { returned: layer.push({ ecommerce: null }, entry), length: layer.length };
    }, purchase);
    // push still answers what Array.prototype.push answers (the new length), and the tag manager saw the entry.
    expect(pushed.returned).toBe(pushed.length);
    if (gtm !== 'none') expect(await page.evaluate(() => (window as any).gtmProcessed.at(-1).event)).toBe('purchase');

    await expect.poll(() => entered(page)).toContain('big-spender');
    await expect.poll(() => exited(page)).toContain('cart-abandoner');

    // Personal fields, identifiers and events seglet does not know never became anything a rule can see.
    const leak = await explain(page, 'leak');
    expect(leak).toMatchObject({ known: true, member: false });
    expect(leak.condition.of.map((c: { value: unknown }) => c.value)).toEqual([0, 0, 0, 0, 0]);
    expect((await recorded(page)).filter((e) => e.type === 'error')).toEqual([]);
  });
}

test('without dataLayer: true, seglet.integrations.js is never requested and dataLayer.push is left alone', async ({ page, server }) => {
  const requested: string[] = [];
  page.on('request', (request) => request.url().includes('seglet.integrations') && requested.push(request.url()));
  await page.goto(`${server.url}${PAGE}?off`);
  await page.waitForFunction(() => (window as any).__events.some((e: { type: string }) => e.type === 'ready'));
  await page.evaluate(() => (window as any).segletInstance.flush());
  expect(await page.evaluate(() => (window as any).dataLayer.push === Array.prototype.push)).toBe(true);
  expect(await page.evaluate(() => (window as any).segletInstance.segments())).toEqual([]);
  expect(requested).toEqual([]);
});
