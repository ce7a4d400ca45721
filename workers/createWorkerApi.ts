import { compileRule } from '../src/engine/compileRule';
import { createEngine, type Engine, type EngineState } from '../src/engine/createEngine';
import { eventSchema } from '../src/engine/eventSchema';
import type { CompiledRule } from '../src/engine/rule';
import type { SegEvent, SegmentChange, VisitContext } from '../src/engine/types';
import { PROTOCOL_VERSION, type Consent, type EngineApi, type SegletError, type WorkerMessage } from '../src/protocol';
import { loadModel, type ModelParts } from './loadModel';
import type { Storage } from './storage';

/** Coalesces IndexedDB writes: state is saved this long after the last change, not once per event. */
const SAVE_DELAY_MS = 1000;
/** setTimeout's largest delay; later wake-ups are re-armed when this one fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Persisted {
  v: 1;
  engine: EngineState;
  /** The last good model (its rules and weights): in force from start-up, before the network answers. */
  model?: ModelParts;
}

export interface WorkerDeps {
  now: () => number;
  openStorage: () => Promise<Storage>;
  deleteStorage: () => Promise<void>;
  fetch: typeof fetch;
  /** The browser's language (`navigator.language` in the worker). */
  language: string;
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
  let model: ModelParts | undefined;
  let wakeTimer: ReturnType<typeof setTimeout> | undefined;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;

  const post = (message: WorkerMessage) => port?.postMessage(message);
  const fail = (error: SegletError) => post({ type: 'error', error });

  function settle(change: SegmentChange | null): void {
    if (change) post({ type: 'change', change });
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
    const persisted: Persisted = { v: 1, engine: engine.getState(), model };
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

  function setModel(next: ModelParts | undefined): void {
    model = next;
    modelRules = compileAll(next?.rules);
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
      setModel(restored?.model);
      const context: VisitContext = {
        ...options.context,
        language: deps.language,
        time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        visitor: restored ? 'returning' : 'new',
      };
      engine = createEngine({ now: deps.now, rules: mergedRules(), state: restored?.engine, context, weights: model?.weights });
      settle(engine.tick());
      if (options.model) {
        loadModel(deps.fetch, options.model)
          .then((next) => {
            setModel(next);
            settle(engine.setWeights(next.weights));
            settle(engine.setRules(mergedRules()));
          })
          .catch((e: unknown) => fail({ code: 'model_unavailable', message: `model ${options.model}: ${String(e)}` }));
      }
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
        await openState();
        await save();
      } else if (next === 'denied') {
        clearTimeout(saveTimer);
        storage = null;
        await deps.deleteStorage().catch(() => {});
        settle(engine.clear());
      }
    },

    flush: () => save(),
  };
}

function storageError(e: unknown): SegletError {
  return { code: 'storage_unavailable', message: `IndexedDB unavailable, state kept in memory only: ${String(e)}` };
}
