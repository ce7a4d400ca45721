import { MAIN_THREAD_HOOK, PROTOCOL_VERSION, type EngineApi } from '../protocol';
import { createCaller, type Call } from './createCaller';

/** How long a call into the worker may take: the handshake, or any later call, before it is an error. */
export const CALL_TIMEOUT_MS = 10_000;

/** A running engine: how to call it, and how to let it go. */
export interface Connection {
  call: Call;
  close(): void;
}

/** The name every tab gives the SharedWorker, so that all of an origin's tabs meet in one. */
const SHARED_NAME = 'seglet';

/**
 * Starts the engine and checks the protocol version: in a SharedWorker, so that all tabs of the origin
 * share one engine; failing that, in a dedicated Worker (the tab then has an engine of its own). If no
 * worker can be created (no support, CSP `worker-src`, a script that fails or never answers), loads the
 * same script on the main thread instead, where it registers the engine under {@link MAIN_THREAD_HOOK}.
 * Rejects only if none of these works.
 */
export async function connectEngine(url: string): Promise<Connection> {
  for (const Kind of [globalThis.SharedWorker, globalThis.Worker]) {
    let worker: SharedWorker | Worker | undefined;
    const close = () => (worker && 'port' in worker ? worker.port.close() : worker?.terminate());
    try {
      worker = new Kind(url, { name: SHARED_NAME });
      const call = createCaller('port' in worker ? worker.port : worker, CALL_TIMEOUT_MS, worker);
      const version = await call('hello', []);
      if (version !== PROTOCOL_VERSION) throw new Error(`worker protocol ${version}, page ${PROTOCOL_VERSION}`);
      return { call, close };
    } catch {
      close();
    }
  }
  const api = (await loadOnMainThread(url)).connect();
  const call: Call = async (method, args) => (api[method] as (...a: unknown[]) => never)(...args);
  return { call, close() {} };
}

function loadOnMainThread(url: string): Promise<{ connect(): EngineApi }> {
  const hooked = () => (globalThis as unknown as Record<string, { connect(): EngineApi }>)[MAIN_THREAD_HOOK];
  return new Promise((resolve, reject) => {
    if (hooked()) return resolve(hooked());
    const script = document.createElement('script');
    script.src = url;
    script.onload = script.onerror = () => (hooked() ? resolve(hooked()) : reject(new Error(`no engine in ${url}`)));
    document.head.append(script);
  });
}
