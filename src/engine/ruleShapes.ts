import { FEATURE_NAMES } from './featureNames';
import { parseDuration } from './parseDuration';
import type { Comparison } from './rule';
import { holdoutShare, segmentId } from './segmentId';
import { z } from './z';

/** Longest `sequence`. */
const MAX_STEPS = 16;

const name = z.string().check(z.minLength(1), z.maxLength(64));
/** A duration (see {@link parseDuration}). */
export const duration = z.union([z.string(), z.number()]).check(
  z.refine((v) => parseDuration(v) !== undefined, 'must be a duration like "30s", "2m", "1h", "7d" or milliseconds'),
);
const windowSize = z.union([z.literal('session'), duration]);
const threshold = z.optional(z.number().check(z.refine(Number.isFinite, 'must be a finite number')));
const comparisons = { gt: threshold, gte: threshold, lt: threshold, lte: threshold, eq: threshold };
/** Conditions that compare (and matchers that are comparisons) need at least one comparison. */
export const compared = z.refine((v: unknown) => hasComparison(v as Comparison), 'needs one of gt, gte, lt, lte, eq');
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** A matcher that compares a numeric prop. */
export const comparison = z.strictObject(comparisons).check(compared);
/** A test on one prop: equality, `prefix`, `in`, or comparisons. */
export const matcher = z.union([scalar, z.strictObject({ prefix: z.string() }), z.strictObject({ in: z.array(scalar) }), comparison]);
const where = z.optional(z.record(z.string(), matcher));
const step = z.union([name, z.strictObject({ event: name, where })]);

/** A rule's own keys; `when` is checked condition by condition, so a fault's path reaches into it. */
export const ruleShape = z.strictObject({
  id: segmentId,
  when: z.record(z.string(), z.unknown()),
  ttl: z.optional(duration),
  holdout: z.optional(holdoutShare),
});

/**
 * One schema per condition kind, each with its key first. `all`, `any` and `not` take their nested conditions
 * unchecked: the compiler checks them one by one, with their own paths.
 */
export const shapes = {
  all: z.strictObject({ all: z.array(z.unknown()).check(z.minLength(1)) }),
  any: z.strictObject({ any: z.array(z.unknown()).check(z.minLength(1)) }),
  not: z.strictObject({ not: z.record(z.string(), z.unknown()) }),
  count: z.strictObject({ count: name, where, within: windowSize, ...comparisons }).check(compared),
  distinct: z.strictObject({ distinct: name, by: name, where, within: windowSize, ...comparisons }).check(compared),
  sum: z.strictObject({ sum: name, of: name, where, within: windowSize, ...comparisons }).check(compared),
  absent: z.strictObject({ absent: name, after: name, for: duration }),
  sequence: z.strictObject({ sequence: z.array(step).check(z.minLength(1), z.maxLength(MAX_STEPS)), within: windowSize }),
  feature: z.strictObject({ feature: z.enum(FEATURE_NAMES), ...comparisons }).check(compared),
  context: z.strictObject({ context: z.record(z.string(), matcher) }),
  cluster: z.strictObject({ cluster: name }),
};

/** A condition kind: the key that names it. */
export type Kind = keyof typeof shapes;

function hasComparison(value: Comparison): boolean {
  return ['gt', 'gte', 'lt', 'lte', 'eq'].some((k) => typeof value[k as keyof Comparison] === 'number');
}
