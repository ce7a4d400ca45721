import type { Page } from '@playwright/test';
import { PROTOCOL_VERSION } from '../../src/protocol';
import { clickInTurn, events, expect, recordEvents, test } from './fixtures';

interface Membership {
  id: string;
  since: number;
  expiresAt: number | null;
}

const ready = (page: Page) => page.waitForFunction(() => (window as any).__events?.some((e: any) => e.type === 'ready'));
const segments = (page: Page) => page.evaluate(() => (window as any).seglet.segments()) as Promise<Membership[]>;

/** The members seglet stored in IndexedDB (null without a database), read without creating anything. */
function storedMembers(page: Page) {
  return page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'seglet')) return null;
    return new Promise<string[]>((resolve, reject) => {
      const open = indexedDB.open('seglet');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        db.onversionchange = () => db.close();
        const get = db.transaction('kv').objectStore('kv').get('state');
        get.onsuccess = () => {
          db.close();
          const members = Object.entries(get.result?.engine.members ?? {}) as [string, { member: boolean }][];
          resolve(members.filter(([, m]) => m.member).map(([id]) => id));
        };
        get.onerror = () => (db.close(), reject(get.error));
      };
    });
  });
}

test('a bad call posted straight into the worker gets an error back and changes nothing', async ({ page, server }) => {
  await recordEvents(page);
  await page.goto(`${server.url}/t/page-rules.html?with-rule`);
  await ready(page);
  await clickInTurn(page, [page.locator('#read')]);
  await expect.poll(() => storedMembers(page)).toEqual(['reader']);

  // Any script of the origin can reach seglet's SharedWorker by its URL and name, and speak its call protocol.
  const answers = await page.evaluate(async (name) => {
    const worker = new SharedWorker('/seglet/seglet.worker.js', { name });
    const port = worker.port;
    const replies: unknown[] = [];
    const told: unknown[] = [];
    port.onmessage = ({ data }) => replies.push(data);
    const events = new MessageChannel();
    events.port1.onmessage = ({ data }) => told.push(data);
    const settled = (n: number) =>
      new Promise<void>((resolve) => {
        const look = () => (replies.length >= n ? resolve() : setTimeout(look, 10));
        look();
      });
    // Unstarted: the error comes back as the call's reply.
    port.postMessage({ id: 1, method: 'setConsent', args: ['bogus'] });
    await settled(1);
    // Started as a tab (joining undecided, which changes nothing): the error comes to that tab's port.
    port.postMessage({ id: 2, method: 'start', args: [{ consent: 'pending', context: {} }, events.port2] }, [events.port2]);
    await settled(2);
    port.postMessage({ id: 3, method: 'setConsent', args: ['bogus'] });
    await settled(3);
    while (!told.some((m: any) => m.type === 'error')) await new Promise((r) => setTimeout(r, 10));
    port.close();
    return { replies, told };
  }, `seglet${PROTOCOL_VERSION}`);

  expect(answers.replies[0]).toEqual({ id: 1, error: { name: 'Error', message: expect.stringMatching(/^invalid_argument: setConsent: argument rejected/) } });
  expect(answers.told).toContainEqual({ type: 'error', error: { code: 'invalid_argument', message: expect.stringMatching(/^setConsent: argument rejected/) } });
  // The page heard nothing of it, and keeps its segment, its content and its stored state.
  expect((await events(page)).filter((e) => e.type === 'error' || e.type === 'exit')).toEqual([]);
  expect((await segments(page)).map((m) => m.id)).toEqual(['reader']);
  await expect(page.locator('#reader-content')).toBeVisible();
  expect(await storedMembers(page)).toEqual(['reader']);
});

test("page rules: a member of a page rule stays one, with the same expiry, on a page that does not push the rule", async ({ page, server }) => {
  await recordEvents(page);
  await page.goto(`${server.url}/t/page-rules.html?with-rule`);
  await ready(page);
  await clickInTurn(page, [page.locator('#read')]);
  await expect.poll(async () => (await segments(page)).map((m) => m.id)).toEqual(['reader']);
  const [member] = await segments(page);
  expect(member!.expiresAt).toBeGreaterThan(member!.since);

  await page.goto(`${server.url}/t/page-rules.html`);
  await ready(page);
  expect(await segments(page)).toEqual([member]);
  await expect(page.locator('#reader-content')).toBeVisible();
  expect((await events(page)).filter((e) => e.type === 'exit' || e.type === 'error')).toEqual([]);
});
