import { compileRule } from '../src/engine/compileRule';
import { createEngine, type Engine, type EngineState } from '../src/engine/createEngine';
import { eventSchema } from '../src/engine/eventSchema';
import type { CompiledRule } from '../src/engine/rule';
import type { SegEvent, SegmentChange, VisitContext } from '../src/engine/types';
import { PROTOCOL_VERSION, type Consent, type EngineApi, type SegletError, type WorkerMessage } from '../src/protocol';
import type { Model } from '../src/engine/modelSchema';
import { createModelSource, MODEL_REFRESH_MS, type CachedModel, type ModelSource } from './createModelSource';
import { createSync, type Sync, type SyncBatch, type SyncChange } from './createSync';
import type { Storage } from './storage';

/** Coalesces IndexedDB writes: state is saved this long after the last change, not once per event. */
const SAVE_DELAY_MS = 1000;
/** setTimeout's largest delay; later wake-ups are re-armed when this one fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Persisted {
  v: 1;
  engine: EngineState;
  /** The last good model: in force from start-up, before the network answers. */
  model?: CachedModel;
  /** The visitor's random id: the only id sync sends before `identify()`. */
  anonymousId?: string;
  /** Sync batches not yet acknowledged by the endpoint. */
  outbox?: SyncBatch[];
}

export interface WorkerDeps {
  now: () => number;
  openStorage: () => Promise<Storage>;
  deleteStorage: () => Promise<void>;
  fetch: typeof fetch;
  /** The browser's language (`navigator.language` in the worker). */
  language: string;
  uuid: () => string;
}

/**
 * The worker's side of the boundary: wires the pure engine to storage, timers and the model, and
 * reports every fault to the page as data instead of throwing.
 */
