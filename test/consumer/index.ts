// A TypeScript user of the built package: imports `seglet` and `seglet/schema` by name (the package's
// self-reference through its `exports`). Type-checked by test/exports.test.mjs after the build.
import { createSeglet, type Rule, type SyncBatch } from 'seglet';
import { parseSyncPayload, ruleSchema, syncBatchSchema } from 'seglet/schema';

const rule: Rule = { id: 'reader', when: { count: 'page_view', within: '1h', gte: 3 } };
const seglet = createSeglet({ rules: [rule, ruleSchema.parse(rule)] });
const off: () => void = seglet.on('enter', (e) => console.log(e.segment));
off();

export function receive(body: unknown): SyncBatch | string {
  const result = parseSyncPayload(body);
  if (!result.ok) return result.reason;
  return 'op' in result.payload ? 'forget' : syncBatchSchema.parse(result.payload);
}
