import { z } from './z';
import { parseDuration } from './parseDuration';
import type { CompiledCondition, CompiledRule, Comparison, RuleFault } from './rule';

/** Deepest nesting of all/any/not: bounds evaluation cost and recursion for hostile input. */
const MAX_DEPTH = 16;

const id = z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, 'must be 1–64 letters, digits, "-" or "_"'));
const duration = z.union([z.string(), z.number()]).check(
  z.refine((v) => parseDuration(v) !== undefined, 'must be a duration like "30s", "2m", "1h", "7d" or milliseconds'),
);
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const comparisons = {
  gt: z.optional(z.number()),
  gte: z.optional(z.number()),
  lt: z.optional(z.number()),
  lte: z.optional(z.number()),
  eq: z.optional(z.number()),
};
const matcher = z.union([
  scalar,
  z.strictObject({ prefix: z.string() }),
  z.strictObject({ in: z.array(scalar) }),
  z.strictObject(comparisons).check(z.refine(hasComparison, 'needs one of gt, gte, lt, lte, eq')),
]);

const ruleShape = z.strictObject({ id, when: z.record(z.string(), z.unknown()), ttl: z.optional(duration) });
const shapes = {
  all: z.strictObject({ all: z.array(z.unknown()).check(z.minLength(1)) }),
  any: z.strictObject({ any: z.array(z.unknown()).check(z.minLength(1)) }),
  not: z.strictObject({ not: z.record(z.string(), z.unknown()) }),
  count: z
    .strictObject({
      count: z.string().check(z.minLength(1)),
      where: z.optional(z.record(z.string(), matcher)),
      within: duration,
      ...comparisons,
    })
    .check(z.refine(hasComparison, 'needs one of gt, gte, lt, lte, eq')),
};
type Kind = keyof typeof shapes;

function hasComparison(value: Comparison): boolean {
  return ['gt', 'gte', 'lt', 'lte', 'eq'].some((k) => typeof value[k as keyof Comparison] === 'number');
}

class Fault extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  if (issue.code === 'unrecognized_keys') return `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`;
  if (issue.code === 'too_small') return `must have at least ${issue.minimum} item(s)`;
  return 'invalid value';
}

function check<T>(schema: z.ZodMiniType<T>, value: unknown, path: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new Fault(joinPath(path, issue.path), describe(issue));
}

function joinPath(base: string, parts: readonly PropertyKey[]): string {
  return parts.reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : `${p}.${String(k)}`), base);
}

function compileCondition(value: unknown, path: string, depth: number): CompiledCondition {
  if (depth > MAX_DEPTH) throw new Fault(path, `nested deeper than ${MAX_DEPTH} levels`);
  const keys = value && typeof value === 'object' ? Object.keys(value) : [];
  const kind = keys.find((k): k is Kind => k in shapes);
  if (!kind) throw new Fault(path, `expected a condition (${Object.keys(shapes).join(', ')})`);
  if (kind === 'all' || kind === 'any') {
    const node = check<Record<string, unknown[]>>(shapes[kind] as z.ZodMiniType<Record<string, unknown[]>>, value, path);
    const list = node[kind]!;
    return { kind, of: list.map((c, i) => compileCondition(c, `${path}.${kind}[${i}]`, depth + 1)) };
  }
  if (kind === 'not') {
    return { kind, of: compileCondition(check(shapes.not, value, path).not, `${path}.not`, depth + 1) };
  }
  const { count, where, within, gt, gte, lt, lte, eq } = check(shapes.count, value, path);
  const cmp: Comparison = Object.fromEntries(
    Object.entries({ gt, gte, lt, lte, eq }).filter(([, v]) => v !== undefined),
  );
  return { kind, event: count, where, within: parseDuration(within)!, cmp };
}

/**
 * Validates one rule and compiles it for the evaluator. Never throws: a bad rule comes back as a
 * {@link RuleFault} naming the rule and the path of the fault, so the other rules keep working.
 */
export function compileRule(value: unknown): { rule: CompiledRule } | { fault: RuleFault } {
  const ruleId = typeof (value as { id?: unknown })?.id === 'string' ? (value as { id: string }).id : undefined;
  try {
    const parsed = check(ruleShape, value, '');
    const when = compileCondition(parsed.when, '.when', 1);
    const ttl = parsed.ttl === undefined ? undefined : parseDuration(parsed.ttl);
    return { rule: { id: parsed.id, when, ttl, signature: JSON.stringify([when, ttl]) } };
  } catch (error) {
    const path = error instanceof Fault ? error.path.replace(/^\./, '') || '(rule)' : '(rule)';
    return { fault: { ruleId, path, message: error instanceof Error ? error.message : String(error) } };
  }
}
