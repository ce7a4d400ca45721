import { MAX_DEPTH, MAX_THRESHOLD } from './compileRule';
import { modelSchema } from './modelSchema';
import { DURATION_PATTERN } from './parseDuration';
import { conditionSchema, ruleShapeSchema } from './ruleSchema';
import { comparison, duration, matcher, shapes } from './ruleShapes';
import { forgetRequestSchema, syncBatchSchema } from './syncSchema';
import { z } from './z';

/** A JSON Schema (draft 2020-12) document. */
export type JsonSchema = Record<string, unknown>;

/** What zod's refinements say in code, said where JSON Schema can say it; ids name the shared definitions. */
function describeRefinements(): z.core.$ZodRegistry<Record<string, unknown>> {
  const meta = z.registry<Record<string, unknown>>();
  const oneComparison = { anyOf: ['gt', 'gte', 'lt', 'lte', 'eq'].map((k) => ({ required: [k] })) };
  meta.add(conditionSchema, { id: 'Condition', description: 'Exactly one kind of condition per object.' });
  meta.add(matcher, { id: 'Matcher', description: 'A test on one event prop or context field: equality, prefix, in, or comparisons.' });
  meta.add(comparison, oneComparison);
  for (const kind of ['count', 'distinct', 'sum', 'feature'] as const) meta.add(shapes[kind], oneComparison);
  meta.add(duration, {
    id: 'Duration',
    description: 'Milliseconds, or a number and a unit: "250ms", "30s", "2m", "1h", "7d".',
    pattern: `^\\s*${DURATION_PATTERN.source.slice(1, -1)}\\s*$`,
    minimum: 0,
  });
  meta.add(modelSchema, {
    // Said in code by the model's check: the three parts of clustering come together.
    dependentRequired: { features: ['scaler', 'centroids'], scaler: ['features', 'centroids'], centroids: ['features', 'scaler'] },
  });
  return meta;
}

/** JSON Schema patterns carry no flags: a case-insensitive one is spelled out in both cases. */
function caseless(source: string): string {
  const spelled = source.replaceAll('a-z', 'a-zA-Z');
  if (/[a-z]/i.test(spelled.replaceAll('a-zA-Z', '').replace(/\\./g, ''))) throw new Error(`cannot spell /${source}/i without its flag`);
  return spelled;
}

function toJsonSchema(schema: z.ZodMiniType, title: string, description: string): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io: 'input',
    metadata: describeRefinements(),
    override: ({ zodSchema, jsonSchema }) => {
      for (const check of (zodSchema._zod.def as { checks?: z.core.$ZodCheck[] }).checks ?? []) {
        const pattern = (check._zod.def as { pattern?: RegExp }).pattern;
        if (pattern?.flags.includes('i') && jsonSchema.pattern === pattern.source) jsonSchema.pattern = caseless(pattern.source);
      }
    },
  }) as JsonSchema;
  return { $schema: json.$schema, title, description, ...json };
}

/**
 * JSON Schemas of what crosses the network, made from the zod schemas the SDK validates with, for teams that
 * ingest sync or publish models and rules without seglet's code. They say what JSON Schema can say: checks that
 * need code (a model's vector lengths, a rule's nesting depth and count thresholds) are the zod schemas' alone.
 * The build writes them to `dist/schema/<name>.json`.
 */
export function toJsonSchemas(): Record<'sync-batch' | 'forget-request' | 'model' | 'rule', JsonSchema> {
  const model = toJsonSchema(
    modelSchema,
    'seglet model',
    'What the model URL serves. features, scaler and centroids come together, with one number per feature in ' +
      'scaler.mean, scaler.std (each > 0) and every centroid center, and unique centroid ids; empty, they mean no ' +
      'clusters (a centroid needs at least one feature). Unknown keys are ignored.',
  );
  const rules = (model.properties as Record<string, JsonSchema>).rules!;
  rules.description = 'Rules (rule.json), each checked on its own: an invalid one is left out with an error, the model stays.';
  return {
    'sync-batch': toJsonSchema(
      syncBatchSchema,
      'seglet sync batch',
      'What the SDK POSTs to the sync URL: the visitor\'s segments and their changes. A batch may arrive more than ' +
        'once; its batchId is unique, so a repeat can be dropped.',
    ),
    'forget-request': toJsonSchema(forgetRequestSchema, 'seglet forget request', 'What forget() POSTs to the sync URL: delete everything stored for this visitor.'),
    model,
    rule: toJsonSchema(
      ruleShapeSchema,
      'seglet rule',
      `A trigger rule. The SDK also refuses nesting deeper than ${MAX_DEPTH} levels and count or distinct ` +
        `thresholds beyond ±${MAX_THRESHOLD}.`,
    ),
  };
}
