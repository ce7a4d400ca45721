/**
 * `seglet/schema`: the zod schemas seglet validates with, for servers and tools that receive sync batches,
 * publish models or check rules before shipping them. Not part of the page bundles: import it where zod is
 * welcome (a server, a build step, an admin UI). The schemas are built with `zod/mini` and set zod's global
 * `jitless` option on import, as the SDK does (no code generation, so they also run under a strict CSP).
 *
 * @example
 * import { parseSyncPayload } from 'seglet/schema';
 * const result = parseSyncPayload(JSON.parse(body));
 * if (!result.ok) return reply(400, result.reason); // e.g. "payload.changes[2].at: must be a finite number"
 *
 * @packageDocumentation
 */
export { eventSchema } from './engine/eventSchema';
export { modelSchema, parseModel, type Model as ParsedModel } from './engine/modelSchema';
export { conditionSchema, ruleSchema } from './engine/ruleSchema';
export {
  forgetRequestSchema, parseSyncPayload, syncBatchSchema, syncChangeSchema, syncPayloadSchema,
  type ForgetRequest, type SyncBatch, type SyncChange, type SyncPayload,
} from './engine/syncSchema';
export { toJsonSchemas, type JsonSchema } from './engine/toJsonSchemas';
export type { Condition, Rule } from './engine/rule';
