import { createEngine, type Engine } from '../src/engine/createEngine';
import { eventSchema } from '../src/engine/eventSchema';
import type { SegEvent, SegmentChange, VisitContext } from '../src/engine/types';
import { PROTOCOL_VERSION, type Consent, type EngineApi, type SegletError, type StartOptions, type WorkerMessage } from '../src/protocol';
import { createModelLink } from './createModelLink';
import { createPersistence } from './createPersistence';
import { createSyncLink } from './createSyncLink';
import type { Persisted } from './createPersistence';
import type { Storage } from './storage';

/** setTimeout's largest delay; later wake-ups are re-armed when this one fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The debug overlay lists this many recent events: a page or two of browsing, one screen of the panel. */
const INSPECT_RECENT = 20;

export interface WorkerDeps {
  now: () => number;
  openStorage: () => Promise<Storage>;
  deleteStorage: () => Promise<void>;
  fetch: typeof fetch;
  /** The browser's language (`navigator.language` in the worker). */
  language: string;
  uuid: () => string;
  /** Subscribes to the network coming back. */
  onOnline: (callback: () => void) => void;
}

/** SHA-256 of a string, as lowercase hex. */
async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The engine shared by every tab that connects: one state, one sync, one set of timers. */
export interface WorkerHost {
  /** A tab's view of the engine: calls from it, and the messages it is sent. */
  connect(): EngineApi;
}

/**
 * The worker's side of the boundary: wires the pure engine to storage, timers and the model, and
 * reports every fault to the page as data instead of throwing. In a SharedWorker every tab of the
 * origin connects to the same host, so events from all of them count toward the same rules, every tab
 * hears every change, and one sync delivers each change once.
 *
 * Invariants: the first `start` sets the engine up, later ones join it; changes, model and sync faults go
 * to every tab; a fault in one tab's call (a bad event, a bad id) goes to that tab alone.
 */
