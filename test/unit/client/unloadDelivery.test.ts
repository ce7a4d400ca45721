import { afterEach, describe, expect, test, vi } from 'vitest';
import { createUnloadDelivery, DEFER_AFTER_MS } from '../../../src/client/sendOnUnload';

/** Each body's batch id: the page sends the bodies as the worker made them, without reading them. */
const idOf = new WeakMap<Blob, string>();
const blob = (id: string, json: unknown) => {
  const body = new Blob([JSON.stringify(json)], { type: 'application/json' });
  idOf.set(body, id);
  return body;
};
/** A copy as the worker makes it (workers/unloadCopy.ts): one body per batch, each batch to seal. */
const copy = (...batches: [batchId: string, count: number][]) => ({
  bodies: batches.map(([batchId, count]) => blob(batchId, { v: 1, batchId, sentAt: new Date().toISOString(), changes: Array(count).fill({ id: 's' }) })),
  sealed: batches.map(([batchId, count]) => ({ batchId, count })),
});
const none = { bodies: [], sealed: [] };
const g = globalThis as { fetchLater?: unknown };

afterEach(() => {
  delete g.fetchLater;
  vi.unstubAllGlobals();
});

describe('unload delivery', () => {
  test('with fetchLater a copy still undelivered after the wait is deferred, and replaced by the next; leaving only seals', () => {
    vi.useFakeTimers();
    const deferred: { body: Blob; signal: AbortSignal }[] = [];
    g.fetchLater = (_url: string, init: RequestInit) => void deferred.push({ body: init.body as Blob, signal: init.signal! });
    const fetch = vi.fn(() => Promise.resolve(new Response()));
    vi.stubGlobal('fetch', fetch);
    const sealed: unknown[] = [];
    const unload = createUnloadDelivery((sent) => sealed.push(sent));

    unload.hold({ url: '/sync', ...copy(['a', 1]) });
    vi.advanceTimersByTime(DEFER_AFTER_MS - 1);
    expect(deferred).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(deferred).toHaveLength(1);
    const newer = copy(['a', 2]);
    unload.hold({ url: '/sync', ...newer });
    expect(deferred[0]!.signal.aborted).toBe(true); // replaced by the newer copy
    vi.advanceTimersByTime(DEFER_AFTER_MS);
    expect(deferred).toHaveLength(2);
    expect(deferred[1]!.signal.aborted).toBe(false);
    expect(deferred[1]!.body).toBe(newer.bodies[0]);

    unload.leave();
    expect(fetch).not.toHaveBeenCalled(); // the browser sends the deferred copy itself
    expect(sealed).toEqual([[{ batchId: 'a', count: 2 }]]);

    unload.hold({ url: '/sync', ...none }); // delivered by the worker: nothing left to defer
    expect(deferred[1]!.signal.aborted).toBe(true);
    vi.useRealTimers();
  });

  test('a copy the worker delivers within the wait never costs a fetchLater; a hidden page defers at once', () => {
    vi.useFakeTimers();
    const fetchLater = vi.fn();
    g.fetchLater = fetchLater;
    const unload = createUnloadDelivery(() => {});
    unload.hold({ url: '/sync', ...copy(['a', 1]) });
    vi.advanceTimersByTime(2500);
    unload.hold({ url: '/sync', ...none }); // delivered
    vi.advanceTimersByTime(DEFER_AFTER_MS * 2);
    expect(fetchLater).not.toHaveBeenCalled();

    unload.hold({ url: '/sync', ...copy(['b', 1]) });
    unload.defer(); // the page is hidden
    unload.defer(); // twice: still one request
    expect(fetchLater).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(DEFER_AFTER_MS);
    expect(fetchLater).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });

  test('a page that leaves before the wait is over sends with keepalive, and defers nothing after', () => {
    vi.useFakeTimers();
    const fetchLater = vi.fn();
    g.fetchLater = fetchLater;
    const fetch = vi.fn((_url: string, _init: RequestInit) => Promise.resolve(new Response()));
    vi.stubGlobal('fetch', fetch);
    const unload = createUnloadDelivery(() => {});
    unload.hold({ url: '/sync', ...copy(['a', 1]) });
    unload.leave();
    expect(fetch.mock.calls.map(([, init]) => [idOf.get(init.body as Blob), init.keepalive])).toEqual([['a', true]]);
    unload.defer();
    vi.advanceTimersByTime(DEFER_AFTER_MS);
    expect(fetchLater).not.toHaveBeenCalled();
    vi.useRealTimers();
  });

  test('over fetchLater\'s quota the rest goes with keepalive on leaving', () => {
    let calls = 0;
    g.fetchLater = () => {
      if (++calls > 1) throw new DOMException('quota', 'QuotaExceededError');
    };
    const fetch = vi.fn((_url: string, _init: RequestInit) => Promise.resolve(new Response()));
    vi.stubGlobal('fetch', fetch);
    const unload = createUnloadDelivery(() => {});
    unload.hold({ url: '/sync', ...copy(['a', 1], ['b', 1]) });
    unload.defer();
    unload.leave();
    expect(fetch.mock.calls.map(([, init]) => [idOf.get(init.body as Blob), init.keepalive])).toEqual([['b', true]]);
  });

  test('without fetchLater leaving sends every body with keepalive, as it is, and seals what the worker lists', () => {
    const fetch = vi.fn((_url: string, _init: RequestInit) => Promise.resolve(new Response()));
    vi.stubGlobal('fetch', fetch);
    const sealed: unknown[] = [];
    const unload = createUnloadDelivery((sent) => sealed.push(sent));
    unload.leave(); // nothing held: nothing sent, nothing sealed
    unload.hold({ url: '/sync', ...none });
    unload.leave();
    expect(sealed).toEqual([]);
    const forget = blob('forget', { v: 1, op: 'forget', anonymousId: 'v1', userId: null });
    const batches = copy(['a', 2]);
    unload.hold({ url: '/sync', ...{ bodies: [forget, ...batches.bodies], sealed: batches.sealed } });
    unload.leave();
    expect(fetch.mock.calls.map(([url, init]) => [url, init.body, init.keepalive, init.method])).toEqual([
      ['/sync', forget, true, 'POST'],
      ['/sync', batches.bodies[0], true, 'POST'],
    ]);
    expect(sealed).toEqual([[{ batchId: 'a', count: 2 }]]);
  });
});
