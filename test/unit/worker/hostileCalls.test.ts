import { afterEach, describe, expect, test } from 'vitest';
import type { EngineApi, WorkerMessage } from '../../../src/protocol';
import { serve } from '../../../workers/serve';
import { deleteStorage } from '../../../workers/storage';
import { attachTab, clicks, makeHost, storedJson, until } from './workerHarness';

afterEach(() => deleteStorage());

const METHODS: (keyof EngineApi)[] = [
  'hello', 'start', 'ingest', 'getSegments', 'getContext', 'explain', 'inspect', 'setConsent', 'flush', 'refreshModel',
  'identify', 'seal', 'forget',
];

/** A seeded pseudo-random source (mulberry32): every run draws the same cases, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values no documented call takes: wrong types, huge, cyclic, throwing getters, proxies that throw on every trap. */
function hostileValues(): { name: string; value: unknown; cloneable: boolean }[] {
  const cyclic: Record<string, unknown> = { id: 'news', consent: 'granted' };
  cyclic.self = cyclic;
  cyclic.when = cyclic;
  const cyclicList: unknown[] = [];
  cyclicList.push(cyclicList);
  const getter = { get consent(): never { throw new Error('getter'); }, get id(): never { throw new Error('getter'); } };
  const trap = () => {
    throw new Error('trap');
  };
  const proxy = new Proxy({}, { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap });
  const portLike = { get postMessage(): never { throw new Error('getter'); } };
  return [
    { name: 'undefined', value: undefined, cloneable: true },
    { name: 'null', value: null, cloneable: true },
    { name: 'NaN', value: NaN, cloneable: true },
    { name: '-Infinity', value: -Infinity, cloneable: true },
    { name: '-0', value: -0, cloneable: true },
    { name: 'a number', value: 42, cloneable: true },
    { name: 'true', value: true, cloneable: true },
    { name: 'a BigInt', value: 10n ** 30n, cloneable: true },
    { name: "'bogus'", value: 'bogus', cloneable: true },
    { name: 'an empty string', value: '', cloneable: true },
    { name: 'a 1 MB string', value: 'x'.repeat(1 << 20), cloneable: true },
    { name: 'markup', value: '<img src=x onerror=alert(1)>', cloneable: true },
    { name: '100,000 zeros', value: new Array(100_000).fill(0), cloneable: true },
    { name: '10,000 objects', value: Array.from({ length: 10_000 }, (_, i) => ({ id: `r${i}`, batchId: 'b', count: 1 })), cloneable: true },
    { name: 'a nested array', value: JSON.parse('['.repeat(2000) + ']'.repeat(2000)), cloneable: true },
    { name: 'a cyclic object', value: cyclic, cloneable: true },
    { name: 'a cyclic array', value: cyclicList, cloneable: true },
    { name: 'a Date', value: new Date(0), cloneable: true },
    { name: 'a Map', value: new Map([['consent', 'denied']]), cloneable: true },
    { name: 'an Error', value: new TypeError('x'), cloneable: true },
    { name: 'a __proto__ key', value: JSON.parse('{"__proto__": {"consent": "denied"}, "context": {}}'), cloneable: true },
    { name: 'start options with a bad consent', value: { consent: 'denied ', context: {} }, cloneable: true },
    { name: 'a symbol', value: Symbol('s'), cloneable: false },
    { name: 'a function', value: () => 'granted', cloneable: false },
    { name: 'throwing getters', value: getter, cloneable: false },
    { name: 'a proxy that throws on every trap', value: proxy, cloneable: false },
    { name: 'a port whose postMessage getter throws', value: portLike, cloneable: false },
  ];
}

/**
 * The calls to make: every method with each hostile value alone, then with lists of 2 or 3 drawn from `next`
 * (never none: `forget()` is a call as documented).
 */
