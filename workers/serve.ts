import type { EngineApi } from '../src/protocol';

/** A dedicated worker's global scope, or a SharedWorker's port to one tab. */
export type Endpoint = Pick<MessagePort, 'postMessage' | 'addEventListener'> & { start?(): void };

/** A call from the page (`src/client/createCaller.ts`); without an `id` it wants no reply. */
interface CallMessage {
  id?: number;
  method: keyof EngineApi;
  args: unknown[];
}

/**
 * Serves one tab's calls on `endpoint`, in the order they come: each runs at once (so events posted one way
 * and the calls after them stay in order) and its result or error goes back as data, `{ id, value }` or
 * `{ id, error: { name, message } }`. Messages that are not calls of the engine are ignored.
 */
export function serve(api: EngineApi, endpoint: Endpoint = globalThis as unknown as Endpoint): void {
  endpoint.addEventListener('message', async ({ data }: MessageEvent<CallMessage>) => {
    const { id, method, args } = data ?? {};
    if (!method || !Object.hasOwn(api, method) || !Array.isArray(args)) return;
    const fail = (e: unknown) => {
      const { name = 'Error', message = String(e) } = (e ?? {}) as Partial<Error>;
      return { id, error: { name, message } };
    };
    let reply;
    try {
      reply = { id, value: await (api[method] as (...a: unknown[]) => unknown)(...args) };
    } catch (e) {
      reply = fail(e);
    }
    if (!id) return;
    try {
      endpoint.postMessage(reply);
    } catch (e) {
      endpoint.postMessage(fail(e)); // a result that cannot be cloned
    }
  });
  endpoint.start?.();
}
