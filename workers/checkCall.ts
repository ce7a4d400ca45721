import { z } from '../src/engine/z';
import type { EngineApi, SegletError, StartOptions } from '../src/protocol';

/** Rules a page may push in one start: far more than any site writes, few enough to compile at once. */
export const MAX_PAGE_RULES = 200;
/** The page's rules as JSON at most: a few hundred rules of any sensible size. */
const MAX_RULES_JSON = 256 * 1024;

// Only zod constructors the engine's schemas use already: each new one weighs on the worker bundle.
const text = (max: number) => z.string().check(z.maxLength(max));
const consent = z.enum(['granted', 'pending', 'denied']);
const scalar = z.union([text(256), z.number(), z.boolean(), z.null()]);
const isPort = (p: unknown) => typeof (p as MessagePort | null)?.postMessage === 'function';

const startOptions = z.strictObject({
  model: z.optional(text(2048)),
  modelRefresh: z.optional(z.number().check(z.gt(0), z.lt(2 ** 31))),
  sync: z.optional(text(2048)),
  // The page's URL may be long (a query string), and is only parsed.
  base: z.optional(z.string()),
  // Rules are checked one by one later (a bad one is reported and left out); here they must be a bounded list.
  rules: z.optional(z.array(z.unknown()).check(z.maxLength(MAX_PAGE_RULES))),
  consent,
  context: z.record(text(64), scalar).check(z.refine((c) => Object.keys(c).length <= 32, 'at most 32 fields')),
});

/**
 * Each call's arguments, one schema per argument, as the page sends them (null: checked by the call itself;
 * `ingest` checks each event, so that a bad one does not spoil the batch).
 */
const schemas: { [M in keyof EngineApi]: z.ZodMiniType[] | null } = {
  hello: null,
  start: [startOptions, z.unknown().check(z.refine(isPort, 'must be a MessagePort'))],
  ingest: null,
  getSegments: [],
  getContext: [],
  explain: [text(256)],
  inspect: [],
  setConsent: [consent],
  flush: [],
  refreshModel: [],
  identify: [text(1024).check(z.minLength(1)), text(1024)],
  seal: [
    // One entry per batch the page holds: the outbox (at most 100) and the pending batch.
    z.array(z.strictObject({ batchId: text(64), count: z.number().check(z.refine(Number.isSafeInteger), z.gte(0)) }))
      .check(z.maxLength(200)),
  ],
  forget: [],
};

/** The page's rules as plain JSON data: no getters, no cycles, no functions; a copy the page cannot change. */
function plainRules(options: StartOptions): void {
  if (!options.rules) return;
  const json = JSON.stringify(options.rules);
  if (json.length > MAX_RULES_JSON) throw new Error(`rules: at most ${MAX_RULES_JSON} characters as JSON`);
  options.rules = JSON.parse(json);
}

/**
 * Checks one call's arguments at the worker's boundary: the arguments to call with (the checked copy, so
 * that a getter cannot answer differently the second time), or the `invalid_argument` error for the tab that
 * made it. Never throws, whatever the arguments are (cyclic, huge, with getters that throw): a call the page
 * did not make as documented changes nothing.
 */
export function checkCall(method: keyof EngineApi, args: unknown[]): { args: unknown[] } | { error: SegletError } {
  const list = schemas[method];
  if (list === null) return { args };
  const refuse = (why: string) => ({ error: { code: 'invalid_argument' as const, message: `${method}: argument rejected${why}` } });
  if (args.length !== list.length) return refuse(`: ${list.length} argument(s) expected, ${args.length} given`);
  try {
    const checked: unknown[] = [];
    for (const [i, schema] of list.entries()) {
      const result = schema.safeParse(args[i]);
      if (!result.success) {
        const issue = result.error.issues[0]!;
        return refuse(` at ${[i, ...issue.path].map(String).join('.')}: ${issue.message}`);
      }
      checked.push(i === 1 && method === 'start' ? args[1] : result.data);
    }
    if (method === 'start') plainRules(checked[0] as StartOptions);
    return { args: checked };
  } catch (e) {
    return refuse(`: ${e instanceof Error ? e.message.slice(0, 120) : 'it cannot be read'}`);
  }
}
