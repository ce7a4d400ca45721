import { afterEach, describe, expect, test } from 'vitest';
import type { WorkerMessage } from '../../../src/protocol';
import { deleteStorage } from '../../../workers/storage';
import { attachTab, clicks, makeHost, storedJson, until } from './workerHarness';

afterEach(() => deleteStorage());

const errors = (heard: WorkerMessage[]) => heard.flatMap((m) => (m.type === 'error' ? [m.error] : []));

/** Two started tabs of one host; `a` is a member of `news`, and the state is stored. */
async function twoTabs() {
  const host = makeHost();
  const a = attachTab(host);
  const b = attachTab(host);
  await a.start();
  await b.start();
  a.send(clicks());
  await until(() => a.heard.some((m) => m.type === 'change'));
  await a.call('flush', []);
  a.heard.length = 0;
  b.heard.length = 0;
  return { host, a, b, close: () => (a.close(), b.close()) };
}

describe('calls with bad arguments are refused at the worker boundary', () => {
  test("setConsent('bogus') is an invalid_argument error to that tab alone; segments, consent and storage are kept", async () => {
    const { a, b, close } = await twoTabs();
    const before = await storedJson();
    expect(before).toContain('"news"');
    await b.call('setConsent', ['bogus']);
    await until(() => errors(b.heard).length > 0);
    expect(errors(b.heard)).toEqual([{ code: 'invalid_argument', message: expect.stringMatching(/^setConsent: argument rejected at 0: /) }]);
    expect(a.heard).toEqual([]);
    expect(((await b.call('getSegments', [])) as { id: string }[]).map((m) => m.id)).toEqual(['news']);
    expect(await storedJson()).toBe(before);
    // Consent is still granted: a change is still stored.
    a.send([{ name: 'add_to_cart', at: 999_999 }]);
    await a.call('flush', []);
    expect(await storedJson()).not.toBe(before);
    close();
  });

  test.each([
    ['explain', 'a number', [42]],
    ['explain', 'a 10 KB id', ['x'.repeat(10_000)]],
    ['identify', 'an empty id', ['', '']],
    ['identify', 'an object for the id', [{ toString: 'user-1' }, '']],
    ['identify', 'a number for the salt', ['user-1', 7]],
    ['seal', 'a string', ['not a list']],
    ['seal', 'a negative count', [[{ batchId: 'b', count: -1 }]]],
    ['seal', '1,000 batches', [Array.from({ length: 1000 }, () => ({ batchId: 'b', count: 1 }))]],
    ['getSegments', 'an argument too many', ['extra']],
    ['forget', 'an argument too many', [true]],
    ['flush', 'an argument too many', [1]],
    ['refreshModel', 'an argument too many', [{}]],
    ['inspect', 'an argument too many', [null]],
  ])('%s with %s changes nothing and tells the tab', async (method, _, args) => {
    const { a, b, close } = await twoTabs();
    const before = await storedJson();
    await b.call(method as never, args);
    await until(() => errors(b.heard).length > 0);
    expect(errors(b.heard)).toEqual([{ code: 'invalid_argument', message: expect.stringContaining(`${method}: argument rejected`) }]);
    expect(a.heard).toEqual([]);
    expect(((await a.call('getSegments', [])) as { id: string }[]).map((m) => m.id)).toEqual(['news']);
    expect(await storedJson()).toBe(before);
    close();
  });

  test('a start with bad options joins nothing and is told so on the port it gave', async () => {
    const { host, a, b, close } = await twoTabs();
    const before = await storedJson();
    for (const bad of [{ consent: 'maybe' }, { context: { device: { nested: true } } }, { rules: 'news' }, { modelRefresh: -1 }, { sync: 5 }]) {
      const c = attachTab(host);
      expect(await c.start(bad as never)).toBeUndefined();
      await until(() => errors(c.heard).length === 1);
      expect(errors(c.heard)[0]).toMatchObject({ code: 'invalid_argument', message: expect.stringMatching(/^start: argument rejected at 0\./) });
      c.close();
    }
    expect(a.heard).toEqual([]);
    expect(b.heard).toEqual([]);
    expect(await storedJson()).toBe(before);
    close();
  });

  test('a call with no port to tell (the tab never started) fails with the error', async () => {
    const c = attachTab(makeHost());
    await expect(c.call('setConsent', ['bogus'])).rejects.toThrow(/^invalid_argument: setConsent: argument rejected/);
    await expect(c.call('start', [{ consent: 'granted', context: {} }, 'not a port'])).rejects.toThrow(/must be a MessagePort/);
    c.close();
  });

  test('rules that cannot be copied as data (cycles, getters that throw) are refused with the start', async () => {
    const host = makeHost();
    const api = host.connect();
    const heard: WorkerMessage[] = [];
    const port = { postMessage: (m: WorkerMessage) => void heard.push(m), addEventListener() {} };
    const cyclic: Record<string, unknown> = { id: 'loop' };
    cyclic.when = cyclic;
    const throwing = { id: 'x', get when(): never { throw new Error('getter'); } };
    for (const rules of [[cyclic], [throwing], [{ id: 'big', note: 'x'.repeat(300_000) }]]) {
      expect(await api.start({ consent: 'granted', context: {}, rules }, port as never)).toBeUndefined();
    }
    expect(errors(heard).map((e) => e.code)).toEqual(['invalid_argument', 'invalid_argument', 'invalid_argument']);
    expect(await storedJson()).toBeNull(); // no start ran: nothing was opened
  });
});
