import { describeIssue, issuePath } from './describeIssue';
import { FEATURE_NAMES } from './featureNames';
import { SIGNALS } from './features/sessionSignals';
import { holdoutShare, segmentId } from './segmentId';
import { z } from './z';

const finite = z.number().check(z.refine(Number.isFinite, 'must be a finite number'));
const vector = z.array(finite);

/**
 * The model a server publishes (DESIGN "Model"). `features`, `scaler` and `centroids` are optional together;
 * when present they must agree in length, with positive standard deviations, known feature names and
 * unique centroid ids. Empty and consistent (`[]`, `{ mean: [], std: [] }`, `[]`) means no clusters: tools that
 * write models generically write a rules-only model that way. A centroid needs a feature to stand on.
 * Unknown top-level fields (a trainer's `reference`, `drift`) are allowed and ignored.
 */
export const modelSchema = z
  .object({
    version: z.string().check(z.minLength(1)),
    features: z.optional(z.array(z.enum(FEATURE_NAMES))),
    scaler: z.optional(z.strictObject({ mean: vector, std: vector })),
    centroids: z.optional(
      z.array(z.object({ id: segmentId, label: z.optional(z.string()), center: vector, holdout: z.optional(holdoutShare) })),
    ),
    maxDistance: z.optional(finite.check(z.gt(0))),
    rules: z.optional(z.array(z.unknown())),
    // A negative weight would score engagement below nothing: 0 turns a signal off.
    weights: z.optional(z.partialRecord(z.enum(SIGNALS), finite.check(z.gte(0)))),
    collectFeatures: z.optional(z.boolean()),
  })
  .check(
    z.superRefine((m, ctx) => {
      const fail = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message, input: m });
      const parts = [m.features, m.scaler, m.centroids].filter((p) => p !== undefined).length;
      if (parts !== 0 && parts !== 3) return fail([], 'features, scaler and centroids go together');
      if (!m.features || !m.scaler || !m.centroids) return;
      const n = m.features.length;
      if (new Set(m.features).size !== n) fail(['features'], 'has duplicates');
      if (m.scaler.mean.length !== n) fail(['scaler', 'mean'], `needs ${n} numbers, one per feature`);
      if (m.scaler.std.length !== n) fail(['scaler', 'std'], `needs ${n} numbers, one per feature`);
      m.scaler.std.forEach((s, i) => s > 0 || fail(['scaler', 'std', i], 'must be positive'));
      // Over no features every visitor is at distance 0 from every centre: a cluster everyone joins.
      if (!n && m.centroids.length) fail(['centroids'], 'needs at least one feature to place its centres');
      const ids = new Set<string>();
      m.centroids.forEach((c, i) => {
        if (c.center.length !== n) fail(['centroids', i, 'center'], `needs ${n} numbers, one per feature`);
        if (ids.has(c.id)) fail(['centroids', i, 'id'], `duplicate id "${c.id}"`);
        ids.add(c.id);
      });
    }),
  );

export type Model = z.infer<typeof modelSchema>;

/** Validates a parsed model; the fault names the path: `model.centroids[1].center: needs 4 numbers, one per feature`. */
export function parseModel(value: unknown): { model: Model } | { error: string } {
  const result = modelSchema.safeParse(value);
  if (result.success) return { model: result.data };
  const issue = result.error.issues[0]!;
  return { error: `${issuePath('model', issue.path)}: ${describeIssue(issue)}` };
}
