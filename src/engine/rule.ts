import type { FeatureName } from './featureNames';
import type { Scalar } from './types';

/** Numeric comparisons shared by conditions: at least one, and every one given must hold. */
export interface Comparison {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  eq?: number;
}

/** A test on one event prop (or context field): equality, `prefix`, `in`, or numeric comparisons. */
export type Matcher = Scalar | { prefix: string } | { in: Scalar[] } | Comparison;

/** Prop tests that must all pass for an event to count. */
export type Where = Record<string, Matcher>;

/** A duration: milliseconds, or a string such as `"30s"`, `"2m"`, `"1h"`, `"7d"`. */
export type Duration = string | number;

/** One step of a `sequence`: an event name, or a name with prop tests. */
export type SequenceStep = string | { event: string; where?: Where };

/**
 * A rule condition as written in JSON: exactly one kind per object. `count`, `distinct`, `sum` and `feature`
 * need at least one comparison; `all` and `any` at least one condition.
 */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | ({ count: string; where?: Where; within: Duration | 'session' } & Comparison)
  | ({ distinct: string; by: string; where?: Where; within: Duration | 'session' } & Comparison)
  | ({ sum: string; of: string; where?: Where; within: Duration | 'session' } & Comparison)
  | { absent: string; after: string; for: Duration }
  | { sequence: SequenceStep[]; within: Duration | 'session' }
  | ({ feature: FeatureName } & Comparison)
  | { context: Where }
  | { cluster: string };

/**
 * A trigger rule as written in JSON: data, never code. Annotate local rules with it to have them checked as you
 * write them; rules from elsewhere (a file, an API) can be checked with `ruleSchema` from `seglet/schema`.
 *
 * @example
 * const lead: Rule = { id: 'lead', when: { count: 'form_submit', within: '2m', gte: 1 }, ttl: '30m' };
 */
export interface Rule {
  id: string;
  when: Condition;
  ttl?: Duration;
  /**
   * The share of members (0 to under 1) kept as a control group: still members (callbacks and sync say
   * `holdout: true`), but declarative content is not swapped for them. Chosen by a hash of the visitor id.
   */
  holdout?: number;
}

/** A window: milliseconds back from now, or the active session. */
export type Window = number | 'session';

/** What a leaf aggregates: the part of a condition that keeps incremental state over events. */
export type LeafSpec =
  | { type: 'count'; event: string; where?: Where; within: Window; cmp: Comparison }
  | { type: 'distinct'; event: string; by: string; where?: Where; within: Window; cmp: Comparison }
  | { type: 'sum'; event: string; of: string; where?: Where; within: Window; cmp: Comparison }
  | { type: 'absent'; event: string; after: string; for: number }
  | { type: 'sequence'; steps: { event: string; where?: Where }[]; within: Window };

/** A validated condition with durations in milliseconds: what the evaluator runs. */
export type CompiledCondition =
  | { kind: 'all' | 'any'; of: CompiledCondition[] }
  | { kind: 'not'; of: CompiledCondition }
  | { kind: 'leaf'; leaf: LeafSpec; key: string }
  | { kind: 'feature'; feature: string; cmp: Comparison }
  | { kind: 'context'; where: Where }
  | { kind: 'cluster'; cluster: string };

/** A validated rule: what the engine runs. */
export interface CompiledRule {
  id: string;
  when: CompiledCondition;
  ttl: number | undefined;
  /** The control-group share (0: none). */
  holdout: number;
  /** Canonical JSON of the definition, so a changed rule is recognised and its memberships re-evaluated. */
  signature: string;
}

/** Why a rule was rejected: the rule's id (if it had one) and the path of the fault. */
export interface RuleFault {
  ruleId: string | undefined;
  path: string;
  message: string;
}
