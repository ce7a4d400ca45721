import 'fake-indexeddb/auto';
import { createCaller } from '../../../src/client/createCaller';
import type { EngineApi, StartOptions, WorkerMessage } from '../../../src/protocol';
import { createHost, type Host, type WorkerDeps } from '../../../workers/createHost';
import { serve } from '../../../workers/serve';
import { deleteStorage, openStorage } from '../../../workers/storage';

/** The clock the harness's hosts run on. */
export const NOW = 1_000_000;
export const news = { id: 'news', when: { count: 'click', within: '1h', gte: 3 }, ttl: '30m' };

/** A worker host over fake IndexedDB, with no network (every fetch fails). */
export function makeHost(deps: Partial<WorkerDeps> = {}): Host {
  return createHost({
    now: () => NOW,
    openStorage,
    deleteStorage,
    fetch: () => Promise.reject(new TypeError('offline')),
    language: 'en',
    uuid: () => crypto.randomUUID(),
    onOnline: () => {},
    ...deps,
  });
}

/**
 * A tab of `host` as the page makes one: its calls served over a MessageChannel (structured cloning and
 * all), its port for the worker's messages, and `raw` to post any message at all.
 */
export function attachTab(host: Host) {
  const api = host.connect();
  const { port1, port2 } = new MessageChannel();
  serve(api, port1);
  const call = createCaller(port2 as unknown as Worker, 2_000);
  const heard: WorkerMessage[] = [];
  const events = new MessageChannel();
  events.port1.onmessage = (e) => heard.push(e.data);
  const start = (options: Partial<StartOptions> = {}) =>
    call('start', [{ consent: 'granted', context: {}, rules: [news], ...options }, events.port2], [events.port2]);
  const send = (events: unknown[]) => port2.postMessage({ method: 'ingest', args: [events] });
  const close = () => (port1.close(), port2.close(), events.port1.close());
  return { api, call: call as unknown as (method: keyof EngineApi, args: unknown[]) => Promise<unknown>, heard, start, send, close };
}

/** Waits until `check` holds (at most 3 s). */
export async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error('condition not met in 3 s');
}

/** Three clicks a second apart, the last a second before now: enough for `news`. */
export const clicks = () => [3, 2, 1].map((s) => ({ name: 'click', at: NOW - s * 1000 }));

/** What the visitor's database holds now, as JSON (or null when there is none). */
export async function storedJson(): Promise<string | null> {
  if (!(await indexedDB.databases()).some((d) => d.name === 'seglet')) return null;
  return JSON.stringify((await (await openStorage()).get('state')) ?? null);
}