export function createWorkerApi(deps: WorkerDeps): WorkerHost {
  const ports = new Set<MessagePort>();
  /** Holdouts hash the visitor's current anonymous id. */
  const engineOptions = { now: deps.now, visitor: () => anonymousId };
  let engine: Engine = createEngine(engineOptions);
  let consent: Consent = 'pending';
  let anonymousId = '';
  let userId: string | null = null;
  let syncUrl: string | undefined;
  let localRules = '';
  let wakeTimer: ReturnType<typeof setTimeout> | undefined;
  let started: Promise<unknown> | undefined;

  const broadcast = (message: WorkerMessage, except?: MessagePort) =>
    ports.forEach((port) => port !== except && port.postMessage(message));
  const fail = (error: SegletError) => broadcast({ type: 'error', error });
  const { fetch, uuid } = deps;
  const model = createModelLink({ fetch, fail, onModel: (next) => (settle(engine.setModel(next)), settle(engine.setRules(model.rules()))) });
  const persistence = createPersistence(deps, () => ({ v: 1, engine: engine.getState(), model: model.cached(), anonymousId, userId, outbox: sync.outbox() }), fail);
  const sync = createSyncLink({
    fetch,
    uuid,
    fail,
    granted: () => consent === 'granted',
    pending: () => consent === 'pending',
    onOnline: deps.onOnline,
    mirror: (url, batches) => broadcast({ type: 'outbox', url, batches: batches as unknown as Record<string, unknown>[] }),
    persist: persistence.saveSoon,
    engine: () => engine,
    model: () => model.cached()?.model,
    anonymousId: () => anonymousId,
    userId: () => userId,
  });

  function settle(change: SegmentChange | null): void {
    if (change) (broadcast({ type: 'change', change }), sync.record(change));
    clearTimeout(wakeTimer);
    const wakeAt = engine.getWakeAt();
    if (wakeAt !== null) {
      wakeTimer = setTimeout(() => settle(engine.tick()), Math.min(Math.max(0, wakeAt - deps.now()), MAX_TIMER_MS));
    }
    // A change is saved at once: a tab reloaded right after it may take the worker with it (the last tab of a
    // SharedWorker), and the next page must start from it. Events alone are saved together, a second later.
    if (change) void persistence.save();
    else persistence.saveSoon();
  }

  /** The first tab's start: restores state, loads rules and the model, starts sync. */
  async function setUp(options: StartOptions): Promise<void> {
    consent = options.consent;
    if (consent === 'denied') await persistence.erase();
    const restored = consent === 'granted' ? await persistence.open() : undefined;
    localRules = JSON.stringify(options.rules ?? []);
    model.setLocal(options.rules);
    const cached = restored?.model;
    anonymousId = restored?.anonymousId ?? deps.uuid();
    userId = restored?.userId ?? null;
    model.setModel(cached?.model);
    const context: VisitContext = {
      ...options.context,
      language: deps.language,
      time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      visitor: restored ? 'returning' : 'new',
    };
    engine = createEngine({ ...engineOptions, rules: model.rules(), state: restored?.engine, context, model: cached?.model });
    settle(engine.tick());
    model.start(options.model, cached, options.modelRefresh);
    syncUrl = options.sync;
    sync.start(syncUrl, restored?.outbox);
  }

  /**
   * A returning visitor on a page that started undecided, now granted: their stored state goes on, with
   * this page's events added, instead of being overwritten by the page's fresh start. Tabs hear the change
   * from what they showed; sync, the changes from what it last knew (the stored state's), in place of those
   * held while pending. Returns those changes.
   */
  function adopt(restored: Persisted): SegmentChange[] {
    const shown = engine.getMemberships();
    const after = restored.engine.lastAt ?? -Infinity;
    const events = engine.getState().history.filter((e) => e.at > after).map(({ name, at, props }) => ({ name, at, props }));
    anonymousId = restored.anonymousId ?? anonymousId;
    userId = restored.userId ?? null;
    const context = { ...engine.getContext(), visitor: 'returning' };
    engine = createEngine({ ...engineOptions, rules: model.rules(), state: restored.engine, context, model: (model.cached() ?? restored.model)?.model });
    const changes = [engine.tick(), events.length ? engine.ingest(events) : null].filter((c) => c !== null);
    sync.discardHeld();
    const now = engine.getMemberships();
    const ids = new Set(now.map((m) => m.id));
    const before = new Set(shown.map((m) => m.id));
    const cluster = now.find((m) => m.source === 'cluster')?.id ?? null;
    const entered = [...ids].filter((id) => !before.has(id));
    const exited = [...before].filter((id) => !ids.has(id));
    const holdouts = now.filter((m) => m.holdout).map((m) => m.id);
    if (entered.length || exited.length) broadcast({ type: 'change', change: { segments: [...ids], entered, exited, cluster, at: deps.now(), holdouts } });
    settle(null);
    return changes;
  }

  /**
   * Consent is the visitor's, for the whole origin: a tab that starts undecided (`pending`) does not undo
   * what another tab was told; a decision made in any tab applies to all, and the others hear of it.
   */
  async function setConsent(next: Consent, from?: MessagePort): Promise<void> {
    if (next === consent) return;
    consent = next;
    broadcast({ type: 'consent', consent: next }, from);
    if (next === 'granted') {
      const restored = await persistence.open();
      const changes = restored ? adopt(restored) : [];
      sync.start(syncUrl, restored?.outbox);
      changes.forEach(sync.record);
      await persistence.save();
    } else if (next === 'pending') {
      persistence.close(); // undecided again: nothing more is stored (nor sent) until a decision
    } else {
      sync.start(undefined, undefined);
      persistence.close();
      await persistence.erase();
      settle(engine.clear());
    }
  }

  /**
   * A tab that joins a running engine: its decided consent applies; its own rules replace the page rules;
   * the model is revalidated, as at any page's start.
   */
  async function join(options: StartOptions, port: MessagePort): Promise<void> {
    void model.refresh();
    if (options.consent !== 'pending') await setConsent(options.consent, port);
    else if (consent !== 'pending') port.postMessage({ type: 'consent', consent } satisfies WorkerMessage);
    const rules = JSON.stringify(options.rules ?? []);
    if (rules !== localRules) {
      localRules = rules;
      model.setLocal(options.rules);
      settle(engine.setRules(model.rules()));
    }
  }

  return {
    connect() {
      let port: MessagePort | undefined;
      /** A fault of this tab's own call: reported to it alone. */
      const tell = (error: SegletError) => port?.postMessage({ type: 'error', error } satisfies WorkerMessage);
      return {
        hello: () => PROTOCOL_VERSION,

        async start(options, messagePort) {
          port = messagePort;
          ports.add(port);
          port.addEventListener('close', () => ports.delete(messagePort));
          if (started) await started.then(() => join(options, messagePort));
          else await (started = setUp(options));
          return engine.getMemberships();
        },

        // Posted one way (nothing waits for a reply to report it): every fault is this tab's `error` message.
        ingest(events) {
          try {
            const valid: SegEvent[] = [];
            for (const event of Array.isArray(events) ? events : [events]) {
              const result = eventSchema.safeParse(event);
              if (result.success) valid.push(result.data);
              else tell({ code: 'invalid_event', message: `event rejected: ${JSON.stringify(event)?.slice(0, 120)}` });
            }
            if (valid.length) settle(engine.ingest(valid));
          } catch (e) {
            tell({ code: 'internal', message: `ingest: ${e}` });
          }
        },

        getSegments: () => engine.getMemberships(),
        getContext: () => engine.getContext(),
        explain: (id) => engine.explain(id),
        inspect: () => ({
          memberships: engine.getMemberships(),
          features: engine.getFeatures(),
          modelVersion: model.cached()?.model.version ?? null,
          recent: engine.getState().history.slice(-INSPECT_RECENT).map(({ name, at }) => ({ name, at })),
          rules: model.rules().map((rule) => rule.id),
        }),
        setConsent: (next) => setConsent(next, port),

        async flush() {
          // Delivery goes on in the background; the batch is in the outbox that is saved now.
          sync.flush();
          await persistence.save();
        },

        refreshModel: async () => model.refresh(),
        seal: (sent) => sync.seal(sent),

        async identify(id, salt) {
          if (typeof id !== 'string' || !id || id.length > 1024) {
            return tell({ code: 'invalid_argument', message: 'identify(id): id must be a non-empty string of at most 1024 characters' });
          }
          userId = await sha256Hex(salt + id);
          persistence.saveSoon();
        },

        async forget() {
          // The endpoint is told with the ids it knows the visitor by; then nothing of them is left here.
          const request = { v: 1 as const, op: 'forget' as const, anonymousId, userId };
          sync.start(undefined, undefined);
          persistence.close();
          await persistence.erase();
          settle(engine.clear());
          anonymousId = deps.uuid();
          userId = null;
          if (consent === 'granted') await persistence.open();
          sync.start(syncUrl, [request]);
        },
      };
    },
  };
}
