import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import { clickInTurn, events, expect, recordEvents, test } from './fixtures';

/** What the reference server logged: sync batches and forget requests (workers/createSync.ts). */
interface Logged {
  v: number;
  op?: 'forget';
  batchId?: string;
  sentAt?: string;
  anonymousId: string;
  userId: string | null;
  segments?: { id: string }[];
  changes?: { id: string; op: 'enter' | 'exit'; at: number }[];
}
type Server = { url: string; syncLog(): Promise<unknown[]> };

const PAGE = '/t/consent.html';
/** Longer than both the 1 s coalesced save and the 2 s sync batching: what was to happen has happened. */
const SETTLE_MS = 3200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const syncLog = async (server: Server) => (await server.syncLog()) as Logged[];
const changes = async (server: Server) => (await syncLog(server)).flatMap((b) => b.changes ?? []);
const entered = async (page: Page) => (await events(page)).filter((e) => e.type === 'enter').map((e) => e.segment);
const exited = async (page: Page) => (await events(page)).filter((e) => e.type === 'exit').map((e) => e.segment);
const whenReady = (page: Page) => page.waitForFunction(() => (window as any).__events.some((e: any) => e.type === 'ready'));
const seglet = <T>(page: Page, call: string) => page.evaluate(`window.seglet.${call}`) as Promise<T>;
const htmlClasses = (page: Page) => page.evaluate(() => [...document.documentElement.classList].filter((c) => c.startsWith('seglet-')));

/** Pushes a `['config', {…}]` command before seglet's script runs, on every load of the page from now on. */
async function configure(page: Page, config: Record<string, unknown>): Promise<void> {
  await page.addInitScript((c) => {
    const w = window as unknown as { seglet: unknown[] };
    w.seglet = w.seglet || [];
    w.seglet.push(['config', c]);
  }, config);
}

/** Becomes a reader (one click on "Read more") and waits for the page to hear of it. */
async function becomeReader(page: Page): Promise<void> {
  await clickInTurn(page, [page.locator('#read')]);
  await expect.poll(() => entered(page)).toContain('reader');
}

/** seglet's footprint in the browser's storage, read without creating anything. */
function onDevice(page: Page) {
  return page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((d) => d.name).filter((name) => name === 'seglet'),
    localStorage: Object.keys(localStorage).filter((key) => key.startsWith('seglet')),
  }));
}

/**
 * The state seglet saved in IndexedDB: `null` when there is no database (it is never opened then, since
 * opening would create it), else the visitor's id and the segments they are a member of.
 */
function storedState(page: Page) {
  return page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'seglet')) return null;
    return new Promise<{ anonymousId?: string; members: string[] }>((resolve, reject) => {
      const open = indexedDB.open('seglet');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        // seglet may delete its database while this reads: never hold it up.
        db.onversionchange = () => db.close();
        if (!db.objectStoreNames.contains('kv')) return (db.close(), resolve({ members: [] }));
        const get = db.transaction('kv').objectStore('kv').get('state');
        get.onsuccess = () => {
          db.close();
          const members = Object.entries(get.result?.engine.members ?? {}) as [string, { member: boolean }][];
          resolve({ anonymousId: get.result?.anonymousId, members: members.filter(([, m]) => m.member).map(([id]) => id) });
        };
        get.onerror = () => (db.close(), reject(get.error));
      };
    });
  });
}

const PENDING = [
  { how: 'data-require-consent', query: '?require-consent', config: {} },
  { how: "['config', { requireConsent: true }]", query: '', config: { requireConsent: true } },
  { how: "['config', { consent: 'pending' }]", query: '', config: { consent: 'pending' } },
  { how: 'data-consent="pending"', query: '?consent=pending', config: {} },
];

for (const { how, query, config } of PENDING) {
  test(`consent pending (${how}): segments work in memory; nothing is stored or sent`, async ({ page, server }) => {
    await configure(page, config);
    await recordEvents(page);
    await page.goto(`${server.url}${PAGE}${query}`);
    await whenReady(page);
    await becomeReader(page);
    expect(await seglet(page, "has('reader')")).toBe(true);
    expect((await seglet<{ id: string }[]>(page, 'segments()')).map((s) => s.id)).toEqual(['reader']);
    expect(await htmlClasses(page)).toEqual(['seglet-reader']);
    await expect(page.locator('#reader-content')).toBeVisible();

    await seglet(page, 'flush()');
    await page.waitForTimeout(SETTLE_MS);
    await seglet(page, 'flush()');
    expect(await onDevice(page)).toEqual({ databases: [], localStorage: [] });
    expect(await server.syncLog()).toEqual([]);
    expect((await events(page)).filter((e) => e.type === 'error')).toEqual([]);
  });
}

