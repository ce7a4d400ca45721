import type { EngineApi } from '../protocol';

/** Calls one method of the engine; resolves with its result or rejects with its error. */
export type Call = <K extends keyof EngineApi>(
  method: K,
  args: Parameters<EngineApi[K]>,
  transfer?: Transferable[],
) => Promise<Awaited<ReturnType<EngineApi[K]>>>;

/**
 * Calls into a worker that runs comlink's `expose`, speaking comlink's wire format (`APPLY` with `RAW`
 * arguments; `RAW` or `HANDLER`/`throw` replies). Only plain calls are needed, so the page carries this
 * instead of all of comlink's `wrap`, which would more than double seglet's page bundle.
 */
export function createCaller(endpoint: Worker): Call {
  let lastId = 0;
  const pending = new Map<number, [(value: never) => void, (error: unknown) => void]>();
  endpoint.addEventListener('message', ({ data }: MessageEvent) => {
    const settle = pending.get(data?.id);
    if (!settle) return;
    pending.delete(data.id);
    if (data.type !== 'HANDLER') return settle[0](data.value as never);
    const { isError, value } = data.value;
    settle[1](isError ? Object.assign(new Error(value.message), value) : value);
  });
  return (method, args, transfer = []) =>
    new Promise((resolve, reject) => {
      pending.set(++lastId, [resolve, reject]);
      const argumentList = args.map((value) => ({ type: 'RAW', value }));
      endpoint.postMessage({ id: lastId, type: 'APPLY', path: [method], argumentList }, transfer);
    });
}
