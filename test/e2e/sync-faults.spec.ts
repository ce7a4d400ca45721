import type { Page } from '@playwright/test';
import { SYNC_TIMEOUT_MS } from '../../workers/createSync';
import { attachEngineNetwork } from './attachEngineNetwork';
import { startFaultProxy, type FaultProxy } from './faultProxy';
import { expect, test as base } from './fixtures';

/**
 * Sync under faults: whatever happens to the requests (errors, resets, hangs, the network going away, the page
 * reloaded or closed with a batch in flight), every segment change reaches the server exactly once, in order.
 * Pages are opened through a fault-injecting proxy (`net`) in front of the test's reference server; the oracle
 * is the server's sync log, which stores each batchId once, in arrival order.
 */
const test = base.extend<{ net: FaultProxy }>({
  net: async ({ server }, use) => {
    const proxy = await startFaultProxy(server.url);
    await use(proxy);
    await proxy.close();
  },
});

type Server = { syncLog(): Promise<unknown[]> };
interface Batch {
  batchId: string;
  anonymousId: string;
  changes?: { id: string; op: 'enter' | 'exit'; at: number }[];
}

/** The changes of steps 1…`steps` in order: enter step-1, then at each step, exit the last and enter the next. */
function expectedChanges(steps: number): string[] {
  return Array.from({ length: steps }, (_, i) => [...(i ? [`exit step-${i}`] : []), `enter step-${i + 1}`]).flat();
}

/**
 * Each visitor's changes as the server stored them. `arrival` keeps the log's order; `time` orders by each
 * change's own `at` (ties keep arrival order), which is what a consumer can rely on when batches were sent
 * side by side as a page went away.
 */
async function delivered(server: Server, order: 'arrival' | 'time'): Promise<string[][]> {
  const byVisitor = new Map<string, { change: string; at: number }[]>();
  for (const batch of (await server.syncLog()) as Batch[]) {
    const list = byVisitor.get(batch.anonymousId) ?? byVisitor.set(batch.anonymousId, []).get(batch.anonymousId)!;
    for (const change of batch.changes ?? []) list.push({ change: `${change.op} ${change.id}`, at: change.at });
  }
  return [...byVisitor.values()].map((list) => (order === 'time' ? list.sort((a, b) => a.at - b.at) : list).map((c) => c.change));
}

/**
 * Waits until the server holds exactly the changes of `steps` steps, from one visitor, once each and in order,
 * and until the device has nothing left to send, then checks again: a late duplicate would show.
 */
async function expectDelivered(page: Page, server: Server, steps: number, order: 'arrival' | 'time' = 'arrival', timeout = 20_000): Promise<void> {
  await expect.poll(() => delivered(server, order), { timeout }).toEqual([expectedChanges(steps)]);
  await expect.poll(async () => (await stored(page)).outbox, { timeout: 10_000 }).toBe(0);
  expect(await delivered(server, order)).toEqual([expectedChanges(steps)]);
}

/** What the device saved in IndexedDB: how many batches its outbox holds, and the segments the visitor is in. */
function stored(page: Page): Promise<{ outbox: number; members: string[] }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('seglet');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('kv').objectStore('kv').get('state');
          get.onsuccess = () => {
            const members = Object.entries(get.result?.engine?.members ?? {}) as [string, { member: boolean }][];
            resolve({ outbox: get.result?.outbox?.length ?? 0, members: members.filter(([, m]) => m.member).map(([id]) => id) });
            open.result.close();
          };
        };
      }),
  );
}

const ready = (page: Page) => page.waitForFunction(() => (window as any).__events?.some((e: any) => e.type === 'ready'));

/** Opens the sync test page through the proxy and waits for the engine. */
async function open(page: Page, net: FaultProxy): Promise<void> {
  await page.goto(`${net.url}/t/sync.html`);
  await ready(page);
}

/** Takes the visitor to step `n` and waits until the page has heard of it. */
async function step(page: Page, n: number): Promise<void> {
  await page.evaluate((n) => (window as any).segletInstance.track('step', { n }), n);
  await expect.poll(() => page.evaluate((n) => (window as any).segletInstance.has(`step-${n}`), n)).toBe(true);
}

/** Makes the pending changes a batch and sends it now instead of after the 2 s batching delay. */
const flush = (page: Page) => page.evaluate(() => (window as any).segletInstance.flush());

