/** A TCF v2.2 command call: `__tcfapi(command, version, callback, parameter)`. */
export type TcfApi = (command: string, version: number, callback: (data: unknown, success: boolean) => void) => void;

type TcfWindow = Window & { __tcfapi?: unknown };

/**
 * The site's TCF v2.2 CMP as the TCF specification lets a script find it: `window.__tcfapi` (the CMP itself,
 * or the standard stub that queues calls until the CMP loads), else through the `__tcfapiLocator` frame of this
 * window or an ancestor (the CMP runs in a parent frame): calls go as `{ __tcfapiCall }` messages to the
 * window holding that frame, and answers come back as `{ __tcfapiReturn }` messages (as objects, or as JSON
 * strings, both of which the specification allows) from that window only. `undefined` when neither is there yet.
 *
 * @example
 * findTcfApi()?.('addEventListener', 2, (tcData, success) => {});
 */
export function findTcfApi(): TcfApi | undefined {
  const api = (window as TcfWindow).__tcfapi;
  if (typeof api === 'function') return (command, version, callback) => api(command, version, callback);
  const cmp = locatorHolder();
  if (!cmp) return undefined;
  const callbacks = new Map<string, (data: unknown, success: boolean) => void>();
  addEventListener('message', (event) => {
    if (event.source !== cmp) return;
    let data = event.data;
    try {
      if (typeof data === 'string') data = JSON.parse(data);
      const answer = data?.__tcfapiReturn;
      callbacks.get(answer?.callId)?.(answer.returnValue, answer.success === true);
    } catch {
      // Not a TCF answer (another script's message), or not one that parses: not ours to handle.
    }
  });
  let calls = 0;
  return (command, version, callback) => {
    const callId = `seglet-${++calls}-${Math.random()}`;
    callbacks.set(callId, callback);
    cmp.postMessage({ __tcfapiCall: { command, version, callId } }, '*');
  };
}

/** This window or the nearest ancestor that holds a frame named `__tcfapiLocator` (cross-origin too: frame names are readable). */
function locatorHolder(): Window | undefined {
  for (let w: Window = window; ; w = w.parent) {
    try {
      if ((w.frames as unknown as Record<string, unknown>).__tcfapiLocator) return w;
    } catch {
      // A window of another origin that refuses the lookup: go on to its parent.
    }
    if (w === w.parent) return undefined;
  }
}
