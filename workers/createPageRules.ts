import type { CompiledRule } from '../src/engine/rule';
import { compileRules, type RejectedRule } from './compileRules';

/** Page rules remembered at most: the ones no page has pushed for longest go first. */
export const MAX_PAGE_RULES_KEPT = 200;
/** A page rule that no page has pushed for this long is retired (its members exit at the next start). */
export const PAGE_RULE_UNSEEN_MS = 30 * 86_400_000;

/** A page rule as it is kept with the visitor's state: its definition and when a page last pushed it. */
export interface SavedPageRule {
  rule: unknown;
  seenAt: number;
}

/** The page rules the worker has been given, remembered across pages: see {@link createPageRules}. */
export interface PageRules {
  /**
   * A page's rules: each good one is remembered (in place of an earlier definition of its id) and seen now;
   * returns the bad ones, each with its message.
   */
  push(rules: readonly unknown[] | undefined, now: number): RejectedRule[];
  /** Rules remembered by earlier pages (the stored state): a definition pushed in this worker wins. */
  restore(saved: readonly SavedPageRule[] | undefined): void;
  /** The rules in force: the remembered page rules not retired by `now`, then the model's, which win on an id. */
  inForce(modelRules: readonly CompiledRule[], now: number): CompiledRule[];
  /** The rules pushed (and every page rule rejected) most recently, by id. */
  rejected(): RejectedRule[];
  save(): SavedPageRule[];
}

interface Kept extends SavedPageRule {
  compiled: CompiledRule;
}

/**
 * Builds the page rules. A rule merely absent from a page's config is not a changed rule: a membership keeps
 * its ttl from page to page. Only a rule pushed with another definition changes (and is re-evaluated), and one
 * unseen for {@link PAGE_RULE_UNSEEN_MS} is retired.
 */
export function createPageRules(): PageRules {
  const kept = new Map<string, Kept>();
  const rejected = new Map<string, RejectedRule>();

  function keep(rule: unknown, compiled: CompiledRule, seenAt: number): void {
    const earlier = kept.get(compiled.id);
    if (earlier && earlier.seenAt > seenAt) return;
    kept.delete(compiled.id); // re-inserted last: the map stays in order of when each was seen
    kept.set(compiled.id, { rule, compiled, seenAt });
    for (const id of kept.keys()) {
      if (kept.size <= MAX_PAGE_RULES_KEPT) break;
      kept.delete(id);
    }
  }

  return {
    push(rules, now) {
      const { compiled, rejected: bad } = compileRules(rules);
      const raw = new Map((rules ?? []).map((r) => [(r as { id?: unknown })?.id, r]));
      compiled.forEach((rule) => (keep(raw.get(rule.id), rule, now), rejected.delete(rule.id)));
      bad.forEach((fault) => (rejected.delete(fault.rule), rejected.set(fault.rule, fault)));
      while (rejected.size > MAX_PAGE_RULES_KEPT) rejected.delete(rejected.keys().next().value!);
      return bad;
    },
    restore(saved) {
      // Pushed in this worker is pushed since the state was stored: those definitions win whatever the clocks say.
      const all = [...kept.values()];
      const pushed = new Set(kept.keys());
      for (const { rule, seenAt } of saved ?? []) {
        const [compiled] = compileRules([rule]).compiled;
        if (compiled && !pushed.has(compiled.id) && Number.isFinite(seenAt)) all.push({ rule, compiled, seenAt });
      }
      kept.clear();
      all.sort((a, b) => a.seenAt - b.seenAt).forEach((k) => keep(k.rule, k.compiled, k.seenAt));
    },
    inForce(modelRules, now) {
      for (const [id, { seenAt }] of kept) if (now - seenAt > PAGE_RULE_UNSEEN_MS) kept.delete(id);
      const ids = new Set(modelRules.map((r) => r.id));
      return [...[...kept.values()].map((k) => k.compiled).filter((r) => !ids.has(r.id)), ...modelRules];
    },
    rejected: () => [...rejected.values()],
    save: () => [...kept.values()].map(({ rule, seenAt }) => ({ rule, seenAt })),
  };
}
