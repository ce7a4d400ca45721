import { compileRule } from './compileRule';
import type { Condition, Rule } from './rule';
import { ruleShape, shapes } from './ruleShapes';
import { z } from './z';

const nested = z.lazy((): z.ZodMiniType<Condition> => conditionSchema);

/**
 * A rule condition, whole: the union of every kind, `all`/`any`/`not` nesting conditions. The kinds are the
 * compiler's own schemas, so this accepts the shapes the SDK accepts.
 */
export const conditionSchema: z.ZodMiniType<Condition> = z.union([
  z.strictObject({ all: z.array(nested).check(z.minLength(1)) }),
  z.strictObject({ any: z.array(nested).check(z.minLength(1)) }),
  z.strictObject({ not: nested }),
  shapes.count,
  shapes.distinct,
  shapes.sum,
  shapes.absent,
  shapes.sequence,
  shapes.feature,
  shapes.context,
  shapes.cluster,
]);

/** A rule's shape, whole: what `dist/schema/rule.json` is made from. */
export const ruleShapeSchema = z.extend(ruleShape, { when: conditionSchema });

/** `when.all[0].gte` → `['when', 'all', 0, 'gte']`. */
const pathParts = (path: string) => (path.match(/[^.[\]]+/g) ?? []).map((p) => (/^\d+$/.test(p) ? Number(p) : p));

/** The SDK's own verdict on a rule, as zod issues: its compiler's fault, path and words. */
const compiles = z.unknown().check(
  z.superRefine((rule, ctx) => {
    const compiled = compileRule(rule);
    if (!('fault' in compiled)) return;
    const { path, message } = compiled.fault;
    ctx.addIssue({ code: 'custom', path: path === '(rule)' ? [] : pathParts(path), message, input: rule });
  }),
);

/**
 * A rule (DESIGN "Rules") as a zod schema, for tools and servers that check rules before they ship them. The
 * SDK's compiler judges first, so it accepts exactly the rules the SDK accepts (nesting depth and count
 * thresholds are bounded there too) and names a fault with the path and words of the SDK's `invalid_rule`
 * error; the rule's shape ({@link ruleShapeSchema}) then gives the result its type. Converted to JSON Schema
 * as output, it is the shape.
 *
 * @example
 * ruleSchema.safeParse({ id: 'reader', when: { count: 'page_view', within: '1h', gte: 3 } }).success; // true
 */
export const ruleSchema: z.ZodMiniType<Rule> = z.pipe(compiles, ruleShapeSchema);
