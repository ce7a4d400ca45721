import { createUnloadDelivery } from './client/sendOnUnload';
import { startEngine } from './client/startEngine';
import { createSegmentView } from './dom/createSegmentView';
import { isSegmentId } from './dom/isSegmentId';
import { startPrehide } from './dom/prehide';
import type { Scalar } from './engine/types';
import { addListener } from './lib/addListener';
import { createEmitter } from './lib/createEmitter';
import { isFlatProps } from './lib/isFlatProps';
import { withIntegrations } from './integrations/withIntegrations';
import { loadAddon } from './lib/loadAddon';
import { DEBUG_HOOK, VARIANTS_HOOK, type Consent, type ErrorCode, type SegletError } from './protocol';
import { createTracker } from './tracker/createTracker';
import type { Seglet, SegletConfig, SegletEvents } from './types';
import type { SlotRenderer } from './variants/createSlotRenderer';

const CONSENTS = ['granted', 'pending', 'denied'];

/** Faults printed to the console at most, when nobody listens to `error`: one of each, never a flood. */
const MAX_UNHEARD = 50;
/** Characters of an error message at most: enough to name the call and show the start of what it was given. */
const MAX_MESSAGE = 200;

/** seglet's scripts besides the page bundle: the engine, and the ones added only when a page needs them. */
export type SegletFile = 'worker' | 'debug' | 'variants' | 'integrations';

/**
 * Builds a seglet instance around an engine loaded from `url('worker')`. Shared by the npm entry and the
 * script tag, which differ only in how they find seglet's other scripts (`url`).
 */
export function createInstance(config: SegletConfig, url: (file: SegletFile) => string): Seglet {
  const unheard = new Set<string>();
  const emitter = createEmitter<SegletEvents>(
    (error, type) => {
      console.error('[seglet] listener threw', error);
      // An `error` listener's own fault goes to the console only: reported as an `error`, it would throw again.
      if (type != 'error') report('listener_error', `listener threw: ${error}`);
    },
    (type, payload) => {
      if (type != 'error') return;
      // A fault nobody listens for is not lost: the console shows it, once.
      const { code, message } = payload as SegletError;
      const said = `[seglet] ${code}: ${message}`;
      if (!unheard.has(said) && unheard.size < MAX_UNHEARD) unheard.add(said) && console.warn(said);
    },
  );
  /** Messages quote what the page passed: bounded, so a megabyte argument is not a megabyte message. */
  const report = (code: ErrorCode, message: string) => emitter.emit('error', { code, message: message.slice(0, MAX_MESSAGE) });
  let ready = false;

  // A consent source (`'tcf'`, `'gcm'`: src/integrations) or a value seglet does not know starts `pending`.
  const consent = (CONSENTS.includes(config.consent!) ? config.consent : config.consent || config.requireConsent ? 'pending' : 'granted') as Consent;
  // Until the engine answers (and, on a page with variants, their renderer is there), personalized slots wait.
  const prehide = startPrehide(config.prehide);
  const answered = prehide();
  // Segments known from the last visit are applied before first paint; the engine then confirms or corrects.
  const view = createSegmentView(consent, emitter.emit, (ready) => {
    const rendered = prehide();
    loadAddon(url('variants'), VARIANTS_HOOK, (render: SlotRenderer) => (ready(render), rendered()));
  });
  const engine = startEngine(
    config,
    url('worker'),
    view.getConsent,
    (message) => {
      if (message.type == 'change') view.show(message.change);
      else if (message.type == 'error') emitter.emit('error', message.error);
      else if (message.type == 'consent') view.setConsent(message.consent);
      else unload.hold(message.copy);
    },
    (restored) => {
      view.show(restored);
      answered();
      ready = true;
      emitter.emit('ready', undefined);
    },
    (code, message) => (answered(), report(code, message)),
  );
  const { call } = engine;

  // Hidden, the page may be frozen or discarded without a `pagehide`: what is still to deliver is deferred now.
  const tracker = createTracker(
    (events) => view.getConsent() != 'denied' && engine.send(events),
    () => (unload.defer(), void call('flush', [])),
  );
  // What sync has still to deliver goes with the page if the page goes first (batch ids make a second
  // delivery harmless).
  const unload = createUnloadDelivery((sent) => void call('seal', [sent]));
  const stopUnload = addListener(window, 'pagehide', unload.leave);

  // The QA tools (the overlay, forced segments) are a script of their own, added only when asked for.
  if (config.debug || /seglet-(debug|force)/.test(location.search)) loadAddon(url('debug'), DEBUG_HOOK, [call, emitter.on, view.force, report, config.debug]);

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

  const api: Seglet = {
    // No guard where nothing can throw: a Map takes any key, and `call` only ever settles (never throws, never rejects).
    on(type, listener) {
      // Even when refused, `on` returns an unsubscribe function.
      if (typeof listener != 'function') return report('invalid_argument', 'on(): listener is not a function'), () => {};
      if (type === 'ready' && ready) queueMicrotask(listener as () => void);
      return emitter.on(type, listener);
    },
    track: guard((name: string, props: Record<string, Scalar> = {}) => {
      if (name && typeof name === 'string' && isFlatProps(props)) tracker.capture(name, props);
      else report('invalid_argument', `track(${JSON.stringify(name)}): needs a name and flat props`);
    }),
    page: guard(() => tracker.page()),
    // A Set's `has` never throws, whatever it is given.
    has: view.has,
    segments: async () => (await call('getSegments', [])) ?? [],
    explain: guard((segment: string) => call('explain', [String(segment)])),
    identify: (id: string) => call('identify', [id, config.identitySalt ?? '']),
    force: guard((ids: string[] | null) => {
      if (ids !== null && !(Array.isArray(ids) && ids.every(isSegmentId))) {
        return report('invalid_argument', 'force(): needs segment ids, or null');
      }
      view.force(ids ?? []);
    }),
    forget: guard(() => {
      view.forget();
      return call('forget', []);
    }),
    consent: guard((state: Consent) => {
      if (!CONSENTS.includes(state)) return report('invalid_argument', `consent(${JSON.stringify(state)})`);
      view.setConsent(state);
      void call('setConsent', [state]);
    }),
    flush: guard(() => (tracker.flush(), call('flush', []))),
    destroy: guard(() => {
      stopUnload();
      tracker.stop();
      view.stop();
      emitter.clear();
      engine.close();
    }),
  };
  // The site's CMP and dataLayer, and the opt-in cookie: a script of their own, added only when configured.
  withIntegrations(api, config, url('integrations'), view.mirror);
  return api;
}