test('consent granted after pending: the change made while pending is synced, state is stored and survives a reload', async ({ page, server }) => {
  await recordEvents(page);
  await page.goto(`${server.url}${PAGE}?require-consent`);
  await whenReady(page);
  await becomeReader(page);
  await seglet(page, 'flush()');
  const enteredAt = (await seglet<{ id: string; since: number }[]>(page, 'segments()'))[0]!.since;
  expect(await onDevice(page)).toEqual({ databases: [], localStorage: [] });

  const grantedAt = await page.evaluate(() => Date.now());
  await seglet(page, "consent('granted')");
  await expect.poll(() => changes(server), { timeout: 8000 }).toEqual([{ id: 'reader', op: 'enter', at: enteredAt, source: 'rule' }]);
  expect(enteredAt).toBeLessThan(grantedAt);
  const [batch] = await syncLog(server);
  expect(batch).toMatchObject({ v: 1, anonymousId: expect.stringMatching(UUID), userId: null, segments: [{ id: 'reader' }] });

  await expect.poll(() => storedState(page)).toEqual({ anonymousId: batch!.anonymousId, members: ['reader'] });
  expect(await page.evaluate(() => localStorage.getItem('seglet:segments'))).toBe('["reader"]');

  // The site remembers the visitor's decision: on the next load seglet starts with consent given.
  await configure(page, { consent: 'granted' });
  await page.reload();
  await whenReady(page);
  expect(await seglet(page, "has('reader')")).toBe(true);
  expect((await seglet<{ id: string }[]>(page, 'segments()')).map((s) => s.id)).toEqual(['reader']);
  expect(await htmlClasses(page)).toEqual(['seglet-reader']);
  await expect(page.locator('#reader-content')).toBeVisible();
});

test('a returning visitor whose consent the site confirms after load keeps their segments and their id', async ({ page, server }) => {
  await recordEvents(page);
  await page.goto(`${server.url}${PAGE}?require-consent`);
  await whenReady(page);
  await seglet(page, "consent('granted')");
  await becomeReader(page);
  await expect.poll(() => changes(server)).toContainEqual(expect.objectContaining({ id: 'reader', op: 'enter' }));
  const { anonymousId } = (await syncLog(server))[0]!;
  await expect.poll(() => storedState(page)).toEqual({ anonymousId, members: ['reader'] });

  // The next page starts undecided, as every page with requireConsent does, until the site's consent
  // manager (loaded after seglet) confirms the decision it remembers.
  await page.reload();
  await whenReady(page);
  await seglet(page, "consent('granted')");
  await expect.poll(() => seglet(page, "has('reader')")).toBe(true);
  await expect.poll(() => storedState(page)).toEqual({ anonymousId, members: ['reader'] });
  await seglet(page, "track('fan')");
  const isFan = (b: Logged) => b.changes?.some((c) => c.id === 'fan' && c.op === 'enter');
  await expect.poll(async () => (await syncLog(server)).find(isFan)?.anonymousId, { timeout: 8000 }).toBe(anonymousId);
});

test('consent denied after granted: the device is wiped, segments are exited, and nothing more is sent', async ({ page, server }) => {
  await recordEvents(page);
  await page.goto(`${server.url}${PAGE}`);
  await whenReady(page);
  await becomeReader(page);
  await expect.poll(() => changes(server)).toContainEqual(expect.objectContaining({ id: 'reader', op: 'enter' }));
  await expect.poll(() => storedState(page)).toMatchObject({ members: ['reader'] });
  expect(await onDevice(page)).toEqual({ databases: ['seglet'], localStorage: ['seglet:segments'] });

  // A change still waiting for its batch (2 s) when consent is withdrawn is dropped with everything else:
  // the page withdraws consent the moment it hears of the change, well inside the batching delay.
  const deniedAt = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const s = (window as any).seglet;
        s.on('enter', (e: { segment: string }) => {
          if (e.segment !== 'fan') return;
          resolve(Date.now());
          s.consent('denied');
        });
        s.track('fan');
      }),
  );

  await expect.poll(() => exited(page)).toEqual(expect.arrayContaining(['reader', 'fan']));
  expect(await htmlClasses(page)).toEqual([]);
  await expect(page.locator('#reader-content')).toBeHidden();
  expect(await seglet(page, "has('reader')")).toBe(false);
  await expect.poll(() => onDevice(page)).toEqual({ databases: [], localStorage: [] });

  // More activity after the denial: still nothing stored, nothing sent.
  await clickInTurn(page, [page.locator('#read')]);
  await seglet(page, "track('fan')");
  await seglet(page, 'flush()');
  await page.waitForTimeout(SETTLE_MS);
  await seglet(page, 'flush()');
  expect(await onDevice(page)).toEqual({ databases: [], localStorage: [] });
  const log = await syncLog(server);
  expect(log.flatMap((b) => b.changes ?? [])).toEqual([expect.objectContaining({ id: 'reader', op: 'enter' })]);
  expect(log.filter((b) => Date.parse(b.sentAt ?? '') >= deniedAt)).toEqual([]);
  expect((await events(page)).filter((e) => e.type === 'error')).toEqual([]);
});