function hostileCalls(next: () => number, cloneable: boolean) {
  const values = hostileValues().filter((v) => !cloneable || v.cloneable);
  const calls: { method: keyof EngineApi; args: unknown[]; label: string }[] = [];
  for (const method of METHODS) {
    const lists = [...values.map((v) => [v]), ...Array.from({ length: 8 }, () => values.filter(() => next() < 3 / values.length))];
    for (const picked of lists.filter((list) => list.length > 0)) {
      calls.push({ method, args: picked.map((v) => v.value), label: `${method}(${picked.map((v) => v.name).join(', ')})` });
    }
  }
  return calls;
}

/** Settles `value` or fails the test: a call that never answers is a hang. */
async function settles(value: unknown, what: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} hung`)), 3000)));
  await Promise.race([Promise.resolve(value).catch(() => {}), hang]).finally(() => clearTimeout(timer));
}

/** A started host with a member of `news`, stored; `observer` is a second tab that must hear nothing. */
async function world() {
  const host = makeHost();
  const tab = attachTab(host);
  const observer = attachTab(host);
  await tab.start();
  await observer.start();
  tab.send(clicks());
  await until(() => observer.heard.some((m) => m.type === 'change'));
  await tab.call('flush', []);
  observer.heard.length = 0;
  tab.heard.length = 0;
  return { host, tab, observer };
}

/** What must not change when a call is refused: the memberships, what is stored, and what other tabs hear. */
async function state(call: (method: keyof EngineApi, args: unknown[]) => Promise<unknown>, observer: { heard: WorkerMessage[] }) {
  return { segments: JSON.stringify(await call('getSegments', [])), stored: await storedJson(), heard: observer.heard.length };
}
const refusals = (heard: WorkerMessage[]) =>
  heard.filter((m) => m.type === 'error' && ['invalid_argument', 'invalid_event', 'internal'].includes(m.error.code)).length;

describe('every method, driven with hostile arguments', () => {
  test('through the worker boundary (structured clone, serve): every call answers, and a refused one changes nothing', async () => {
    const next = random(11);
    const { host, tab, observer } = await world();
    const api = host.connect();
    const { port1, port2 } = new MessageChannel();
    serve(api, port1);
    const replies = new Map<number, unknown>();
    port2.onmessage = ({ data }) => replies.set(data.id, data);
    let id = 0;
    for (const { method, args, label } of hostileCalls(next, true)) {
      const before = await state(tab.call, observer);
      const told = refusals(tab.heard);
      // The tab's own connection: refusals are told to it. A raw one checks every call gets an answer.
      const answered = tab.call(method, args);
      const raw = ++id;
      port2.postMessage({ id: raw, method, args });
      await settles(answered, label);
      await until(() => replies.has(raw));
      if (refusals(tab.heard) > told) expect(await state(tab.call, observer), label).toEqual(before);
    }
    expect(refusals(tab.heard)).toBeGreaterThan(250);
    expect(observer.heard.filter((m) => m.type === 'consent' || m.type === 'change')).toEqual([]);
    port1.close();
    port2.close();
    tab.close();
    observer.close();
  }, 60_000);

  test('called directly (the main-thread fallback): no throw, no hang, and a refused call changes nothing', async () => {
    const next = random(7);
    const { host, tab, observer } = await world();
    const api = host.connect() as unknown as Record<keyof EngineApi, (...args: unknown[]) => unknown>;
    const heard: WorkerMessage[] = [];
    await api.start({ consent: 'granted', context: {} }, { postMessage: (m: WorkerMessage) => heard.push(m), addEventListener() {} });
    for (const { method, args, label } of hostileCalls(next, false)) {
      const before = await state(tab.call, observer);
      const told = refusals(heard);
      let result: unknown;
      expect(() => (result = api[method](...args)), label).not.toThrow();
      await settles(result, label);
      if (refusals(heard) > told) expect(await state(tab.call, observer), label).toEqual(before);
    }
    expect(refusals(heard)).toBeGreaterThan(300);
    expect(observer.heard.filter((m) => m.type === 'consent' || m.type === 'change')).toEqual([]);
    tab.close();
    observer.close();
  }, 60_000);
});
