import { MAIN_THREAD_HOOK, PROTOCOL_VERSION, type EngineApi } from '../protocol';
import { createCaller, type Call } from './createCaller';

/** How long a call into the worker may take: the handshake, or any later call, before it is an error. */
export const CALL_TIMEOUT_MS = 10_000;

/** A running engine: how to call it, and how to let it go. */
export interface Connection {
  call: Call;
  close(): void;
}

/**
 * Starts the engine in a Worker and checks the protocol version. If no Worker can be created (no
 * support, CSP `worker-src`, a script that fails or never answers), loads the same script on the main
 * thread instead, where it registers the engine under {@link MAIN_THREAD_HOOK}. Rejects only if neither works.
 */
export async function connectEngine(url: string): Promise<Connection> {
  let worker: Worker | undefined;
  try {
    worker = new Worker(url);
    const call = createCaller(worker, CALL_TIMEOUT_MS);
    const version = await call('hello', []);
    if (version !== PROTOCOL_VERSION) throw new Error(`worker protocol ${version}, page ${PROTOCOL_VERSION}`);
    return { call, close: worker.terminate.bind(worker) };
  } catch {
    worker?.terminate();
    const api = await loadOnMainThread(url);
    const call: Call = async (method, args) => (api[method] as (...a: unknown[]) => never)(...args);
    return { call, close() {} };
  }
}

function loadOnMainThread(url: string): Promise<EngineApi> {
  const hooked = () => (globalThis as unknown as Record<string, EngineApi>)[MAIN_THREAD_HOOK];
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.onload = script.onerror = () => (hooked() ? resolve(hooked()) : reject(new Error(`no engine in ${url}`)));
    document.head.append(script);
  });
}
