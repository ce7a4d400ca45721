import type { Scalar } from './types';

/** Numeric comparisons shared by conditions: every one given must hold. */
export interface Comparison {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  eq?: number;
}

/** A test on one event prop: equality, `prefix`, `in`, or numeric comparisons. */
export type Matcher = Scalar | { prefix: string } | { in: Scalar[] } | Comparison;

/** Event prop tests that must all pass for an event to count. */
export type Where = Record<string, Matcher>;

/** A rule condition as written in JSON (durations not yet parsed). */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | ({ count: string; where?: Where; within: string | number } & Comparison);

/** A trigger rule as written in JSON: data, never code. */
export interface Rule {
  id: string;
  when: Condition;
  ttl?: string | number;
}

/** A validated condition with durations in milliseconds: what the evaluator runs. */
export type CompiledCondition =
  | { kind: 'all' | 'any'; of: CompiledCondition[] }
  | { kind: 'not'; of: CompiledCondition }
  | { kind: 'count'; event: string; where: Where | undefined; within: number; cmp: Comparison };

/** A validated rule: what the engine runs. `source` tells model rules from local ones. */
export interface CompiledRule {
  id: string;
  when: CompiledCondition;
  ttl: number | undefined;
  /** Canonical JSON of the definition, so a changed rule is recognised and its memberships re-evaluated. */
  signature: string;
}

/** Why a rule was rejected: the rule's id (if it had one) and the path of the fault. */
export interface RuleFault {
  ruleId: string | undefined;
  path: string;
  message: string;
}
