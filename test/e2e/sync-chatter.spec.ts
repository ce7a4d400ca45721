import { expect, recordEvents, test } from './fixtures';

interface Batch {
  anonymousId: string;
  changes: unknown[];
  features?: Record<string, number>;
}

test('a two-page visit sends its changes and at most one batch with a feature vector alone', async ({ page, server }) => {
  await recordEvents(page);
  const ready = () => page.waitForFunction(() => (window as any).__events?.some((e: any) => e.type === 'ready'));
  // The demo shop's model collects feature vectors (collectFeatures: true), the case that used to chatter.
  await page.goto(`${server.url}/`);
  await ready();
  await page.mouse.wheel(0, 600);
  await page.evaluate(() => (window as any).seglet.flush());
  await page.waitForTimeout(2500); // past the 2 s coalescing window: whatever this page sends, it has sent
  await page.goto(`${server.url}/product-tent.html`);
  await ready();
  await page.mouse.wheel(0, 600);
  await page.waitForTimeout(2500);
  await page.goto('about:blank'); // leaving: the page's unload copy goes too
  await page.waitForTimeout(1000);

  const batches = (await server.syncLog()) as Batch[];
  expect(batches.length).toBeGreaterThan(0);
  expect(new Set(batches.map((b) => b.anonymousId)).size).toBe(1);
  // Every batch carries the vector the model asks for; only one of them may carry nothing else.
  expect(batches.every((b) => b.features)).toBe(true);
  expect(batches.filter((b) => b.changes.length === 0).length).toBeLessThanOrEqual(1);
});