/**
 * Step 1 goes out as a batch (whose first attempt meets the proxy's first fault), step 2 is still pending when the
 * page reloads, and the new page makes step 3 and flushes it.
 */
async function reloadWhileDelivering(page: Page, net: FaultProxy): Promise<void> {
  await open(page, net);
  await step(page, 1);
  await flush(page);
  await expect.poll(() => net.attempts.length).toBe(1);
  await step(page, 2); // pending, not yet a batch
  await page.reload();
  await ready(page);
  await step(page, 3);
  await flush(page);
}

/** The proxy's attempts at one batch. */
const attemptsAt = (net: FaultProxy, batchId: string) => net.attempts.filter((a) => a.batchId === batchId);

test('HTTP 500s: the batch is retried, and the batches behind it follow in order', async ({ page, server, net }) => {
  net.faults = [{ status: 500 }, { status: 500 }];
  await open(page, net);
  await step(page, 1);
  await flush(page);
  await step(page, 2);
  await flush(page);
  await step(page, 3); // sent after the 2 s batching delay
  await expectDelivered(page, server, 3);
  expect(net.faults).toEqual([]);
  const first = net.attempts[0]!.batchId;
  const [a, b, c] = attemptsAt(net, first);
  expect([a, b, c].map((x) => x?.fault)).toEqual([{ status: 500 }, { status: 500 }, 'pass']);
  // Backoff (0.5–1 s, then 1–2 s) even though a new batch came in meanwhile.
  expect(b!.at - a!.at).toBeGreaterThanOrEqual(450);
  expect(c!.at - b!.at).toBeGreaterThanOrEqual(950);
  // Nothing overtook the failing batch.
  const order = net.attempts.map((a) => a.batchId);
  expect(order.findIndex((id) => id !== first)).toBeGreaterThan(order.lastIndexOf(first));
});

test('HTTP 503 with Retry-After: 1 is retried after that second, not before', async ({ page, server, net }) => {
  net.faults = [{ status: 503, retryAfter: 1 }, { status: 503, retryAfter: 1 }];
  await open(page, net);
  await step(page, 1);
  await flush(page);
  await expect.poll(() => net.attempts.length).toBe(1);
  await step(page, 2);
  await flush(page); // a new batch does not cut the wait short
  await expectDelivered(page, server, 2);
  expect(net.faults).toEqual([]);
  const [a, b, c] = attemptsAt(net, net.attempts[0]!.batchId);
  expect(c?.fault).toBe('pass');
  expect(b!.at - a!.at).toBeGreaterThanOrEqual(950);
  expect(c!.at - b!.at).toBeGreaterThanOrEqual(950);
});

test('HTTP 429, a connection reset and an answer lost after the server stored the batch: each change once', async ({ page, server, net }) => {
  net.faults = [{ status: 429 }, 'reset', 'lose-response'];
  await open(page, net);
  await step(page, 1);
  await flush(page);
  await step(page, 2);
  await flush(page);
  await expectDelivered(page, server, 2);
  expect(net.faults).toEqual([]);
  // The batch whose answer was lost reached the server twice and is stored once.
  const lost = net.attempts.find((a) => a.fault === 'lose-response')!.batchId;
  expect(attemptsAt(net, lost).length).toBeGreaterThanOrEqual(2);
  expect(((await server.syncLog()) as Batch[]).filter((b) => b.batchId === lost)).toHaveLength(1);
});

test('a request that hangs times out and is retried; the changes made meanwhile follow it', async ({ page, server, net }) => {
  test.setTimeout(45_000); // the SDK gives up on the hung request after SYNC_TIMEOUT_MS (10 s)
  net.faults = ['hang'];
  await open(page, net);
  await step(page, 1);
  await flush(page);
  await expect.poll(() => net.attempts.length).toBe(1);
  await step(page, 2);
  await flush(page);
  await step(page, 3);
  await expectDelivered(page, server, 3, 'arrival', SYNC_TIMEOUT_MS + 10_000);
  const [hung, retried] = attemptsAt(net, net.attempts[0]!.batchId);
  expect(hung).toMatchObject({ fault: 'hang', ended: 'client-gone' });
  expect(retried!.at - hung!.at).toBeGreaterThanOrEqual(SYNC_TIMEOUT_MS - 500);
});

