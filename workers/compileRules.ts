import { compileRule } from '../src/engine/compileRule';
import type { CompiledRule } from '../src/engine/rule';

/** A rule that failed validation, with the message it was reported with. */
export interface RejectedRule {
  rule: string;
  message: string;
}

/**
 * Compiles rules as they came (a page's or a model's): the good ones, and each bad one with the exact
 * message its `invalid_rule` error carries, e.g. `rule "broken-window" at when.within: must be a duration…`.
 */
export function compileRules(rules: readonly unknown[] | undefined): { compiled: CompiledRule[]; rejected: RejectedRule[] } {
  const compiled: CompiledRule[] = [];
  const rejected: RejectedRule[] = [];
  for (const raw of rules ?? []) {
    const result = compileRule(raw);
    if ('rule' in result) compiled.push(result.rule);
    else {
      const { ruleId, path, message } = result.fault;
      rejected.push({ rule: ruleId ?? '?', message: `rule "${ruleId ?? '?'}" at ${path}: ${message}` });
    }
  }
  return { compiled, rejected };
}
