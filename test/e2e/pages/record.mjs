/** Records every event of a seglet instance into `window.__events` and exposes it as `window.segletInstance`. */
export function record(seglet) {
  window.__events = [];
  for (const type of ['change', 'enter', 'exit', 'error', 'ready']) {
    seglet.on(type, (e) => window.__events.push({ type, ...e }));
  }
  window.segletInstance = seglet;
}