export function createWorkerApi(deps: WorkerDeps): EngineApi {
  let port: MessagePort | undefined;
  let engine: Engine = createEngine({ now: deps.now });
  let storage: Storage | null = null;
  let consent: Consent = 'pending';
  let localRules: CompiledRule[] = [];
  let modelRules: CompiledRule[] = [];
  let models: ModelSource | undefined;
  let sync: Sync | undefined;
  let anonymousId = '';
  let syncUrl: string | undefined;
  let wakeTimer: ReturnType<typeof setTimeout> | undefined;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;

  const post = (message: WorkerMessage) => port?.postMessage(message);
  const fail = (error: SegletError) => post({ type: 'error', error });

  function settle(change: SegmentChange | null): void {
    if (change) (post({ type: 'change', change }), sync?.record(changesOf(change)));
    clearTimeout(wakeTimer);
    const wakeAt = engine.getWakeAt();
    if (wakeAt !== null) {
      wakeTimer = setTimeout(() => settle(engine.tick()), Math.min(Math.max(0, wakeAt - deps.now()), MAX_TIMER_MS));
    }
    if (storage && !saveTimer) saveTimer = setTimeout(save, SAVE_DELAY_MS);
  }

  async function save(): Promise<void> {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    const persisted: Persisted = { v: 1, engine: engine.getState(), model: models?.cached(), anonymousId, outbox: sync?.outbox() };
    await storage?.put('state', persisted).catch((e: unknown) => fail(storageError(e)));
  }

  function compileAll(rules: unknown[] | undefined): CompiledRule[] {
    const compiled: CompiledRule[] = [];
    for (const raw of rules ?? []) {
      const result = compileRule(raw);
      if ('rule' in result) compiled.push(result.rule);
      else {
        const { ruleId, path, message } = result.fault;
        fail({ code: 'invalid_rule', message: `rule "${ruleId ?? '?'}" at ${path}: ${message}` });
      }
    }
    return compiled;
  }

  /** Local rules merged with the model's: the model wins on the same id. */
  function mergedRules(): CompiledRule[] {
    const ids = new Set(modelRules.map((r) => r.id));
    return [...localRules.filter((r) => !ids.has(r.id)), ...modelRules];
  }

  /** A change as sync reports it: one entry per segment entered or exited. */
  function changesOf(change: SegmentChange): SyncChange[] {
    const source = (id: string) => (models?.cached()?.model.centroids?.some((c) => c.id === id) ? 'cluster' : 'rule');
    return [
      ...change.exited.map((id) => ({ id, op: 'exit' as const, at: change.at, source: source(id) })),
      ...change.entered.map((id) => ({ id, op: 'enter' as const, at: change.at, source: source(id) })),
    ] as SyncChange[];
  }

  /** What a sync batch carries besides its changes; a feature vector only when the model asks for it. */
  function snapshot() {
    const model = models?.cached()?.model;
    const features = engine.getFeatures();
    return {
      anonymousId,
      userId: null,
      modelVersion: model?.version ?? null,
      bot: features.bot_score >= 0.5,
      segments: engine.getMemberships().map(({ id, source, since, expiresAt }) => ({ id, source, since, expiresAt })),
      ...(model?.collectFeatures && { features }),
    };
  }

  function startSync(url: string | undefined, restored: Persisted | undefined): void {
    sync?.stop();
    sync = undefined;
    if (!url || consent !== 'granted') return;
    const persist = () => void (storage && !saveTimer && (saveTimer = setTimeout(save, SAVE_DELAY_MS)));
    sync = createSync({ url, fetch: deps.fetch, outbox: restored?.outbox ?? [], snapshot, persist, fail, uuid: deps.uuid });
    // Batches left by an earlier page go out now.
    if (sync.outbox().length) void sync.flush();
  }

  /** A new good model: its rules join the local ones, its weights and centroids go to the engine. */
  function useModel(model: Model): void {
    modelRules = compileAll(model.rules);
    settle(engine.setModel(model));
    settle(engine.setRules(mergedRules()));
  }

  async function openState(): Promise<Persisted | undefined> {
    try {
      storage = await deps.openStorage();
      return await storage.get<Persisted>('state');
    } catch (e) {
      storage = null;
      fail(storageError(e));
      return undefined;
    }
  }

  return {
    hello: () => PROTOCOL_VERSION,

    async start(options, messagePort) {
      port = messagePort;
      consent = options.consent;
      if (consent === 'denied') await deps.deleteStorage().catch(() => {});
      const restored = consent === 'granted' ? await openState() : undefined;
      localRules = compileAll(options.rules);
      const cachedModel = restored?.model?.model;
      anonymousId = restored?.anonymousId ?? deps.uuid();
      modelRules = compileAll(cachedModel?.rules);
      const context: VisitContext = {
        ...options.context,
        language: deps.language,
        time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        visitor: restored ? 'returning' : 'new',
      };
      engine = createEngine({ now: deps.now, rules: mergedRules(), state: restored?.engine, context, model: cachedModel });
      settle(engine.tick());
      models?.stop();
      if (options.model) {
        const refreshMs = options.modelRefresh ?? MODEL_REFRESH_MS;
        models = createModelSource({ url: options.model, fetch: deps.fetch, cached: restored?.model, refreshMs, onModel: useModel, fail });
        void models.refresh();
      }
      syncUrl = options.sync;
      startSync(syncUrl, restored);
      return engine.getMemberships();
    },

    ingest(events) {
      const valid: SegEvent[] = [];
      for (const event of events) {
        const result = eventSchema.safeParse(event);
        if (result.success) valid.push(result.data);
        else fail({ code: 'invalid_event', message: `event rejected: ${JSON.stringify(event).slice(0, 120)}` });
      }
      if (valid.length) settle(engine.ingest(valid));
    },

    getSegments: () => engine.getMemberships(),
    getContext: () => engine.getContext(),
    getFeatures: () => engine.getFeatures(),
    explain: (id) => engine.explain(id),

    async setConsent(next) {
      if (next === consent) return;
      consent = next;
      if (next === 'granted') {
        startSync(syncUrl, await openState());
        await save();
      } else if (next === 'denied') {
        clearTimeout(saveTimer);
        storage = null;
        await deps.deleteStorage().catch(() => {});
        settle(engine.clear());
      }
    },

    async flush() {
      // Delivery goes on in the background; the batch is in the outbox that is saved now.
      void sync?.flush();
      await save();
    },

    refreshModel: async () => models?.refresh(),
  };
}

function storageError(e: unknown): SegletError {
  return { code: 'storage_unavailable', message: `IndexedDB unavailable, state kept in memory only: ${String(e)}` };
}
