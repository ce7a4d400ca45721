import type { EngineApi } from '../protocol';

/** Calls one method of the engine; resolves with its result or rejects with its error. */
export type Call = <K extends keyof EngineApi>(
  method: K,
  args: Parameters<EngineApi[K]>,
  transfer?: Transferable[],
) => Promise<Awaited<ReturnType<EngineApi[K]>>>;

/** Where calls go and replies come from: a Worker, or a SharedWorker's port. */
export type Endpoint = Pick<Worker, 'postMessage' | 'addEventListener'> & { start?(): void };

/**
 * Calls into a worker that serves the engine (`workers/serve.ts`): a call is `{ id, method, args }`, its
 * reply `{ id, value }` or `{ id, error: { name, message } }` (errors cross as data). A message without an
 * `id` is a call that wants no reply (the page's events).
 *
 * Invariants: every call settles exactly once — with the worker's reply, with a timeout after `timeoutMs`,
 * or with the worker's `error` event (a script that failed to load) — and is then forgotten, so a wedged
 * worker leaks nothing.
 */
export function createCaller(worker: Endpoint, timeoutMs: number, errors: Pick<EventTarget, 'addEventListener'> = worker): Call {
  let lastId = 0;
  const pending = new Map<number, (reply: { value?: unknown; error?: unknown }) => void>();
  worker.addEventListener('message', ({ data }: MessageEvent) => pending.get(data?.id)?.(data));
  worker.start?.();
  errors.addEventListener('error', (event) => {
    const message = `worker failed: ${(event as ErrorEvent).message || 'load error'}`;
    pending.forEach((settle) => settle({ error: { message } }));
  });
  return (method, args, transfer) =>
    new Promise((resolve, reject) => {
      const id = ++lastId;
      // The error is made only if the call times out: an Error (with its stack) per call was the page's largest cost.
      const timer = setTimeout(
        () => settle({ error: { message: `${method} timed out`, code: 'timeout' } }),
        timeoutMs,
      );
      const settle = ({ value, error }: { value?: unknown; error?: unknown }) => {
        clearTimeout(timer);
        pending.delete(id);
        // Every error arrives as data, the worker's and this caller's own alike, and becomes an Error here.
        error ? reject(Object.assign(new Error(), error)) : resolve(value as never);
      };
      pending.set(id, settle);
      // No transfer list is the same as an empty one.
      worker.postMessage({ id, method, args }, transfer!);
    });
}
