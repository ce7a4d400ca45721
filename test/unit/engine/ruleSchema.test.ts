// `ruleSchema` (seglet/schema) and dist/schema/rule.json against the SDK's own verdict on a rule: compileRule.
import { readdirSync, readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, test } from 'vitest';
import { compileRule } from '../../../src/engine/compileRule';
import { issuePath } from '../../../src/engine/describeIssue';
import type { Rule } from '../../../src/engine/rule';
import { ruleSchema } from '../../../src/engine/ruleSchema';

const vectors = new URL('../../vectors/', import.meta.url);

/** Every rule of the shared vectors, the valid and the invalid. */
const corpus: unknown[] = readdirSync(vectors)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => (JSON.parse(readFileSync(new URL(f, vectors), 'utf8')) as { cases: { rules: unknown[] }[] }).cases)
  .flatMap((c) => c.rules);

let deep: unknown = { count: 'click', within: '1m', gte: 1 };
for (let i = 0; i < 20; i++) deep = { not: deep };
/** Faults only the compiler finds (JSON Schema cannot count nesting, nor is it told the thresholds' cap). */
const tooDeep = { id: 'r', when: deep };
const tooMany = { id: 'r', when: { count: 'click', within: '1m', gte: 20_000 } };

/** Malformed rules beyond the vectors, each a different fault. */
const malformed: unknown[] = [
  null,
  [],
  { when: { cluster: 'a' } },
  { id: 'r', when: {} },
  { id: 'r', when: { cluster: 'a', count: 'click' } },
  { id: 'r', when: { all: [] } },
  { id: 'r', when: { count: 'click', within: '1m', gte: 1, where: { key: { prefix: 1 } } } },
  tooMany,
  { id: 'r', when: { sequence: Array(17).fill('click'), within: '1h' } },
  { id: 'r', when: { feature: 'engagement_score' } },
  { id: 'r', when: { context: { device: { in: 'mobile' } } } },
  { id: 'r', when: { absent: 'purchase', after: 'add_to_cart', for: -5 } },
  tooDeep,
  { id: 'has space', when: { cluster: 'a' } },
];

const verdictOf = (rule: unknown) => {
  const compiled = compileRule(rule);
  return 'rule' in compiled ? 'valid' : compiled.fault.path;
};

describe('ruleSchema', () => {
  test('accepts exactly the rules the SDK accepts, and names the same fault', () => {
    expect(corpus.length).toBeGreaterThan(50);
    for (const rule of [...corpus, ...malformed]) {
      const result = ruleSchema.safeParse(rule);
      const verdict = result.success ? 'valid' : issuePath('', result.error.issues[0]!.path).replace(/^\./, '') || '(rule)';
      expect({ rule, verdict }).toEqual({ rule, verdict: verdictOf(rule) });
    }
    expect(malformed.map(verdictOf)).not.toContain('valid');
  });

  test('gives the SDK’s words for what only the compiler checks', () => {
    const result = ruleSchema.safeParse(tooMany);
    expect(result.success || result.error.issues).toEqual([expect.objectContaining({ path: ['when', 'gte'], message: 'must be at most 10000' })]);
  });

  test('returns the rule, typed', () => {
    const rule: Rule = { id: 'reader', when: { feature: 'page_views_session', gte: 3 }, ttl: '1h' };
    expect(ruleSchema.parse(rule)).toEqual(rule);
  });
});

describe('dist/schema/rule.json', () => {
  const schema = JSON.parse(readFileSync(new URL('../../../dist/schema/rule.json', import.meta.url), 'utf8'));
  const ajv = addFormats(new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true }));
  const validate = ajv.compile(schema);
  /** Faults JSON Schema cannot express; its description names these bounds. */
  const beyondJsonSchema = (rule: unknown) => {
    const compiled = compileRule(rule);
    return 'fault' in compiled && /^(nested deeper than 16 levels|must be at most 10000)$/.test(compiled.fault.message);
  };

  test('compiles in a strict validator and carries the SDK’s bounds in its description', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.description).toMatch(/16 levels.*10000/);
  });

  test('agrees with the SDK on every rule but the bounds it describes', () => {
    for (const rule of [...corpus, ...malformed]) {
      const expected = beyondJsonSchema(rule) || verdictOf(rule) === 'valid';
      expect({ rule, valid: validate(rule) }).toEqual({ rule, valid: expected });
    }
    expect([tooDeep, tooMany].filter(beyondJsonSchema)).toHaveLength(2);
  });

  test('takes segment ids in any case, as the SDK does', () => {
    expect(verdictOf({ id: 'VIP-Reader', when: { cluster: 'a' } })).toBe('valid');
    expect(validate({ id: 'VIP-Reader', when: { cluster: 'a' } })).toBe(true);
  });
});
