import type { Page } from '@playwright/test';
import { clickInTurn, expect, recordEvents, test } from './fixtures';

/**
 * Every public method, driven with hostile arguments: wrong types, huge, cyclic, getters and proxies that
 * throw, values that cannot cross to a worker. Nothing may throw into the page or hang, and where a call is
 * refused the visitor's state stays as it was. Run with the engine in a worker and on the main thread.
 */
async function driveHostile(page: Page): Promise<{ settled: number; hung: string[] }> {
  return page.evaluate(async () => {
    const s = (window as any).seglet;
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const throwing = {
      get boom() {
        throw new Error('getter');
      },
    };
    const proxy = new Proxy({}, {
      get() {
        throw new Error('proxy get');
      },
      ownKeys() {
        throw new Error('proxy keys');
      },
      getPrototypeOf() {
        throw new Error('proxy prototype');
      },
    });
    const values: unknown[] = [
      undefined, null, NaN, -0, Infinity, 42, true, '', 'x'.repeat(2_000_000), Symbol('s'), () => 1, cyclic, throwing,
      [throwing], Array.from({ length: 100_000 }, (_, i) => i), proxy, Object.create(null), new Date(NaN), /re/, 10n,
      { toString: () => { throw new Error('toString'); } }, { toJSON: () => { throw new Error('toJSON'); } },
    ];
    // Calls that take arguments; a valid first argument goes with a hostile second one only where that is refused.
    const methods = ['on', 'track', 'has', 'segments', 'explain', 'identify', 'force', 'consent', 'flush'];
    const valid: Record<string, string> = { on: 'change', track: 'name' };
    const results: Array<{ call: string; result: unknown }> = [];
    for (const method of methods) {
      for (const [i, v] of values.entries()) {
        for (const args of [[v], [v, v], ...(valid[method] ? [[valid[method], v]] : [])]) {
          try {
            results.push({ call: `${method}#${i}/${args.length}`, result: s[method](...args) });
          } catch (e) {
            results.push({ call: `${method}#${i} threw`, result: Promise.reject(e) });
          }
        }
      }
    }
    for (const v of values) for (const command of [v, [v], ['track', v], [v, v]]) s.push(command);
    // A call that has not settled after 20 s hangs (each call into the engine times out after 10 s).
    const hung: string[] = [];
    await Promise.all(
      results.map(({ call, result }) =>
        Promise.race([
          Promise.resolve(result).catch(() => {}),
          new Promise((resolve) => setTimeout(() => resolve(hung.push(call)), 20_000)),
        ]),
      ),
    );
    return { settled: results.length - hung.length, hung };
  });
}

async function visitorState(page: Page) {
  return page.evaluate(async () => {
    const s = (window as any).seglet;
    const segments = (await s.segments()).map(({ id, since, expiresAt }: any) => ({ id, since, expiresAt }));
    const databases = (await indexedDB.databases()).map((d) => d.name).sort();
    return { segments, has: s.has('button-fan'), databases, classes: document.documentElement.className };
  });
}

for (const where of ['worker', 'main thread'] as const) {
  test(`hostile arguments to every public method (engine in a ${where}): no throw, no hang, state unchanged`, async ({ page, server }) => {
    test.setTimeout(90_000);
    await recordEvents(page);
    if (where === 'main thread') {
      await page.addInitScript(() => {
        delete (window as any).SharedWorker;
        delete (window as any).Worker;
      });
    }
    await page.goto(`${server.url}/t/plain.html`);
    await page.waitForFunction(() => (window as any).__events.some((e: any) => e.type === 'ready'));
    expect(await page.evaluate(() => typeof (window as any).__segletEngine)).toBe(where === 'worker' ? 'undefined' : 'object');
    await clickInTurn(page, [1, 2, 3].map((n) => page.locator(`[data-seglet-key="fan-${n}"]`)));
    await expect(page.locator('#fan-content')).toBeVisible();
    await page.evaluate(() => (window as any).seglet.flush());
    const before = await visitorState(page);
    expect(before.has).toBe(true);

    const { settled, hung } = await driveHostile(page);
    expect(hung).toEqual([]);
    expect(settled).toBeGreaterThan(400);
    expect(await visitorState(page)).toEqual(before);
    // Still working: more clicks count and the API answers.
    expect(await page.evaluate(() => (window as any).seglet.explain('button-fan').then((e: any) => e.member))).toBe(true);
    const errors = (await page.evaluate(() => (window as any).__events)).filter((e: any) => e.type === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter((e: any) => typeof e.code !== 'string' || typeof e.message !== 'string')).toEqual([]);
    expect(Math.max(...errors.map((e: any) => e.message.length))).toBeLessThanOrEqual(200);
  });
}