test('offline, then online again: nothing is lost, and delivery resumes without waiting out the backoff', async ({ browser, context, page, server, net }) => {
  await open(page, net);
  const engine = await attachEngineNetwork(browser, net.url);
  try {
    await context.setOffline(true);
    await engine.setOffline(true);
    await step(page, 1);
    await flush(page);
    await step(page, 2);
    await flush(page);
    // Four failed attempts: the next retry is 4–8 s away (exponential backoff with jitter).
    await expect.poll(() => engine.failures(), { timeout: 15_000 }).toBeGreaterThanOrEqual(4);
    expect(net.attempts).toEqual([]);
    await engine.setOffline(false);
    await context.setOffline(false);
    await expect.poll(() => net.attempts.length, { timeout: 3_500 }).toBeGreaterThan(0);
    await step(page, 3);
    await expectDelivered(page, server, 3);
  } finally {
    await engine.detach();
  }
});

test('the page reloaded with a request hanging: what the page sent as it went and the outbox resent after are stored once', async ({ page, server, net }) => {
  net.faults = ['hang'];
  await reloadWhileDelivering(page, net);
  // The copies a page sends side by side as it goes may arrive in any order: the changes' own times order them.
  await expectDelivered(page, server, 3, 'time');
  expect(net.attempts[0]).toMatchObject({ fault: 'hang', ended: 'client-gone' });
});

test('the page reloaded with a request in flight that the server stores late: the outbox in IndexedDB is resent, stored once', async ({ page, server, net }) => {
  net.faults = ['stall'];
  // What the page sends itself as it goes fails: the new page's engine delivers from IndexedDB.
  net.otherwise = ({ from }) => (from === 'page' ? { status: 503 } : 'pass');
  await reloadWhileDelivering(page, net);
  await expectDelivered(page, server, 3);
  const stalled = net.attempts[0]!;
  expect(stalled).toMatchObject({ fault: 'stall', ended: 'client-gone' });
  // The server has had it since the old page went; the new page's engine sent it again all the same.
  expect(attemptsAt(net, stalled.batchId).filter((a) => a.from === 'worker' && a.fault === 'pass')).not.toEqual([]);
});

test('a tab closes while another stays: what the closing tab sent as it went loses nothing that comes after', async ({ page, context, server, net }) => {
  await open(page, net);
  const other = await context.newPage();
  await open(other, net);
  await step(page, 1); // pending in the shared engine; both tabs hold a copy
  await other.close(); // sends its copy of the pending batch as it goes
  await expect.poll(async () => (await delivered(server, 'arrival')).flat()).toEqual(['enter step-1']);
  await step(page, 2);
  await flush(page);
  await expectDelivered(page, server, 2);
});

test('the page closed with a request hanging and the site opened again later: the stored outbox is resent', async ({ page, context, server, net }) => {
  net.faults = ['hang'];
  // What the page sends itself as it goes away fails: only the outbox in IndexedDB is left to deliver.
  net.otherwise = ({ from }) => (from === 'page' ? { status: 503 } : 'pass');
  await open(page, net);
  await step(page, 1);
  await flush(page);
  await expect.poll(() => net.attempts.length).toBe(1);
  await step(page, 2); // pending, not yet a batch
  await page.close();
  const again = await context.newPage();
  await open(again, net);
  await step(again, 3);
  await flush(again);
  await expectDelivered(again, server, 3);
});

test('the tab crashed a moment after a change (its state saved, its batch not yet made): the change still arrives', async ({ page, context, server, net }) => {
  // What the page leaves with the browser to send (fetchLater) fails, and the engine's own requests hang until
  // the crash: only what the device saved is left to deliver.
  net.otherwise = ({ from }) => (from === 'page' ? { status: 503 } : 'hang');
  await open(page, net);
  await step(page, 1);
  // State is saved 1 s after a change and the batch made 2 s after it: crash in between, with no pagehide.
  await expect.poll(async () => (await stored(page)).members, { intervals: [50] }).toEqual(['step-1']);
  const cdp = await context.newCDPSession(page);
  const crashed = page.waitForEvent('crash');
  void cdp.send('Page.crash').catch(() => {});
  await crashed;
  net.otherwise = ({ from }) => (from === 'page' ? { status: 503 } : 'pass');
  const again = await context.newPage();
  await open(again, net);
  await step(again, 2);
  await flush(again);
  await expectDelivered(again, server, 2);
});
