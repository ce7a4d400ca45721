import { describeIssue, issuePath } from './describeIssue';
import { FEATURE_NAMES } from './featureNames';
import { segmentId } from './segmentId';
import { z } from './z';

const finite = z.number().check(z.refine(Number.isFinite, 'must be a finite number'));
/** Batch and visitor ids come from `crypto.randomUUID()`. */
const uuid = z.uuid('must be a UUID');
/** `identify()` keeps only the SHA-256 of the id, as lowercase hex: a raw id is refused. */
const userId = z.nullable(z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest or null')));
const source = z.enum(['rule', 'cluster']);
const version = z.literal(1, 'must be 1');

/** One segment change: a segment entered or exited at `at` (epoch ms). */
/** Present (true) only for a member of the segment's control group: a member, not personalized. */
const holdout = z.optional(z.literal(true));

export const syncChangeSchema = z.strictObject({ id: segmentId, op: z.enum(['enter', 'exit']), at: finite, source, holdout });

/**
 * A sync batch (DESIGN "Sync"), exactly as the worker sends it: no other keys. `features` goes only when the
 * model asks for it; its names are the engine's, and a name may be missing so that a page still running an
 * older worker is not refused by a newer server.
 */
export const syncBatchSchema = z.strictObject({
  v: version,
  batchId: uuid,
  sentAt: z.iso.datetime('must be an ISO-8601 time in UTC'),
  anonymousId: uuid,
  userId,
  modelVersion: z.nullable(z.string().check(z.minLength(1, 'must not be empty'))),
  bot: z.boolean(),
  segments: z.array(z.strictObject({ id: segmentId, source, since: finite, expiresAt: z.nullable(finite), holdout })),
  changes: z.array(syncChangeSchema),
  features: z.optional(z.partialRecord(z.enum(FEATURE_NAMES, 'is not a feature seglet computes'), finite)),
});

/** What `forget()` sends: delete everything stored for this visitor. */
export const forgetRequestSchema = z.strictObject({
  v: version,
  op: z.literal('forget', 'must be "forget" (the only op; a batch has none)'),
  anonymousId: uuid,
  userId,
});

/** Anything the sync endpoint receives. */
export const syncPayloadSchema = z.union([syncBatchSchema, forgetRequestSchema]);

export type SyncChange = z.infer<typeof syncChangeSchema>;
export type SyncBatch = z.infer<typeof syncBatchSchema>;
export type ForgetRequest = z.infer<typeof forgetRequestSchema>;
export type SyncPayload = SyncBatch | ForgetRequest;

/**
 * Validates a parsed sync payload. A payload with an `op` is judged as a forget request, any other as a batch,
 * so the reason names the fault rather than "matches neither": `payload.changes[2].at: must be a finite number`.
 */
export function parseSyncPayload(value: unknown): { ok: true; payload: SyncPayload } | { ok: false; reason: string } {
  const isForget = typeof value === 'object' && value !== null && !Array.isArray(value) && 'op' in value;
  // The input is reported only to tell a missing key from a wrong one; it never reaches the reason.
  const result = (isForget ? forgetRequestSchema : syncBatchSchema).safeParse(value, { reportInput: true });
  if (result.success) return { ok: true, payload: result.data };
  const issue = result.error.issues[0]!;
  const missing = issue.path.length > 0 && 'input' in issue && issue.input === undefined;
  return { ok: false, reason: `${issuePath('payload', issue.path)}: ${missing ? 'missing' : describeIssue(issue)}` };
}
