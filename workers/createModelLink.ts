import type { Model } from '../src/engine/modelSchema';
import type { CompiledRule } from '../src/engine/rule';
import type { SegletError } from '../src/protocol';
import { compileRules, type RejectedRule } from './compileRules';
import { createModelSource, MODEL_REFRESH_MS, type CachedModel, type ModelSource } from './createModelSource';

/** The model in force, its compiled rules, and the source that keeps it fresh. */
export interface ModelLink {
  /** Compiles the model's rules (the cached model's, at start-up), in place of the previous model's. */
  setModel(model: Model | undefined): void;
  /** The model's rules that compiled. */
  rules(): CompiledRule[];
  /** The model's rules that did not, each with its message. */
  rejected(): RejectedRule[];
  /**
   * Stops the current source; with a `url`, starts one from `cached` that revalidates now and every
   * `refreshMs`. Without a url, the stopped source still answers `cached()`.
   */
  start(url: string | undefined, cached: CachedModel | undefined, refreshMs: number | undefined): void;
  /** The last good model, to keep with the visitor's state. */
  cached(): CachedModel | undefined;
  refresh(): Promise<void> | undefined;
}

/**
 * Builds the model link. A new good model's rules are compiled (each bad one reported) before `onModel`
 * hands the model to the engine.
 */
export function createModelLink(deps: {
  fetch: typeof fetch;
  fail: (error: SegletError) => void;
  onModel: (model: Model) => void;
}): ModelLink {
  const { fetch, fail } = deps;
  let compiled: CompiledRule[] = [];
  let rejected: RejectedRule[] = [];
  let models: ModelSource | undefined;

  function setModel(model: Model | undefined): void {
    ({ compiled, rejected } = compileRules(model?.rules));
    rejected.forEach(({ message }) => fail({ code: 'invalid_rule', message }));
  }

  return {
    setModel,
    rules: () => compiled,
    rejected: () => rejected,
    start(url, cached, refreshMs) {
      models?.stop();
      if (!url) return;
      const onModel = (model: Model) => (setModel(model), deps.onModel(model));
      models = createModelSource({ url, fetch, cached, refreshMs: refreshMs ?? MODEL_REFRESH_MS, onModel, fail });
      void models.refresh();
    },
    cached: () => models?.cached(),
    refresh: () => models?.refresh(),
  };
}
