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
 * Calls into a worker that runs comlink's `expose`, speaking comlink's wire format (`APPLY` with `RAW`
 * arguments; `RAW` or `HANDLER`/`throw` replies). Only plain calls are needed, so the page carries this
 * instead of all of comlink's `wrap`, which would more than double seglet's page bundle.
 *
 * Invariants: every call settles exactly once — with the worker's reply, with a timeout after
 * `timeoutMs` (comlink has none of its own), or with the worker's `error` event (a script that failed to
 * load) — and is then forgotten, so a wedged worker leaks nothing.
 */
export function createCaller(worker: Endpoint, timeoutMs: number, errors: Pick<EventTarget, 'addEventListener'> = worker): Call {
  let lastId = 0;
  const pending = new Map<number, (reply: { value?: unknown; error?: unknown }) => void>();
  const settleAll = (error: unknown) => pending.forEach((settle) => settle({ error }));
  worker.addEventListener('message', ({ data }: MessageEvent) => {
    const handler = data?.type === 'HANDLER' && data.value;
    const error = handler && (handler.isError ? Object.assign(new Error(), handler.value) : handler.value);
    pending.get(data?.id)?.(handler ? { error } : { value: data.value });
  });
  worker.start?.();
  errors.addEventListener('error', (event) => settleAll(new Error(`worker failed: ${(event as ErrorEvent).message || 'load error'}`)));
  return (method, args, transfer = []) =>
    new Promise((resolve, reject) => {
      const id = ++lastId;
      // The error is made only if the call times out: an Error (with its stack) per call was the page's largest cost.
      const timeout = () => Object.assign(new Error(`${method} timed out after ${timeoutMs} ms`), { code: 'timeout' });
      const timer = setTimeout(() => settle({ error: timeout() }), timeoutMs);
      const settle = ({ value, error }: { value?: unknown; error?: unknown }) => {
        clearTimeout(timer);
        pending.delete(id);
        error ? reject(error) : resolve(value as never);
      };
      pending.set(id, settle);
      const argumentList = args.map((value) => ({ type: 'RAW', value }));
      worker.postMessage({ id, type: 'APPLY', path: [method], argumentList }, transfer);
    });
}
