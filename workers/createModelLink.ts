import { compileRule } from '../src/engine/compileRule';
import type { Model } from '../src/engine/modelSchema';
import type { CompiledRule } from '../src/engine/rule';
import type { SegletError } from '../src/protocol';
import { createModelSource, MODEL_REFRESH_MS, type CachedModel, type ModelSource } from './createModelSource';

/** The rules in force, the page's and the model's, and the source that keeps the model fresh. */
export interface ModelLink {
  /** Compiles the page's rules; a rule that fails is reported and left out. */
  setLocal(rules: unknown[] | undefined): void;
  /** Compiles the model's rules (the cached model's, at start-up), in place of the previous model's. */
  setModel(model: Model | undefined): void;
  /** The page's rules merged with the model's: the model wins on the same id. */
  rules(): CompiledRule[];
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
 * Builds the model link. A new good model's rules are compiled before `onModel` hands the model to the
 * engine.
 */
export function createModelLink(deps: {
  fetch: typeof fetch;
  fail: (error: SegletError) => void;
  onModel: (model: Model) => void;
}): ModelLink {
  const { fetch, fail } = deps;
  let localRules: CompiledRule[] = [];
  let modelRules: CompiledRule[] = [];
  let models: ModelSource | undefined;

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

  function setModel(model: Model | undefined): void {
    modelRules = compileAll(model?.rules);
  }

  return {
    setLocal: (rules) => void (localRules = compileAll(rules)),
    setModel,
    rules() {
      const ids = new Set(modelRules.map((r) => r.id));
      return [...localRules.filter((r) => !ids.has(r.id)), ...modelRules];
    },
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
