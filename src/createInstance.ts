import { connectEngine, type Connection } from './client/connectEngine';
import type { Call } from './client/createCaller';
import { createPersonalizer } from './dom/createPersonalizer';
import { readForced, startPrehide } from './dom/prehide';
import { readSegmentCache, writeSegmentCache, writeSegmentCookie } from './dom/segmentCache';
import type { Scalar, SegEvent } from './engine/types';
import { addListener } from './lib/addListener';
import { createEmitter } from './lib/createEmitter';
import { createUnloadDelivery } from './client/sendOnUnload';
import { isFlatProps } from './lib/isFlatProps';
import { loadAddon } from './lib/loadAddon';
import { DEBUG_HOOK, type Consent, type ErrorCode, type WorkerMessage } from './protocol';
import { createTracker } from './tracker/createTracker';
import { getDevice } from './tracker/getDevice';
import type { Seglet, SegletConfig, SegletEvents } from './types';

const CONSENTS = ['granted', 'pending', 'denied'];

/**
 * Builds a seglet instance around an engine loaded from `workerUrl`. Shared by the npm entry and the
 * script tag, which differ only in how they find the worker script and the debug overlay's (`debugUrl`).
 */
export function createInstance(config: SegletConfig, workerUrl: string, debugUrl: string): Seglet {
  const emitter = createEmitter<SegletEvents>((error) => {
    console.error('[seglet] listener threw', error);
    report('listener_error', `listener threw: ${error}`);
  });
  const report = (code: ErrorCode, message: string) => emitter.emit('error', { code, message });
  // A consent source (`'tcf'`, `'gcm'`: src/integrations) or a value seglet does not know starts `pending`.
  let consent = (CONSENTS.includes(config.consent!) ? config.consent : config.consent || config.requireConsent ? 'pending' : 'granted') as Consent;
  let current = new Set<string>();
  /** What the engine says (the visitor's segments and their control groups), and what QA forces on this tab. */
  let members: string[] = [];
  let holdouts: string[] = [];
  let forced = readForced();
  let cluster: string | null = null;
  let connection: Connection | undefined;
  let ready = false;
  const queue: SegEvent[] = [];
  const personalizer = createPersonalizer();

  /**
   * Applies the engine's segments (plus forced ones) to the page and tells listeners what changed. Control
   * group members are members for listeners, but the page is not personalized for them (nor the caches).
   */
  function show(ids: string[] = members, at = Date.now(), nextCluster = cluster, nextHoldouts = holdouts): void {
    [members, cluster, holdouts] = [ids, nextCluster, nextHoldouts];
    const next = new Set([...ids, ...forced]);
    const entered = [...next].filter((id) => !current.has(id));
    const exited = [...current].filter((id) => !next.has(id));
    const control = holdouts.filter((id) => next.has(id) && !forced.includes(id));
    current = next;
    personalizer.apply(new Set([...next].filter((id) => !control.includes(id))));
    if (consent === 'granted') remember(personalized());
    if (!entered.length && !exited.length) return;
    emitter.emit('change', { segments: [...next], entered, exited, cluster, at, holdouts: control });
    entered.forEach((segment) => emitter.emit('enter', { segment }));
    exited.forEach((segment) => emitter.emit('exit', { segment }));
  }

  /** Takes a consent decision, made here or in another tab: only with consent does the cache keep segments. */
  const keep = (state: Consent) => {
    consent = state;
    remember(state === 'granted' ? personalized() : null);
  };
  /** The engine's segments the page is personalized for: control groups and forced segments left out. */
  const personalized = () => members.filter((id) => !holdouts.includes(id));
  /** Caches the personalized segments for the next page's first paint (and, opted in, in a cookie for the server). */
  const remember = (ids: string[] | null) => {
    writeSegmentCache(ids);
    if (config.cookie) writeSegmentCookie(ids);
  };

  const call: Call = (method, args) =>
    started
      .then((c) => c?.call(method, args))
      .catch((e) => report(e.code ?? 'internal', `${method}: ${e.message}`)) as never;

  const deliver = (events: SegEvent[]) => {
    if (consent === 'denied') return;
    if (connection) connection.send(events);
    else queue.push(...events);
  };

  // Segments known from the last visit apply before first paint; the engine then confirms or corrects.
  const prehide = startPrehide(config.prehide);
  if (consent === 'granted') show(readSegmentCache());

  const started = connectEngine(config.worker ?? workerUrl).then(
    async (c) => {
      const { port1, port2 } = new MessageChannel();
      port1.onmessage = ({ data }: MessageEvent<WorkerMessage>) => {
        if (data.type === 'change') show(data.change.segments, data.change.at, data.change.cluster, data.change.holdouts);
        else if (data.type === 'error') emitter.emit('error', data.error);
        else if (data.type === 'consent') keep(data.consent);
        else unload.hold(data.url, data.batches);
      };
      // navigator.webdriver is an automated browser's own admission; tests of a site turn it off.
      const webdriver = config.bot?.webdriver !== false && navigator.webdriver === true;
      const { modelRefresh, rules } = config;
      // URLs are the page's: a worker from a CDN runs from a blob (connectEngine), which has no base URL. One that
      // does not parse goes as it is, for the engine to report.
      const resolve = (url?: string) => {
        try {
          return url && new URL(url, document.baseURI).href;
        } catch {
          return url;
        }
      };
      const model = resolve(config.model);
      // Global Privacy Control is a visitor's standing "do not share": no sync unless the host says otherwise.
      const gpc = (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl === true;
      const sync = gpc && config.honorGlobalPrivacyControl !== false ? undefined : resolve(config.sync);
      const options = { model, modelRefresh, rules, sync, consent, context: { device: getDevice(), webdriver } };
      const restored = await c.call('start', [options, port2], [port2]);
      connection = c;
      const held = restored.filter((m) => m.holdout).map((m) => m.id);
      show(restored.map((m) => m.id), Date.now(), restored.find((m) => m.source === 'cluster')?.id ?? null, held);
      prehide.end();
      deliver(queue.splice(0));
      ready = true;
      emitter.emit('ready', undefined);
      return c;
    },
    (e) => void (prehide.end(), report('worker_unavailable', `engine failed to start: ${e}`)),
  );

  // Hidden, the page may be frozen or discarded without a `pagehide`: what is still to deliver is deferred now.
  const tracker = createTracker(deliver, () => (unload.defer(), void call('flush', [])));
  // What sync has still to deliver goes with the page if the page goes first (batch ids make a second
  // delivery harmless).
  const unload = createUnloadDelivery((sent) => void call('seal', [sent]));
  const stopUnload = addListener(window, 'pagehide', unload.leave);

  // The overlay is a script of its own, added only when asked for, so it costs the page nothing otherwise.
  if (config.debug || location.search.includes('seglet-debug')) loadAddon(debugUrl, DEBUG_HOOK, [call, emitter.on]);

  /** Public methods never throw into the host page: a fault becomes an `error` event. */
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R => {
      try {
        return fn(...args);
      } catch (e) {
        report('internal', String(e));
        return undefined as R;
      }
    };

  return {
    // Even on a fault (a listener that is not a function), `on` returns an unsubscribe function.
    on: (type, listener) =>
      guard(() => {
        if (type === 'ready' && ready) queueMicrotask(listener as () => void);
        return emitter.on(type, listener);
      })() ?? (() => {}),
    track: guard((name: string, props: Record<string, Scalar> = {}) => {
      if (name && typeof name === 'string' && isFlatProps(props)) tracker.capture(name, props);
      else report('invalid_argument', `track(${JSON.stringify(name)}): needs a name and flat props`);
    }),
    page: guard(() => tracker.page()),
    has: guard((segment: string) => current.has(segment)),
    segments: guard(async () => (await call('getSegments', [])) ?? []),
    explain: guard((segment: string) => call('explain', [String(segment)])),
    identify: guard((id: string) => call('identify', [id, config.identitySalt ?? ''])),
    force: guard((ids: string[] | null) => {
      if (ids !== null && !(Array.isArray(ids) && ids.every((id) => typeof id === 'string'))) {
        return report('invalid_argument', 'force(ids): needs an array of segment ids, or null');
      }
      forced = ids ?? [];
      show();
    }),
    forget: guard(() => {
      remember(null);
      return call('forget', []);
    }),
    consent: guard((state: Consent) => {
      if (!CONSENTS.includes(state)) return report('invalid_argument', `consent(${JSON.stringify(state)})`);
      keep(state);
      void call('setConsent', [state]);
    }),
    flush: guard(async () => {
      tracker.flush();
      await call('flush', []);
    }),
    destroy: guard(() => {
      stopUnload();
      tracker.stop();
      personalizer.stop();
      emitter.clear();
      void started.then((c) => c?.close());
    }),
  };
}
