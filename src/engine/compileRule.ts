import { describeIssue, issuePath } from './describeIssue';
import { parseDuration } from './parseDuration';
import type { CompiledCondition, CompiledRule, Comparison, LeafSpec, RuleFault, Where, Window } from './rule';
import { ruleShape, shapes, type Kind } from './ruleShapes';
import type { z } from './z';

/** Deepest nesting of all/any/not: bounds evaluation cost and recursion for hostile input. */
export const MAX_DEPTH = 16;
/** Largest count/distinct threshold: a leaf keeps at most this many timestamps. */
export const MAX_THRESHOLD = 10_000;

class Fault extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

function check<T>(schema: z.ZodMiniType<T>, value: unknown, path: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new Fault(issuePath(path, issue.path), describeIssue(issue));
}

function cmpOf(node: Comparison, path: string, capped: boolean): Comparison {
  const cmp: Comparison = {};
  for (const k of ['gt', 'gte', 'lt', 'lte', 'eq'] as const) {
    const v = node[k];
    if (v === undefined) continue;
    if (capped && Math.abs(v) > MAX_THRESHOLD) throw new Fault(`${path}.${k}`, `must be at most ${MAX_THRESHOLD}`);
    cmp[k] = v;
  }
  return cmp;
}

const ms = (d: string | number) => parseDuration(d)!;
const win = (w: string | number): Window => (w === 'session' ? 'session' : ms(w));

function leafOf(kind: Kind, node: Record<string, unknown>, path: string): LeafSpec {
  if (kind === 'count' || kind === 'distinct' || kind === 'sum') {
    const n = check(shapes[kind] as unknown as z.ZodMiniType<Record<string, never>>, node, path);
    const base = { event: n[kind] as string, where: n.where as Where | undefined, within: win(n.within) };
    const cmp = cmpOf(n, path, kind !== 'sum');
    if (kind === 'count') return { type: 'count', ...base, cmp };
    if (kind === 'distinct') return { type: 'distinct', ...base, by: n.by as string, cmp };
    return { type: 'sum', ...base, of: n.of as string, cmp };
  }
  if (kind === 'absent') {
    const n = check(shapes.absent, node, path);
    return { type: 'absent', event: n.absent, after: n.after, for: ms(n.for) };
  }
  const n = check(shapes.sequence, node, path);
  const steps = n.sequence.map((s) => (typeof s === 'string' ? { event: s } : s));
  return { type: 'sequence', steps, within: win(n.within) };
}

function compileCondition(value: unknown, path: string, depth: number): CompiledCondition {
  if (depth > MAX_DEPTH) throw new Fault(path, `nested deeper than ${MAX_DEPTH} levels`);
  const keys = value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
  const kind = keys.find((k): k is Kind => k in shapes);
  if (!kind) throw new Fault(path, `expected a condition (${Object.keys(shapes).join(', ')})`);
  const node = value as Record<string, unknown>;
  if (kind === 'all' || kind === 'any') {
    const list = check(shapes[kind] as z.ZodMiniType<Record<string, unknown[]>>, node, path)[kind]!;
    return { kind, of: list.map((c, i) => compileCondition(c, `${path}.${kind}[${i}]`, depth + 1)) };
  }
  if (kind === 'not') return { kind, of: compileCondition(check(shapes.not, node, path).not, `${path}.not`, depth + 1) };
  if (kind === 'feature') {
    const n = check(shapes.feature, node, path);
    return { kind, feature: n.feature, cmp: cmpOf(n, path, false) };
  }
  if (kind === 'context') return { kind, where: check(shapes.context, node, path).context as Where };
  if (kind === 'cluster') return { kind, cluster: check(shapes.cluster, node, path).cluster };
  const leaf = leafOf(kind, node, path);
  return { kind: 'leaf', leaf, key: JSON.stringify(leaf) };
}

/**
 * Validates one rule and compiles it for the engine. Never throws: a bad rule comes back as a
 * {@link RuleFault} naming the rule and the path of the fault, so the other rules keep working.
 */
export function compileRule(value: unknown): { rule: CompiledRule } | { fault: RuleFault } {
  const ruleId = typeof (value as { id?: unknown })?.id === 'string' ? (value as { id: string }).id : undefined;
  try {
    const parsed = check(ruleShape, value, '');
    const when = compileCondition(parsed.when, '.when', 1);
    const ttl = parsed.ttl === undefined ? undefined : parseDuration(parsed.ttl);
    const holdout = parsed.holdout ?? 0;
    return { rule: { id: parsed.id, when, ttl, holdout, signature: JSON.stringify([when, ttl, holdout]) } };
  } catch (error) {
    const path = error instanceof Fault ? error.path.replace(/^\./, '') || '(rule)' : '(rule)';
    return { fault: { ruleId, path, message: error instanceof Error ? error.message : String(error) } };
  }
}
