import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clickInTurn, expect, test } from './fixtures';

type Model = { version: string; centroids: { id: string }[]; rules: { id: string }[] };
type Batch = { anonymousId: string; features?: Record<string, number>; bot: boolean };

/**
 * The whole loop, as a site would run it: simulated visitors' devices sync their feature vectors to the
 * reference server, the server trains a model on them and serves it, and a real visitor in the demo shop who
 * behaves like an impulse buyer is assigned, on the device, the cluster where simulated impulse buyers landed.
 */
test('simulator → sync → training → served model → a shop visitor in the right cluster', async ({ page, server }) => {
  test.setTimeout(120_000);
  const truthFile = join(mkdtempSync(join(tmpdir(), 'seglet-loop-')), 'truth.json');
  // Asynchronously: the server answering the simulator's posts runs in this very process.
  await promisify(execFile)('node', ['examples/simulate', '--visitors', '600', '--seed', '7', '--post', `${server.url}/seglet/sync`, '--truth', truthFile]);
  const truth: Record<string, string> = JSON.parse(readFileSync(truthFile, 'utf8'));

  const trained = await fetch(`${server.url}/seglet/train`, { method: 'POST' });
  expect(trained.status).toBe(200);
  const model: Model = await (await fetch(`${server.url}/seglet/model.json`)).json();
  expect(model.centroids.length).toBeGreaterThan(1);
  expect(model.rules.map((r) => r.id)).toContain('breaking-news-reader'); // the seed model's rules carry over

  // Where did the simulated impulse buyers land? Assign their synced vectors as the SDK would.
  const { assignCluster } = await import('../../dist/engine.mjs' as string);
  const landed: Record<string, number> = {};
  for (const batch of (await server.syncLog()) as Batch[]) {
    if (truth[batch.anonymousId] !== 'impulse-buyer' || !batch.features || batch.bot) continue;
    const { cluster } = assignCluster(model, batch.features, null);
    landed[cluster] = (landed[cluster] ?? 0) + 1;
  }
  const [impulseCluster, share] = Object.entries(landed).sort((a, b) => b[1] - a[1])[0]!;
  expect(share / Object.values(landed).reduce((a, b) => a + b, 0)).toBeGreaterThan(0.5);

  // A real visitor: straight to a product, into the cart, checkout, bought.
  await page.goto(`${server.url}/product-tent.html`);
  await page.waitForTimeout(1500);
  await page.locator('#add-to-cart').click();
  await page.goto(`${server.url}/cart.html`);
  await page.locator('#checkout [name=name]').fill('Ada Walker');
  await page.locator('#checkout [name=email]').fill('ada@example.org');
  await page.locator('#checkout [name=address]').fill('1 Trail Road');
  await clickInTurn(page, [page.locator('#place-order')]);
  await expect(page.locator('#checkout-thanks')).toBeVisible();
  await expect
    .poll(async () => ((await page.evaluate(() => (window as any).seglet.segments())) as { id: string; source: string }[]).find((s) => s.source === 'cluster')?.id)
    .toBe(impulseCluster);
  await expect(page.locator('html')).toHaveClass(new RegExp(`seglet-${impulseCluster}`));
});
