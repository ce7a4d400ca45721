import { describeComparison } from './compare';
import { evaluate, type EvalContext } from './evaluate';
import type { FeatureName } from './featureNames';
import type { MemberState } from './membership';
import type { CompiledCondition, CompiledRule, LeafSpec } from './rule';

/** One condition of a rule, with the value it sees now and its verdict. */
export interface ConditionExplanation {
  /** What the condition tests, in words: `count page_view within 2m`. */
  condition: string;
  /** What the value must be, e.g. `≥ 5` (absent for combinations). */
  expected?: string;
  /** The value it sees now (a count, a sum, a feature, a context field…). */
  value?: number | string | boolean | null;
  verdict: boolean;
  of?: ConditionExplanation[];
}

/** Why a visitor is in or out of a segment. */
export interface Explanation {
  id: string;
  /** Whether the rule is known (a segment nobody defined is never entered). */
  known: boolean;
  member: boolean;
  since: number | null;
  expiresAt: number | null;
  /** A visitor flagged as a bot is in no segment, whatever the conditions say. */
  bot: boolean;
  condition: ConditionExplanation | null;
}

const span = (w: number | 'session') => (w === 'session' ? 'the session' : formatDuration(w));

function formatDuration(ms: number): string {
  for (const [unit, size] of [['d', 864e5], ['h', 36e5], ['m', 6e4], ['s', 1e3]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

function describeLeaf(leaf: LeafSpec): string {
  const where = 'where' in leaf && leaf.where ? ` where ${JSON.stringify(leaf.where)}` : '';
  switch (leaf.type) {
    case 'count':
      return `count ${leaf.event}${where} within ${span(leaf.within)}`;
    case 'distinct':
      return `distinct ${leaf.by} of ${leaf.event}${where} within ${span(leaf.within)}`;
    case 'sum':
      return `sum of ${leaf.of} over ${leaf.event}${where} within ${span(leaf.within)}`;
    case 'absent':
      return `no ${leaf.event} for ${formatDuration(leaf.for)} after the latest ${leaf.after} (value: ms since it)`;
    case 'sequence':
      return `sequence ${leaf.steps.map((s) => s.event).join(" → ")} within ${span(leaf.within)} (value: steps done)`;
  }
}

function explainCondition(cond: CompiledCondition, ctx: EvalContext): ConditionExplanation {
  const verdict = evaluate(cond, ctx).value;
  switch (cond.kind) {
    case 'all':
    case 'any':
      return { condition: cond.kind, verdict, of: cond.of.map((c) => explainCondition(c, ctx)) };
    case 'not':
      return { condition: 'not', verdict, of: [explainCondition(cond.of, ctx)] };
    case 'leaf': {
      const expected = 'cmp' in cond.leaf ? describeComparison(cond.leaf.cmp) : undefined;
      return { condition: describeLeaf(cond.leaf), expected, value: ctx.leaf(cond.key).value, verdict };
    }
    case 'feature': {
      const value = ctx.feature(cond.feature as FeatureName).value;
      return { condition: `feature ${cond.feature}`, expected: describeComparison(cond.cmp), value, verdict };
    }
    case 'context': {
      const fields = Object.keys(cond.where);
      const value = fields.length === 1 ? (ctx.context[fields[0]!] ?? null) : JSON.stringify(fields.map((f) => ctx.context[f] ?? null));
      return { condition: `context ${fields.join(', ')}`, expected: JSON.stringify(cond.where), value, verdict };
    }
    case 'cluster':
      return { condition: 'cluster', expected: cond.cluster, value: ctx.cluster, verdict };
  }
}

/** Explains one rule's membership: its state and every condition's value and verdict now. */
export function explainRule(
  id: string,
  rule: CompiledRule | undefined,
  state: MemberState | undefined,
  ctx: EvalContext,
  bot: boolean,
): Explanation {
  const member = !!state?.member;
  return {
    id,
    known: !!rule,
    member,
    since: member ? state!.since : null,
    expiresAt: member ? state!.expiresAt : null,
    bot,
    condition: rule ? explainCondition(rule.when, ctx) : null,
  };
}
