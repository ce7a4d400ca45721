import { createEngine, type Engine } from '../src/engine/createEngine';
import type { CompiledRule } from '../src/engine/rule';
import type { SegmentChange, VisitContext } from '../src/engine/types';
import type { SegletError, StartOptions, WorkerMessage } from '../src/protocol';
import type { WorkerDeps } from './createHost';
import { createModelLink, type ModelLink } from './createModelLink';
import { createPageRules, type PageRules } from './createPageRules';
import { createPersistence, type Persisted, type Persistence } from './createPersistence';
import { createSyncLink, type SyncLink } from './createSyncLink';
import { unloadCopy } from './unloadCopy';

/** setTimeout's largest delay; later wake-ups are re-armed when this one fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The engine in force and what is wired to it: rules, model, storage, sync, its wake-up timer. */
export interface EngineSlot {
  engine(): Engine;
  /** The first start: a new engine from `restored` (if any) with the page's rules, context and model. */
  build(options: StartOptions, restored: Persisted | undefined, tell: (error: SegletError) => void): void;
  /** The stored state replaces the engine (a returning visitor granted consent); returns the new engine. */
  replace(restored: Persisted, context: VisitContext): Engine;
  /** A page's rules, remembered with the others; bad ones are told to the page's tab. */
  pushRules(rules: readonly unknown[] | undefined, tell: (error: SegletError) => void): void;
  /** The rules in force. */
  rules(): CompiledRule[];
  /** Reports a change to every tab and to sync, re-arms the wake-up timer and saves (at once for a change). */
  settle(change: SegmentChange | null): void;
  /** The ids sync sends: the anonymous one, and the hash `identify()` was given. */
  visitor: {
    ids(): { anonymousId: string; userId: string | null };
    reset(anonymousId: string): void;
    identify(userId: string): void;
  };
  syncUrl(): string | undefined;
  model: ModelLink;
  pageRules: PageRules;
  persistence: Persistence;
  sync: SyncLink;
}

/** Builds the slot, with an engine that has no rules until the first start. */
export function createEngineSlot(deps: WorkerDeps, broadcast: (message: WorkerMessage) => void): EngineSlot {
  let anonymousId = '';
  let userId: string | null = null;
  let syncUrl: string | undefined;
  let wakeTimer: ReturnType<typeof setTimeout> | undefined;
  /** Where the model comes from, as the first start said: a model restored later starts revalidating from there. */
  let modelSource: { url?: string; refreshMs?: number } = {};
  const engineOptions = { now: deps.now, visitor: () => anonymousId }; // holdouts hash the current anonymous id
  let engine = createEngine(engineOptions);
  /** The rules last handed to the engine, by id and definition: the same set again is no change. */
  let inForce = '';
  const fail = (error: SegletError) => broadcast({ type: 'error', error });
  const { fetch, uuid } = deps;
  const pageRules = createPageRules();
  const rules = () => pageRules.inForce(model.rules(), deps.now());
  const signatureOf = (list: CompiledRule[]) => list.map((r) => `${r.id}\n${r.signature}`).join('\n');
  /** `list`, noted as the rules handed to the engine. */
  const signed = (list: CompiledRule[]) => ((inForce = signatureOf(list)), list);
  // A new model and the rules that come with it are one engine call, one change.
  const model = createModelLink({ fetch, fail, onModel: (next) => settle(engine.setModel(next, signed(rules()))) });
  const persistence = createPersistence(
    deps,
    () => ({ v: 1, engine: engine.getState(), model: model.cached(), anonymousId, userId, pageRules: pageRules.save(), syncMark: sync.mark() }),
    fail,
  );
  const sync = createSyncLink({
    fetch, uuid, fail,
    onOnline: deps.onOnline,
    mirror: (url, batches) => broadcast({ type: 'outbox', copy: unloadCopy(url, batches) }),
    persist: persistence.keepOutbox,
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

  /** The one place the engine is replaced: from stored state (or none), with the rules in force. */
  function replace(restored: Persisted | undefined, context: VisitContext): Engine {
    anonymousId = restored?.anonymousId ?? (anonymousId || uuid());
    userId = restored ? (restored.userId ?? null) : userId;
    pageRules.restore(restored?.pageRules);
    const cached = (model.cached() ?? restored?.model)?.model;
    engine = createEngine({ ...engineOptions, rules: signed(rules()), state: restored?.engine, context, model: cached });
    return engine;
  }

  const report = (tell: (error: SegletError) => void, rejected: { message: string }[]) =>
    rejected.forEach(({ message }) => tell({ code: 'invalid_rule', message }));

  return {
    engine: () => engine,
    build(options, restored, tell) {
      model.setModel(restored?.model?.model);
      report(tell, pageRules.push(options.rules, deps.now()));
      const context = { ...options.context, language: deps.language, time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone, visitor: restored ? 'returning' : 'new' };
      settle(replace(restored, context).tick());
      // A URL that does not parse goes as it is, for the model or sync to report.
      const resolve = (url?: string) => {
        try {
          return url && new URL(url, options.base).href;
        } catch {
          return url;
        }
      };
      modelSource = { url: resolve(options.model), refreshMs: options.modelRefresh };
      model.start(modelSource.url, restored?.model, modelSource.refreshMs);
      syncUrl = resolve(options.sync);
    },
    replace(restored, context) {
      // A stored model where none is in force yet (a start that was undecided read no storage, and the network has
      // not answered): it comes into force with its rules, or their stored members would exit, and stays the
      // cached copy the next save keeps; it is revalidated from where the start said.
      if (!model.cached() && restored.model) {
        model.setModel(restored.model.model);
        model.start(modelSource.url, restored.model, modelSource.refreshMs);
      }
      return replace(restored, context);
    },
    pushRules(list, tell) {
      report(tell, pageRules.push(list, deps.now()));
      const next = rules();
      if (signatureOf(next) !== inForce) settle(engine.setRules(signed(next)));
    },
    rules,
    settle,
    visitor: {
      ids: () => ({ anonymousId, userId }),
      reset: (id) => void ((anonymousId = id), (userId = null)),
      identify: (id) => void ((userId = id), persistence.saveSoon()),
    },
    syncUrl: () => syncUrl,
    model,
    pageRules,
    persistence,
    sync,
  };
}
