import { MAIN_THREAD_HOOK, PROTOCOL_VERSION, type EngineApi } from '../protocol';
import { createCaller, type Call } from './createCaller';
import { withTimeout } from './withTimeout';

/** How long a new worker may take to answer the handshake before the engine moves to the main thread. */
export const HANDSHAKE_TIMEOUT_MS = 4000;

export interface Connection {
  call: Call;
  /** Where the engine runs: `worker`, or `main` when no Worker could be created. */
  mode: 'worker' | 'main';
  close(): void;
}

/**
 * Starts the engine in a Worker and checks the protocol version. If no Worker can be created (no
 * support, CSP `worker-src`, a failing script), loads the same script on the main thread instead, where
 * it registers the engine under {@link MAIN_THREAD_HOOK}. Rejects only if neither works.
 */
export async function connectEngine(url: string): Promise<Connection> {
  let worker: Worker | undefined;
  try {
    worker = new Worker(url);
    const failed = new Promise<never>((_, reject) => {
      worker!.onerror = () => reject(new Error('worker script failed to load'));
    });
    const call = createCaller(worker);
    const version = await withTimeout(Promise.race([call('hello', []), failed]), HANDSHAKE_TIMEOUT_MS, 'worker handshake');
    if (version !== PROTOCOL_VERSION) throw new Error(`worker protocol ${version}, page expects ${PROTOCOL_VERSION}`);
    const w = worker;
    return { call, mode: 'worker', close: () => w.terminate() };
  } catch {
    worker?.terminate();
    const api = await loadOnMainThread(url);
    const call: Call = (method, args) =>
      Promise.resolve().then(() => (api[method] as (...a: unknown[]) => never)(...args));
    return { call, mode: 'main', close() {} };
  }
}

function loadOnMainThread(url: string): Promise<EngineApi> {
  const hooked = () => (globalThis as unknown as Record<string, EngineApi | undefined>)[MAIN_THREAD_HOOK];
  return new Promise((resolve, reject) => {
    if (hooked()) return resolve(hooked()!);
    const script = document.createElement('script');
    script.src = url;
    script.onload = () => (hooked() ? resolve(hooked()!) : reject(new Error(`${url} did not register the engine`)));
    script.onerror = () => reject(new Error(`${url} could not be loaded`));
    document.head.append(script);
  });
}