test('forget(): the device is wiped, segments are exited, the server is told, and the visitor starts over', async ({ page, server }) => {
  await recordEvents(page);
  await page.goto(`${server.url}${PAGE}`);
  await whenReady(page);
  await seglet(page, "identify('user-42')");
  await becomeReader(page);
  await expect.poll(() => changes(server)).toContainEqual(expect.objectContaining({ id: 'reader', op: 'enter' }));
  const { anonymousId, userId } = (await syncLog(server))[0]!;
  expect(anonymousId).toMatch(UUID);
  expect(userId).toBe(createHash('sha256').update('user-42').digest('hex'));
  await expect.poll(() => storedState(page)).toEqual({ anonymousId, members: ['reader'] });

  await seglet(page, 'forget()');
  await expect.poll(() => exited(page)).toEqual(['reader']);
  expect(await htmlClasses(page)).toEqual([]);
  await expect(page.locator('#reader-content')).toBeHidden();
  await expect.poll(() => syncLog(server)).toContainEqual({ v: 1, op: 'forget', anonymousId, userId });
  const forgets = (await syncLog(server)).filter((b) => b.op === 'forget');
  expect(forgets).toHaveLength(1);
  // Nothing of the forgotten visitor is left: no membership, not their id, no cached segments.
  await expect.poll(async () => (await storedState(page))?.members ?? []).toEqual([]);
  expect((await storedState(page))?.anonymousId).not.toBe(anonymousId);
  expect(await page.evaluate(() => localStorage.getItem('seglet:segments'))).toBeNull();

  // Consent still stands: later changes are synced under a new anonymous id, without the old user id.
  await seglet(page, "track('fan')");
  const isFan = (b: Logged) => b.changes?.some((c) => c.id === 'fan' && c.op === 'enter');
  await expect.poll(async () => (await syncLog(server)).filter(isFan), { timeout: 8000 }).toHaveLength(1);
  const after = (await syncLog(server)).find(isFan)!;
  expect(after.anonymousId).toMatch(UUID);
  expect(after.anonymousId).not.toBe(anonymousId);
  expect(after.userId).toBeNull();
  expect(after.segments).toEqual([expect.objectContaining({ id: 'fan' })]);
  // The exits forget() caused are not synced: the server deletes the visitor instead.
  expect((await changes(server)).filter((c) => c.op === 'exit')).toEqual([]);
});

/** Makes the browser send Global Privacy Control, as the visitor's browser or extension would. */
const sendGlobalPrivacyControl = (page: Page) =>
  page.addInitScript(() => Object.defineProperty(navigator, 'globalPrivacyControl', { get: () => true, configurable: true }));

test('Global Privacy Control: nothing is sent; segments still work on the device', async ({ page, server }) => {
  await sendGlobalPrivacyControl(page);
  await recordEvents(page);
  await page.goto(`${server.url}${PAGE}`);
  expect(await page.evaluate(() => (navigator as any).globalPrivacyControl)).toBe(true);
  await whenReady(page);
  await becomeReader(page);
  await expect(page.locator('#reader-content')).toBeVisible();
  await seglet(page, 'flush()');
  await page.waitForTimeout(SETTLE_MS);
  await seglet(page, 'flush()');
  expect(await server.syncLog()).toEqual([]);
});

test('Global Privacy Control with honorGlobalPrivacyControl: false: changes are sent', async ({ page, server }) => {
  await sendGlobalPrivacyControl(page);
  await configure(page, { honorGlobalPrivacyControl: false });
  await recordEvents(page);
  await page.goto(`${server.url}${PAGE}`);
  expect(await page.evaluate(() => (navigator as any).globalPrivacyControl)).toBe(true);
  await whenReady(page);
  await becomeReader(page);
  await expect.poll(() => changes(server), { timeout: 8000 }).toContainEqual(expect.objectContaining({ id: 'reader', op: 'enter' }));
});
