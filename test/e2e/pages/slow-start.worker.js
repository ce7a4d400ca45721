// A worker that speaks seglet's call protocol but takes `?delay` ms to answer `start`, and counts the events
// it is handed: `getSegments` answers with memberships whose ids say how many arrived (`n<count>`), how many of
// them were `burst` events (`b<count>`), and the first and last burst's `props.i` (`first<i>`, `last<i>`). A delay
// of -1 never answers.
const delay = Number(new URL(self.location.href).searchParams.get('delay') ?? 0);
const received = [];
function serve(port) {
  port.onmessage = ({ data }) => {
    const { id, method, args } = data;
    if (method === 'ingest') return void received.push(...args[0]);
    const reply = (value) => port.postMessage({ id, value });
    if (method === 'hello') return reply(4);
    // What the tab shows from the start: nothing, as a change from nothing (protocol 4).
    const nothing = { segments: [], entered: [], exited: [], cluster: null, holdouts: [], at: Date.now() };
    if (method === 'start') return delay >= 0 && setTimeout(() => reply(nothing), delay);
    if (method === 'getSegments') {
      const member = (tag) => ({ id: tag, source: 'rule', since: 0, expiresAt: null, holdout: false });
      const bursts = received.filter((e) => e.name === 'burst');
      const first = bursts[0]?.props?.i ?? 'none';
      const last = bursts.at(-1)?.props?.i ?? 'none';
      return reply([member(`n${received.length}`), member(`b${bursts.length}`), member(`first${first}`), member(`last${last}`)]);
    }
    reply(undefined);
  };
  port.start?.();
}
if ('onconnect' in self) self.onconnect = (event) => serve(event.ports[0]);
else serve(self);
