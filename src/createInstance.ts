import type { Scalar, SegEvent } from './engine/types';
import type { Call } from './client/createCaller';
import { connectEngine, type Connection } from './client/connectEngine';
import { withTimeout } from './client/withTimeout';
import { createPersonalizer } from './dom/createPersonalizer';
import { readSegmentCache, writeSegmentCache } from './dom/segmentCache';
import { createEmitter } from './lib/createEmitter';
import type { Consent, ErrorCode, WorkerMessage } from './protocol';
import { createTracker } from './tracker/createTracker';
import { getContext } from './tracker/getContext';
import { getPath } from './tracker/getPath';
import { isFlatProps } from './lib/isFlatProps';
import type { Seglet, SegletConfig, SegletEvents } from './types';

/** How long a call into the engine may take before it is reported as a `timeout` error. */
const CALL_TIMEOUT_MS = 5000;
const CONSENTS = ['granted', 'pending', 'denied'];

/**
 * Builds a seglet instance around an engine loaded from `workerUrl`. Shared by the npm entry and the
 * script tag, which differ only in how they find the worker script.
 */
export function createInstance(config: SegletConfig, workerUrl: string): Seglet {
  const emitter = createEmitter<SegletEvents>((error) => {
    console.error('[seglet] a listener threw:', error);
    report('listener_error', `a listener threw: ${String(error)}`);
  });
  const report = (code: ErrorCode, message: string) => emitter.emit('error', { code, message });
  let consent: Consent = config.consent ?? (config.requireConsent ? 'pending' : 'granted');
  let current = new Set(consent === 'granted' ? readSegmentCache() : []);
  let connection: Connection | undefined;
  let ready = false;
  const queue: SegEvent[] = [];
  const personalizer = createPersonalizer();

  const call: Call = (method, args) =>
    started
      .then((c) => c && withTimeout(c.call(method, args), CALL_TIMEOUT_MS, method))
      .catch((e) => void report('timeout', String(e))) as never;

  function show(ids: Iterable<string>, at: number): void {
    const next = new Set(ids);
    const entered = [...next].filter((id) => !current.has(id));
    const exited = [...current].filter((id) => !next.has(id));
    current = next;
    personalizer.apply(next);
    if (consent === 'granted') writeSegmentCache([...next]);
    if (!entered.length && !exited.length) return;
    emitter.emit('change', { segments: [...next], entered, exited, cluster: null, at });
    entered.forEach((segment) => emitter.emit('enter', { segment }));
    exited.forEach((segment) => emitter.emit('exit', { segment }));
  }

  const onMessage = (message: WorkerMessage) => {
    if (message.type === 'change') show(message.change.segments, message.change.at);
    else emitter.emit('error', message.error);
  };

  const deliver = (events: SegEvent[]) => {
    if (consent === 'denied') return;
    if (connection) void call('ingest', [events]);
    else queue.push(...events);
  };

  // Segments known from the last visit apply before first paint; the engine then confirms or corrects.
  const cached = current;
  current = new Set();
  show(cached, Date.now());

  const started: Promise<Connection | undefined> = connectEngine(config.worker ?? workerUrl).then(
    async (c) => {
      const { port1, port2 } = new MessageChannel();
      port1.onmessage = (e) => onMessage(e.data);
      const options = { model: config.model, rules: config.rules, consent, context: getContext() };
      const members = await withTimeout(c.call('start', [options, port2], [port2]), CALL_TIMEOUT_MS, 'start');
      connection = c;
      show(members.map((m) => m.id), Date.now());
      if (queue.length) deliver(queue.splice(0));
      ready = true;
      emitter.emit('ready', undefined);
      return c;
    },
    (error) => {
      report('worker_unavailable', `the engine could not start: ${String(error)}`);
      return undefined;
    },
  );

  const tracker = createTracker(deliver, () => void call('flush', []));

  const guard = <A extends unknown[], R>(fn: (...args: A) => R, fallback: R) => (...args: A): R => {
    try {
      return fn(...args);
    } catch (error) {
      report('internal', String(error));
      return fallback;
    }
  };

  return {
    on: guard((type, listener) => {
      const off = emitter.on(type, listener);
      if (type === 'ready' && ready) queueMicrotask(() => (listener as () => void)());
      return off;
    }, () => {}),
    track: guard((name: string, props: Record<string, Scalar> = {}) => {
      if (typeof name !== 'string' || !name) return report('invalid_argument', 'track(name): name must be a non-empty string');
      if (!isFlatProps(props)) return report('invalid_argument', `track("${name}"): props must be an object of strings, numbers, booleans or null`);
      tracker.capture(name, props);
    }, undefined),
    page: guard(() => tracker.capture('page_view', { path: getPath(), referrer: '', title: document.title.slice(0, 200) }), undefined),
    has: guard((segment: string) => current.has(segment), false),
    segments: guard(() => call('getSegments', []).then((m) => m ?? []), Promise.resolve([])),
    consent: guard((state: Consent) => {
      if (!CONSENTS.includes(state)) return report('invalid_argument', `consent("${String(state)}"): expected ${CONSENTS.join(', ')}`);
      consent = state;
      if (state === 'denied') writeSegmentCache(null);
      else if (state === 'granted') writeSegmentCache([...current]);
      void call('setConsent', [state]);
    }, undefined),
    flush: guard(() => {
      tracker.flush();
      return call('flush', []);
    }, Promise.resolve()),
    destroy: guard(() => {
      tracker.stop();
      personalizer.stop();
      emitter.clear();
      void started.then((c) => c?.close());
    }, undefined),
  };
}
