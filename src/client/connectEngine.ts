import type { SegEvent } from '../engine/types';
import { MAIN_THREAD_HOOK, PROTOCOL_VERSION, type EngineApi } from '../protocol';
import { createCaller, type Call } from './createCaller';

/** How long a call into the worker may take: the handshake, or any later call, before it is an error. */
export const CALL_TIMEOUT_MS = 10_000;

/** A running engine: how to call it, how to hand it events (one way), and how to let it go. */
export interface Connection {
  call: Call;
  send(events: SegEvent[]): void;
  close(): void;
}

/**
 * The name every tab gives the SharedWorker, so that all of an origin's tabs meet in one; it carries the
 * protocol version, so that a tab never joins a worker of another release that an older tab keeps running.
 */
const SHARED_NAME = `seglet${PROTOCOL_VERSION}`;

/**
 * Starts the engine and checks the protocol version: in a SharedWorker, so that all tabs of the origin
 * share one engine; failing that, in a dedicated Worker (the tab then has an engine of its own). If no
 * worker can be created (no support, CSP `worker-src`, a script that fails or never answers), loads the
 * same script on the main thread instead, where it registers the engine under {@link MAIN_THREAD_HOOK}.
 * Rejects only if none of these works.
 *
 * A script from another origin (a CDN) cannot be a worker (SecurityError), but a classic worker may
 * `importScripts` it, without CORS: a dedicated Worker then starts from a same-origin blob that does just
 * that. Only a dedicated one: a SharedWorker is found again by its URL, and a blob URL is new on every page,
 * so tabs could never meet in it (a `data:` URL would be the same in every tab, but its worker has an opaque
 * origin, with no IndexedDB). The blob (one line) is kept until the page goes rather than revoked once the
 * worker has started: the code to revoke it would weigh more than it does.
 */
export async function connectEngine(url: string): Promise<Connection> {
  const script = new URL(url, document.baseURI);
  const remote = script.origin != location.origin;
  const source = remote ? URL.createObjectURL(new Blob([`importScripts(${JSON.stringify(script)})`])) : url;
  // From a blob, the SharedWorker is skipped rather than tried.
  for (const Kind of [window.SharedWorker, window.Worker].slice(+remote)) {
    let worker: SharedWorker | Worker | undefined;
    const close = () => (worker && 'port' in worker ? worker.port.close() : worker?.terminate());
    try {
      worker = new Kind(source, { name: SHARED_NAME });
      const endpoint = 'port' in worker ? worker.port : worker;
      const call = createCaller(endpoint, CALL_TIMEOUT_MS, worker);
      // Events go one way (a call without an id): no reply, no timer, no promise per batch.
      if ((await call('hello', [])) === PROTOCOL_VERSION) {
        return { call, send: (events) => endpoint.postMessage({ method: 'ingest', args: [events] }), close };
      }
    } catch {
      // No such worker, a script that fails or never answers: like a worker of another release, closed and passed over.
    }
    close();
  }
  const api = (await loadOnMainThread(url)).connect();
  const call: Call = async (method, args) => (api[method] as (...a: unknown[]) => never)(...args);
  return { call, send: api.ingest, close() {} };
}

function loadOnMainThread(url: string): Promise<{ connect(): EngineApi }> {
  const hooked = () => (window as unknown as Record<string, { connect(): EngineApi }>)[MAIN_THREAD_HOOK];
  return new Promise((resolve, reject) => {
    if (hooked()) return resolve(hooked());
    const script = document.createElement('script');
    script.src = url;
    const settle = () => (hooked() ? resolve(hooked()) : reject(new Error(`no engine in ${url}`)));
    script.onload = script.onerror = settle;
    // A script that never finishes loading must not keep the page's calls and events waiting for ever.
    setTimeout(settle, CALL_TIMEOUT_MS);
    document.head.append(script);
  });
}
