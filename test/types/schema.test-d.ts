// Type tests of `seglet/schema`, checked by `npm run typecheck`: what its schemas parse to is the public types.
import { expectTypeOf } from 'vitest';
import type { z } from 'zod/mini';
import type { ForgetRequest, Rule, SegEvent, SyncBatch } from '../../src/index';
import {
  eventSchema,
  forgetRequestSchema,
  parseSyncPayload,
  ruleSchema,
  syncBatchSchema,
  syncPayloadSchema,
  toJsonSchemas,
} from '../../src/schema';

expectTypeOf(ruleSchema.parse({})).toEqualTypeOf<Rule>();
expectTypeOf<z.infer<typeof syncBatchSchema>>().toEqualTypeOf<SyncBatch>();
expectTypeOf<z.infer<typeof forgetRequestSchema>>().toEqualTypeOf<ForgetRequest>();
expectTypeOf<z.infer<typeof syncPayloadSchema>>().toEqualTypeOf<SyncBatch | ForgetRequest>();
expectTypeOf<z.infer<typeof eventSchema>>().toExtend<SegEvent>();

const result = parseSyncPayload({});
if (result.ok) expectTypeOf(result.payload).toEqualTypeOf<SyncBatch | ForgetRequest>();
else expectTypeOf(result.reason).toBeString();
// @ts-expect-error the payload is there only when ok
void result.payload;

expectTypeOf(toJsonSchemas()).toHaveProperty('sync-batch');
// @ts-expect-error the four schemas are sync-batch, forget-request, model and rule
void toJsonSchemas().event;
