import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { createCaller } from '../../../src/client/createCaller';
import { PROTOCOL_VERSION, type EngineApi, type WorkerMessage } from '../../../src/protocol';
import { createHost, type Host } from '../../../workers/createHost';
import { serve } from '../../../workers/serve';
import { retryAfterMs } from '../../../workers/createSync';
import { deleteStorage, openStorage } from '../../../workers/storage';

const news = { id: 'news', when: { count: 'click', where: { key: { prefix: 'headline' } }, within: '1m', gte: 3 }, ttl: '30m' };
let server: Server;
let base = '';
let model: unknown = { version: 'v1', rules: [news] };
let status = 200;
let modelRequests: (string | string[] | null)[] = [];
/** What the sync endpoint received, and the replies it is told to give (200 once they run out). */
let received: { status: number; batch: any }[] = [];
let syncReplies: [number, Record<string, string>][] = [];
/** Stands in for the worker global's `online` event. */
const network = new EventTarget();

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.method === 'POST') {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => {
        const [status, headers] = syncReplies.shift() ?? [200, {}];
        received.push({ status, batch: JSON.parse(text) });
        res.writeHead(status, headers).end();
      });
      return;
    }
    const body = typeof model === 'string' ? model : JSON.stringify(model);
    const etag = `"${body.length}-${[...body].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 0)}"`;
    modelRequests.push(req.headers['if-none-match'] ?? null);
    if (status === 200 && req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(status, { 'content-type': 'application/json', etag });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
afterEach(async () => {
  model = { version: 'v1', rules: [news] };
  status = 200;
  modelRequests = [];
  received = [];
  syncReplies = [];
  await deleteStorage();
});

/** A worker host (one engine, as in a SharedWorker) and its first tab. */
function connect(deps: Partial<Parameters<typeof createHost>[0]> = {}, timeoutMs = 2_000) {
  const clock = { t: 1_000_000 };
  const host = createHost({
    now: () => clock.t,
    openStorage,
    deleteStorage,
    fetch,
    language: 'en-GB',
    uuid: () => crypto.randomUUID(),
    onOnline: (callback) => network.addEventListener('online', callback),
    ...deps,
  });
  return { ...attach(host, timeoutMs), clock, host };
}

/**
 * A tab's connection to `host`: served as in the worker on one end of a MessageChannel, called through seglet's
 * caller, and sent events one way (`send`) as the page does.
 */
function attach(host: Host, timeoutMs = 2_000) {
  const api = host.connect();
  const { port1, port2 } = new MessageChannel();
  serve(api, port1);
  const call = createCaller(port2 as unknown as Worker, timeoutMs);
  const send = (events: unknown[]) => port2.postMessage({ method: 'ingest', args: [events] });
  const messages: WorkerMessage[] = [];
  const events = new MessageChannel();
  events.port1.onmessage = (e) => messages.push(e.data);
  const start = (options: Partial<Parameters<EngineApi['start']>[0]> = {}) =>
    call('start', [{ consent: 'granted', context: {}, ...options }, events.port2], [events.port2]);
  const close = () => (port1.close(), port2.close(), events.port1.close());
  return { api, call, send, messages, start, close };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 600 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};
const clicks = (t: number, n = 3) =>
  Array.from({ length: n }, (_, i) => ({ name: 'click', at: t - (n - i) * 1000, props: { key: `headline-${i}` } }));
/** A visit that fetched the model, entered its rule `news` and stored it all, then closed. */
async function storeModelMember() {
    const w = connect();
    await w.start({ model: `${base}/model.json` });
    await w.call('ingest', [clicks(w.clock.t)]);
    await until(() => w.messages.some((m) => m.type === 'change'));
    await w.call('flush', []);
    w.close();
}
/** Two tabs of one engine, both started with the `news` rule. */
async function twoTabs() {
  const a = connect();
  const b = attach(a.host);
  await a.start({ rules: [news] });
  await b.start({ rules: [news] });
  return [a, b] as const;
}
/** Storage that counts its writes. */
function countingStorage() {
  const writes = { puts: 0 };
  const open = async () => {
    const storage = await openStorage();
    return { ...storage, put: (key: string, value: unknown) => (writes.puts++, storage.put(key, value)) };
  };
  return { writes, open };
}

describe('the worker boundary (serve ↔ seglet caller, over a MessageChannel)', () => {
  test('handshake returns the protocol version', async () => {
    const w = connect();
    expect(await w.call('hello', [])).toBe(PROTOCOL_VERSION);
    w.close();
  });

  test('errors thrown in the worker arrive as Error objects with their message', async () => {
    const w = connect();
    (w.api as unknown as Record<string, unknown>).getSegments = () => {
      throw new TypeError('boom');
    };
    await expect(w.call('getSegments', [])).rejects.toMatchObject({ message: 'boom', name: 'TypeError' });
    w.close();
  });

  test('messages that are not calls of the engine get no reply and run nothing; a result that cannot be cloned is an error', async () => {
    const w = connect();
    const raw = new MessageChannel();
    serve(w.api, raw.port1);
    const replies: unknown[] = [];
    raw.port2.onmessage = (e) => replies.push(e.data);
    for (const message of [null, 'hello', { id: 1, method: 'toString', args: [] }, { id: 2, method: '__proto__', args: [] },
      { id: 3, method: 'hello' }, { id: 4, type: 'APPLY', path: ['hello'] }, { method: 'hello', args: [] }]) {
      raw.port2.postMessage(message);
    }
    raw.port2.postMessage({ id: 5, method: 'hello', args: [] });
    await until(() => replies.length > 0);
    await new Promise((r) => setTimeout(r, 20));
    expect(replies).toEqual([{ id: 5, value: PROTOCOL_VERSION }]);

    (w.api as unknown as Record<string, unknown>).getContext = () => ({ fn: () => {} });
    await expect(w.call('getContext', [])).rejects.toMatchObject({ name: 'DataCloneError' });
    raw.port1.close();
    w.close();
  });

  test('a wedged call is cut off by the timeout, with code "timeout"; later calls still work', async () => {
    const w = connect({}, 50);
    (w.api as unknown as Record<string, unknown>).flush = () => new Promise(() => {});
    await expect(w.call('flush', [])).rejects.toMatchObject({ message: 'flush timed out', code: 'timeout' });
    expect(await w.call('hello', [])).toBe(PROTOCOL_VERSION);
    w.close();
  });

  test('a worker error event fails every pending call at once', async () => {
    const target = new EventTarget() as EventTarget & { postMessage(): void };
    target.postMessage = () => {};
    const call = createCaller(target as unknown as Worker, 10_000);
    const pending = call('hello', []);
    target.dispatchEvent(Object.assign(new Event('error'), { message: 'script 404' }));
    await expect(pending).rejects.toThrow('worker failed: script 404');
  });

  test('events in (one way), change messages out; state survives a new worker on the same database', async () => {
    const w = connect();
    expect(await w.start({ rules: [news] })).toMatchObject({ segments: [], entered: [] });
    w.send(clicks(w.clock.t));
    await until(() => w.messages.length > 0);
    expect(w.messages[0]).toMatchObject({ type: 'change', change: { entered: ['news'], segments: ['news'] } });
    await w.call('flush', []);
    w.close();

    const again = connect();
    again.clock.t += 5_000;
    // The tab starts showing the restored segment, as a change from nothing; the membership keeps its times.
    expect(await again.start({ rules: [news] })).toMatchObject({ segments: ['news'], entered: ['news'], exited: [], cluster: null });
    expect(await again.call('getSegments', [])).toEqual([
      { id: 'news', source: 'rule', since: 999_000, expiresAt: 1_000_000 - 3000 + 60_000 + 1_800_000, holdout: false },
    ]);
    again.close();
  });

  test('model rules are fetched, and the last model keeps working at the next start before the network answers', async () => {
    await storeModelMember();

    status = 503;
    const again = connect();
    expect((await again.start({ model: `${base}/model.json` })).segments).toEqual(['news']);
    await until(() => again.messages.some((m) => m.type === 'error'));
    expect(again.messages).toEqual([
      { type: 'error', error: { code: 'model_unavailable', message: expect.stringMatching(/HTTP 503; keeping the last good model/) } },
    ]);
    again.close();
  });

  test('a returning visitor who starts undecided and grants before the model answers keeps the model rules\' segments', async () => {
    await storeModelMember();

    // The network does not answer: the stored model is all there is, and an undecided start reads no storage.
    const again = connect({ fetch: () => new Promise<Response>(() => {}) });
    await again.start({ model: `${base}/model.json`, consent: 'pending' });
    await again.call('setConsent', ['granted']);
    expect((await again.call('getSegments', [])).map((m) => m.id)).toEqual(['news']);
    expect(again.messages.filter((m) => m.type === 'change' && m.change.exited.length)).toEqual([]);
    // The stored model stays stored: the next page, offline too, starts with it.
    await again.call('flush', []);
    again.close();
    const third = connect({ fetch: () => new Promise<Response>(() => {}) });
    expect((await third.start({ model: `${base}/model.json` })).segments).toEqual(['news']);
    third.close();
  });

  test('the model is revalidated with If-None-Match; a 304 keeps the cached copy', async () => {
    const w = connect();
    await w.start({ model: `${base}/model.json` });
    await until(() => w.messages.some((m) => m.type === 'change') || modelRequests.length > 0);
    await w.call('ingest', [clicks(w.clock.t)]);
    await until(() => w.messages.some((m) => m.type === 'change'));
    await w.call('flush', []);
    w.close();
    const again = connect();
    await again.start({ model: `${base}/model.json` });
    await until(() => modelRequests.length === 2);
    expect(modelRequests[0]).toBeNull();
    expect(modelRequests[1]).toMatch(/^"\d+-/);
    await again.call('refreshModel', []);
    expect((await again.call('getSegments', [])).map((m) => m.id)).toEqual(['news']);
    expect(again.messages.filter((m) => m.type === 'error')).toEqual([]);
    again.close();
  });

  test.each([
    ['malformed JSON', '{"version": "v2", "rules": [', 'model_invalid', /is not JSON/],
    ['a model of the wrong shape', { version: 'v2', features: ['page_velocity'], scaler: { mean: [1, 2], std: [1] }, centroids: [] }, 'model_invalid', /rejected, model\.scaler\.mean: needs 1 numbers/],
    ['a 500', null, 'model_unavailable', /HTTP 500/],
  ])('%s: an error, and the last good model stays in force', async (_, bad, code, message) => {
    const w = connect({}, 2_000);
    await w.start({ model: `${base}/model.json`, modelRefresh: 60_000 });
    await w.call('refreshModel', []); // joins the start-up revalidation: the good model is in force
    expect(modelRequests).toHaveLength(1);
    if (bad === null) status = 500;
    else model = bad;
    await w.call('refreshModel', []);
    await until(() => w.messages.some((m) => m.type === 'error'));
    expect(w.messages.find((m) => m.type === 'error')).toEqual({ type: 'error', error: { code, message: expect.stringMatching(message) } });
    await w.call('ingest', [clicks(w.clock.t)]);
    await until(() => w.messages.some((m) => m.type === 'change'));
    expect((await w.call('getSegments', [])).map((m) => m.id)).toEqual(['news']);
    w.close();
  });

  test('a network failure is an error; a later good model replaces the old one on the refresh timer', async () => {
    const w = connect();
    await w.start({ model: 'http://127.0.0.1:9/unreachable.json' });
    await until(() => w.messages.some((m) => m.type === 'error'));
    expect(w.messages[0]).toMatchObject({ type: 'error', error: { code: 'model_unavailable' } });
    w.close();

    const timed = connect();
    await timed.start({ model: `${base}/model.json`, modelRefresh: 50 });
    await until(() => modelRequests.length >= 1);
    model = { version: 'v2', rules: [{ id: 'clicker', when: { count: 'click', within: '1m', gte: 1 } }] };
    await until(() => modelRequests.length >= 3);
    await timed.call('ingest', [clicks(timed.clock.t, 1)]);
    await until(() => timed.messages.some((m) => m.type === 'change'));
    expect((await timed.call('getSegments', [])).map((m) => m.id)).toEqual(['clicker']);
    timed.close();
  });

  test('model and sync are resolved against the base URL the page sends; a URL that does not parse is reported', async () => {
    const requested: string[] = [];
    const w = connect({ fetch: (url, init) => (requested.push(String(url)), fetch(url, init)) });
    // As a worker started from a blob has no base URL of its own, the page's comes with the start.
    await w.start({ model: 'model.json', sync: '../sync', base: `${base}/shop/page.html?q=1` });
    await w.call('ingest', [clicks(w.clock.t)]);
    await until(() => w.messages.some((m) => m.type === 'change'));
    await w.call('flush', []);
    await until(() => received.length === 1);
    expect(requested).toEqual([`${base}/shop/model.json`, `${base}/sync`]);
    w.close();

    const bad = connect();
    await bad.start({ model: 'http://[bad', base: `${base}/` });
    await until(() => bad.messages.some((m) => m.type === 'error'));
    expect(bad.messages[0]).toMatchObject({ type: 'error', error: { code: 'model_unavailable' } });
    bad.close();
  });

  test('an invalid rule is reported with its id and path; the other rules keep working', async () => {
    const w = connect();
    const bad = { id: 'broken', when: { count: 'click', within: 'soon', gte: 1 } };
    await w.start({ rules: [bad, news] });
    await w.call('ingest', [clicks(w.clock.t)]);
    await until(() => w.messages.length >= 2);
    expect(w.messages[0]).toEqual({
      type: 'error',
      error: { code: 'invalid_rule', message: expect.stringMatching(/rule "broken" at when\.within: must be a duration/) },
    });
    expect(w.messages[1]).toMatchObject({ type: 'change', change: { entered: ['news'] } });
    w.close();
  });

  test('events sent one way are handled in order with the calls after them: a flush right after sends their change', async () => {
    const posted: string[] = [];
    const w = connect({ fetch: (url, init) => (posted.push(String(init?.body)), fetch(url, init)) });
    await w.start({ rules: [news], sync: `${base}/sync` });
    w.send(clicks(w.clock.t));
    await w.call('flush', []);
    // Posted by the flush itself, not 2 s later by the batch timer.
    expect(posted.map((body) => JSON.parse(body).changes)).toEqual([[expect.objectContaining({ id: 'news', op: 'enter' })]]);
    w.close();
  });

  test('a fault while handling events sent one way is an "internal" error to that tab alone; later events still count', async () => {
    const [w, other] = await twoTabs();
    // A BigInt survives structured cloning but not the JSON the rejection message quotes it in.
    w.send([{ name: 'click', at: 1n }]);
    w.send(null as never);
    await until(() => w.messages.filter((m) => m.type === 'error').length === 2);
    expect(w.messages.filter((m) => m.type === 'error').map((m) => (m as any).error)).toEqual([
      { code: 'internal', message: expect.stringMatching(/^ingest: TypeError: .*BigInt/) },
      { code: 'invalid_event', message: 'event rejected: null' },
    ]);
    w.send(clicks(w.clock.t));
    await until(() => w.messages.some((m) => m.type === 'change'));
    expect(other.messages.filter((m) => m.type === 'error')).toEqual([]);
    other.close();
    w.close();
  });

  test('malformed events are rejected at the boundary with an error; valid ones in the batch still count', async () => {
    const w = connect();
    await w.start({ rules: [news] });
    w.send([...clicks(w.clock.t), { name: '', at: 1 }, { name: 'x', at: 'now' }]);
    await until(() => w.messages.length >= 3);
    expect(w.messages.filter((m) => m.type === 'error').map((m) => (m as any).error.code)).toEqual([
      'invalid_event',
      'invalid_event',
    ]);
    expect(w.messages.some((m) => m.type === 'change')).toBe(true);
    w.close();
  });

  test('without IndexedDB the engine keeps working in memory and says so', async () => {
    const w = connect({ openStorage: () => Promise.reject(new Error('QuotaExceededError')) });
    await w.start({ rules: [news] });
    await w.call('ingest', [clicks(w.clock.t)]);
    await until(() => w.messages.length >= 2);
    expect(w.messages[0]).toMatchObject({ type: 'error', error: { code: 'storage_unavailable' } });
    expect(w.messages[1]).toMatchObject({ type: 'change', change: { entered: ['news'] } });
    w.close();
  });

  test('pending consent creates no database; denied wipes it and exits every segment', async () => {
    const w = connect();
    await w.start({ rules: [news], consent: 'pending' });
    await w.call('ingest', [clicks(w.clock.t)]);
    await w.call('flush', []);
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain('seglet');

    await w.call('setConsent', ['granted']);
    expect((await indexedDB.databases()).map((d) => d.name)).toContain('seglet');

    await w.call('setConsent', ['denied']);
    await until(() => w.messages.some((m) => m.type === 'change' && m.change.exited.includes('news')));
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain('seglet');
    expect(await w.call('getSegments', [])).toEqual([]);
    w.close();
  });

  test('a returning visitor granted after a pending start: the stored state goes on, with this page\'s events added', async () => {
    const first = connect();
    await first.start({ rules: [news], sync: `${base}/sync` });
    await first.call('ingest', [clicks(first.clock.t)]);
    await first.call('flush', []);
    await until(() => received.length === 1);
    const { anonymousId } = received[0]!.batch;
    first.close();

    const cart = { id: 'cart', when: { count: 'add_to_cart', within: '1h', gte: 1 } };
    const again = connect();
    again.clock.t += 60_000;
    await again.start({ rules: [news, cart], sync: `${base}/sync`, consent: 'pending' });
    await again.call('ingest', [[{ name: 'add_to_cart', at: again.clock.t }]]);
    await again.call('setConsent', ['granted']);
    expect((await again.call('getSegments', [])).map((m) => m.id).sort()).toEqual(['cart', 'news']);
    // The page showed only `cart`: it hears that `news` is back. Sync sends what the endpoint does not know yet.
    expect(again.messages.filter((m) => m.type === 'change').at(-1)).toMatchObject({ change: { entered: ['news'], exited: [] } });
    await again.call('flush', []);
    await until(() => received.some((r) => r.batch.changes.some((c: { id: string }) => c.id === 'cart')));
    // Each batch id once (the first visit's last batch may be delivered again: the endpoint stores it once).
    const batches = [...new Map(received.map((r) => [r.batch.batchId, r.batch])).values()];
    expect(batches.map((b) => [b.anonymousId, b.changes.map((c: { op: string; id: string }) => `${c.op} ${c.id}`)])).toEqual([
      [anonymousId, ['enter news']],
      [anonymousId, ['enter cart']],
    ]);
    const stored = (await (await openStorage()).get('state')) as { anonymousId: string };
    expect(stored.anonymousId).toBe(anonymousId);
    again.close();
  });

  test('the visit context: the page\'s device class, plus language, time zone and new vs returning', async () => {
    const w = connect();
    await w.start({ context: { device: 'tablet' } });
    expect(await w.call('getContext', [])).toEqual({
      device: 'tablet',
      language: 'en-GB',
      time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      visitor: 'new',
    });
    await w.call('flush', []);
    w.close();
    const again = connect();
    await again.start({ context: { device: 'tablet' } });
    expect(await again.call('getContext', [])).toMatchObject({ visitor: 'returning' });
    again.close();
  });

  test('writes are coalesced: a burst of events is one IndexedDB write, not one per event', async () => {
    const storage = countingStorage();
    const w = connect({ openStorage: storage.open });
    await w.start({ rules: [news] });
    for (let i = 0; i < 200; i++) await w.call('ingest', [[{ name: 'page_view', at: w.clock.t - 200_000 + i * 1000 }]]);
    expect(storage.writes.puts).toBe(0); // nothing yet: state is written at most once a second
    await until(() => storage.writes.puts > 0);
    expect(storage.writes.puts).toBe(1);
    w.close();
  });

  test('a segment change is written at once: a new worker on the same database right after it starts from it', async () => {
    const storage = countingStorage();
    const w = connect({ openStorage: storage.open });
    await w.start({ rules: [news] });
    w.send(clicks(w.clock.t));
    await w.call('hello', []); // answered after the events were handled
    expect(storage.writes.puts).toBe(1); // the change's write, begun there and then, not a second later
    w.close();
    // The last tab reloaded and took the worker with it: no flush came, no timer fired.
    const again = connect();
    expect((await again.start({ rules: [news] })).segments).toEqual(['news']);
    again.close();
  });

  test('sync: changes are batched (within 2 s), sent with the visitor\'s anonymous id, and a feature vector when the model asks', async () => {
    model = { version: 'v-collect', rules: [news], collectFeatures: true };
    const w = connect();
    await w.start({ model: `${base}/model.json`, sync: `${base}/sync` });
    await w.call('refreshModel', []);
    await w.call('ingest', [clicks(w.clock.t)]);
    await until(() => received.length === 1);
    const { batch } = received[0]!;
    expect(batch).toMatchObject({
      v: 1,
      batchId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      anonymousId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      userId: null,
      modelVersion: 'v-collect',
      bot: false,
      segments: [{ id: 'news', source: 'rule', since: 999_000 }],
      changes: [{ id: 'news', op: 'enter', at: 999_000, source: 'rule' }],
    });
    expect(Object.keys(batch.features)).toContain('engagement_score');
    expect(new Date(batch.sentAt).getTime()).toBeGreaterThan(0);
    w.close();
  });

  test('sync: a 503 with Retry-After is retried and delivered once; a 400 drops the batch with an error', async () => {
    syncReplies = [[503, { 'Retry-After': '0.05' }]];
    const w = connect();
    const buyer = { id: 'buyer', when: { count: 'purchase', within: '1h', gte: 1 } };
    await w.start({ rules: [news, buyer], sync: `${base}/sync` });
    await w.call('ingest', [clicks(w.clock.t)]);
    await w.call('flush', []);
    await until(() => received.length === 2);
    expect(received.map((r) => r.status)).toEqual([503, 200]);
    expect(received[1]!.batch.batchId).toBe(received[0]!.batch.batchId);

    syncReplies = [[400, {}]];
    await w.call('ingest', [[{ name: 'purchase', at: w.clock.t }]]);
    await w.call('flush', []);
    await until(() => w.messages.some((m) => m.type === 'error'));
    expect(received.at(-1)!.batch.changes).toEqual([expect.objectContaining({ id: 'buyer', op: 'enter' })]);
    expect(w.messages.find((m) => m.type === 'error')).toMatchObject({ error: { code: 'sync_failed', message: expect.stringContaining('HTTP 400') } });
    w.close();
  });

  test('Retry-After as seconds or as an HTTP date; absent, past or malformed falls back to backoff', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(retryAfterMs('2', now)).toBe(2000);
    expect(retryAfterMs('0.05', now)).toBe(50);
    expect(retryAfterMs('Sun, 22 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sun, 22 Nov 2026 09:59:00 GMT', now)).toBeNaN();
    expect(retryAfterMs(null, now)).toBeNaN();
    expect(retryAfterMs('soon', now)).toBeNaN();
    expect(retryAfterMs('0', now)).toBeNaN();
  });

  test('consent: changes made while pending are sent in the first batch after it is granted, not before', async () => {
    const w = connect();
    await w.start({ rules: [news], sync: `${base}/sync`, consent: 'pending' });
    await w.call('ingest', [clicks(w.clock.t)]);
    await until(() => w.messages.some((m) => m.type === 'change'));
    await w.call('flush', []);
    expect(received).toEqual([]);
    await w.call('setConsent', ['granted']);
    await w.call('flush', []);
    await until(() => received.length === 1);
    expect(received[0]!.batch.changes).toEqual([expect.objectContaining({ id: 'news', op: 'enter', at: 999_000 })]);
    w.close();
  });

  test('sync: after a network failure, the network coming back delivers at once instead of after the backoff', async () => {
    let offline = true;
    const flaky: typeof fetch = (input, init) => (offline ? Promise.reject(new TypeError('Failed to fetch')) : fetch(input, init));
    const w = connect({ fetch: flaky });
    await w.start({ rules: [news], sync: `${base}/sync` });
    await w.call('ingest', [clicks(w.clock.t)]);
    await w.call('flush', []);
    await new Promise((r) => setTimeout(r, 100)); // the first attempt failed; the next waits 0.5–1 s
    offline = false;
    const backAt = Date.now();
    network.dispatchEvent(new Event('online'));
    await until(() => received.length === 1);
    expect(Date.now() - backAt).toBeLessThan(300);
    expect(received[0]!.batch.changes).toEqual([expect.objectContaining({ id: 'news', op: 'enter' })]);
    w.close();
  });

  test('identify keeps and sends only the SHA-256 hex of the salted id, never the id', async () => {
    const w = connect();
    await w.start({ rules: [news], sync: `${base}/sync` });
    await w.call('identify', ['user-123', 'pepper']);
    await w.call('ingest', [clicks(w.clock.t)]);
    await w.call('flush', []);
    await until(() => received.length === 1);
    const hash = createHash('sha256').update('pepperuser-123').digest('hex');
    expect(received[0]!.batch.userId).toBe(hash);
    const stored = JSON.stringify(await (await openStorage()).get('state'));
    expect(stored).toContain(hash);
    expect(stored).not.toContain('user-123');
    await w.call('identify', ['', '']);
    await until(() => w.messages.some((m) => m.type === 'error'));
    expect(w.messages.find((m) => m.type === 'error')).toMatchObject({ error: { code: 'invalid_argument' } });
    w.close();
  });

  test('forget: the endpoint is told, everything on the device is wiped, every segment exits, a new anonymous id', async () => {
    const w = connect();
    await w.start({ rules: [news], sync: `${base}/sync` });
    await w.call('identify', ['user-9', '']);
    await w.call('ingest', [clicks(w.clock.t)]);
    await w.call('flush', []);
    await until(() => received.length === 1);
    const before = received[0]!.batch.anonymousId;
    await w.call('forget', []);
    await until(() => received.length === 2);
    expect(received[1]!.batch).toEqual({ v: 1, op: 'forget', anonymousId: before, userId: createHash('sha256').update('user-9').digest('hex') });
    expect(await w.call('getSegments', [])).toEqual([]);
    expect(w.messages.some((m) => m.type === 'change' && m.change.exited.includes('news'))).toBe(true);
    // The exits that forget() causes are not synced: the endpoint has just deleted this visitor.
    await w.call('flush', []);
    expect(received).toHaveLength(2);
    const stored = (await (await openStorage()).get('state')) as { anonymousId: string; engine: { history: unknown[] } } | undefined;
    expect(stored?.anonymousId ?? null).not.toBe(before);
    w.close();
  });

  test('an identify() still hashing when forget() comes does not tie the new visitor to the forgotten user', async () => {
    const w = connect();
    await w.start({ rules: [news], sync: `${base}/sync` });
    // The hash takes its time (a slow device): the forget posted right after it finishes first.
    const digest = crypto.subtle.digest.bind(crypto.subtle);
    const slow = vi.spyOn(crypto.subtle, 'digest').mockImplementation(async (...args) => {
      await new Promise((r) => setTimeout(r, 300));
      return digest(...args);
    });
    const identified = w.call('identify', ['user-7', '']);
    const forgotten = w.call('forget', []);
    await Promise.all([identified, forgotten]);
    slow.mockRestore();
    await w.call('ingest', [clicks(w.clock.t)]);
    await w.call('flush', []);
    await until(() => received.some((r) => !('op' in r.batch)));
    const batches = received.map((r) => r.batch).filter((b) => !('op' in b));
    expect(batches.map((b) => b.userId)).toEqual(batches.map(() => null));
    w.close();
  });

  test('a forget the endpoint cannot take yet is stored at once, with the new visitor, for the next page to send', async () => {
    const w = connect();
    await w.start({ rules: [news], sync: `${base}/sync` });
    await w.call('flush', []);
    syncReplies = [[503, {}], [503, {}]];
    const before = ((await (await openStorage()).get('state')) as { anonymousId: string }).anonymousId;
    await w.call('forget', []);
    await until(() => received.length >= 1); // refused: it waits in the outbox for a retry
    const stored = (await (await openStorage()).get('state')) as { anonymousId: string; outbox: { op?: string; anonymousId: string }[] };
    expect(stored.anonymousId).not.toBe(before);
    expect(stored.outbox).toEqual([expect.objectContaining({ op: 'forget', anonymousId: before })]);
    w.close();
  });

  test('a ttl expiry fires on time with no new event', async () => {
    let now = 1_000_000;
    const w = connect({ now: () => now });
    await w.start({ rules: [{ id: 'quick', when: { count: 'add_to_cart', within: 40, gte: 3 }, ttl: 30 }] });
    await w.call('ingest', [[1, 2, 3].map((i) => ({ name: 'add_to_cart', at: now - 4 + i }))]);
    await until(() => w.messages.length === 1);
    now += 1_000; // the worker's timer fires ~72 ms later by the real clock; the engine's clock says it is late
    await until(() => w.messages.length === 2);
    expect(w.messages[1]).toMatchObject({ type: 'change', change: { exited: ['quick'] } });
    w.close();
  });
});

describe('many tabs, one engine (the SharedWorker host)', () => {
  const entered = (tab: { messages: WorkerMessage[] }, id: string) =>
    tab.messages.some((m) => m.type === 'change' && m.change.entered.includes(id));

  test('events from two tabs count toward one rule; both tabs hear the change; sync sends it once', async () => {
    const a = connect();
    const b = attach(a.host);
    await a.start({ rules: [news], sync: `${base}/sync` });
    expect(await b.start({ rules: [news], sync: `${base}/sync` })).toMatchObject({ segments: [], entered: [] });
    const [first, second, third] = clicks(a.clock.t);
    await a.call('ingest', [[first!, second!]]);
    await b.call('ingest', [[third!]]);
    await until(() => entered(a, 'news') && entered(b, 'news'));
    expect(await b.call('getSegments', [])).toMatchObject([{ id: 'news' }]);
    await b.call('flush', []);
    await until(() => received.length === 1);
    expect(received[0]!.batch.changes).toEqual([{ id: 'news', op: 'enter', at: expect.any(Number), source: 'rule' }]);
    a.close();
    b.close();
  });

  test('a tab that joins later gets the segments so far; one closing leaves the other working', async () => {
    const a = connect();
    await a.start({ rules: [news] });
    await a.call('ingest', [clicks(a.clock.t)]);
    await until(() => entered(a, 'news'));
    const b = attach(a.host);
    expect((await b.start({ rules: [news] })).segments).toEqual(['news']);
    a.close();
    await b.call('ingest', [[{ name: 'add_to_cart', at: a.clock.t }]]);
    expect((await b.call('getSegments', [])).map((m) => m.id)).toEqual(['news']);
    b.close();
  });

  test("a bad event is reported to the tab that sent it, not to the others", async () => {
    const [a, b] = await twoTabs();
    await b.call('ingest', [[{ name: '', at: 1 } as never]]);
    await until(() => b.messages.some((m) => m.type === 'error'));
    expect(b.messages).toMatchObject([{ type: 'error', error: { code: 'invalid_event' } }]);
    await a.call('flush', []);
    expect(a.messages).toEqual([]);
    a.close();
    b.close();
  });

  test('consent is the visitor\'s: a decision in one tab reaches the others; a tab starting undecided undoes nothing', async () => {
    const a = connect();
    const b = attach(a.host);
    await a.start({ rules: [news], consent: 'pending' });
    await b.start({ rules: [news], consent: 'pending' });
    await a.call('setConsent', ['granted']);
    await until(() => b.messages.some((m) => m.type === 'consent'));
    expect(b.messages).toEqual([{ type: 'consent', consent: 'granted' }]);
    expect(a.messages).toEqual([]); // the tab that decided knows already
    expect((await indexedDB.databases()).map((d) => d.name)).toContain('seglet');

    const c = attach(a.host);
    await c.start({ rules: [news], consent: 'pending' });
    await until(() => c.messages.length > 0);
    expect(c.messages).toEqual([{ type: 'consent', consent: 'granted' }]); // told where things stand
    await c.call('ingest', [clicks(a.clock.t)]);
    await c.call('flush', []);
    expect(((await (await openStorage()).get('state')) as { engine: unknown }).engine).toBeTruthy();

    await c.call('setConsent', ['denied']);
    await until(() => a.messages.some((m) => m.type === 'consent' && m.consent === 'denied'));
    expect(b.messages.at(-1)).toMatchObject({ type: 'consent', consent: 'denied' });
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain('seglet');
    [a, b, c].forEach((tab) => tab.close());
  });

  test("a tab that joins with other page rules brings them in force (as a navigation would)", async () => {
    const a = connect();
    const b = attach(a.host);
    await a.start({ rules: [news] });
    const cart = { id: 'cart', when: { count: 'add_to_cart', within: '1h', gte: 1 } };
    await b.start({ rules: [cart] });
    await a.call('ingest', [[{ name: 'add_to_cart', at: a.clock.t }]]);
    await until(() => entered(a, 'cart'));
    a.close();
    b.close();
  });

  test('a batch a leaving tab handed on never gains changes: later ones go in a batch of their own', async () => {
    const a = connect();
    const b = attach(a.host);
    const cart = { id: 'cart', when: { count: 'add_to_cart', within: '1h', gte: 1 } };
    await a.start({ rules: [news, cart], sync: `${base}/sync` });
    await b.start({ rules: [news, cart], sync: `${base}/sync` });
    await a.call('ingest', [clicks(a.clock.t)]);
    await until(() => a.messages.some((m) => m.type === 'outbox' && m.copy.bodies.length === 1));
    const mirrored = a.messages.filter((m) => m.type === 'outbox').at(-1) as Extract<WorkerMessage, { type: 'outbox' }>;
    const held = JSON.parse(await mirrored.copy.bodies[0]!.text()) as { batchId: string; changes: unknown[]; sentAt: string };
    expect(held.sentAt).not.toBe(''); // stamped for the page to send as it is
    expect(mirrored.copy.sealed).toEqual([{ batchId: held.batchId, count: held.changes.length }]);
    // Tab a goes, handing on the batch as it saw it; tab b carries on and makes another change.
    await a.call('seal', [mirrored.copy.sealed]);
    await b.call('ingest', [[{ name: 'add_to_cart', at: a.clock.t }]]);
    await b.call('flush', []);
    await until(() => received.length === 2);
    expect(received.map((r) => [r.batch.batchId === held.batchId, r.batch.changes.map((c: { id: string }) => c.id)])).toEqual([
      [true, ['news']],
      [false, ['cart']],
    ]);
    a.close();
    b.close();
  });

  test('sealing an id that is not pending (already queued, or unknown) changes nothing', async () => {
    const a = connect();
    await a.start({ rules: [news], sync: `${base}/sync` });
    await a.call('ingest', [clicks(a.clock.t)]);
    await a.call('seal', [[{ batchId: 'not-a-batch', count: 1 }]]);
    await a.call('flush', []);
    await until(() => received.length === 1);
    expect(received[0]!.batch.changes).toHaveLength(1);
    a.close();
  });
});

