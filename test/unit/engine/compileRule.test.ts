import { describe, expect, test } from 'vitest';
import { compileRule } from '../../../src/engine/compileRule';
import { parseDuration } from '../../../src/engine/parseDuration';

describe('parseDuration', () => {
  test.each([
    ['30s', 30_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
    ['250ms', 250],
    ['1.5m', 90_000],
    [1500, 1500],
    [0, 0],
  ])('%s → %d ms', (input, ms) => expect(parseDuration(input)).toBe(ms));

  test.each(['2x', '', 'm', '-1s', -5, Number.NaN, Infinity, null, {}])('rejects %s', (input) =>
    expect(parseDuration(input)).toBeUndefined(),
  );
});

describe('compileRule', () => {
  test('compiles a nested rule with durations in milliseconds', () => {
    const result = compileRule({
      id: 'high-intent-lead',
      when: {
        all: [
          { count: 'page_view', within: '2m', gte: 5 },
          { count: 'form_submit', within: '2m', gte: 1, where: { form: { in: ['contact', 'demo'] } } },
        ],
      },
      ttl: '30m',
    });
    const pv = { type: 'count', event: 'page_view', where: undefined, within: 120_000, cmp: { gte: 5 } };
    const fs = { type: 'count', event: 'form_submit', where: { form: { in: ['contact', 'demo'] } }, within: 120_000, cmp: { gte: 1 } };
    expect(result).toEqual({
      rule: {
        id: 'high-intent-lead',
        ttl: 1_800_000,
        holdout: 0,
        signature: expect.any(String),
        when: {
          kind: 'all',
          of: [
            { kind: 'leaf', leaf: pv, key: JSON.stringify(pv) },
            { kind: 'leaf', leaf: fs, key: JSON.stringify(fs) },
          ],
        },
      },
    });
  });

  test('compiles every condition kind', () => {
    const when = {
      any: [
        { distinct: 'page_view', by: 'path', where: { path: { prefix: '/product/' } }, within: 'session', gt: 3 },
        { sum: 'purchase', of: 'revenue', within: '30d', gte: 100 },
        { absent: 'purchase', after: 'add_to_cart', for: '30m' },
        { sequence: ['page_view', { event: 'add_to_cart', where: { sku: 'A1' } }], within: '10m' },
        { feature: 'session_duration_s', gt: 600 },
        { context: { device: { in: ['mobile', 'tablet'] } } },
        { cluster: 'bargain-hunter' },
      ],
    };
    const result = compileRule({ id: 'every', when });
    expect('rule' in result && result.rule.when).toEqual({
      kind: 'any',
      of: [
        expect.objectContaining({ leaf: { type: 'distinct', event: 'page_view', by: 'path', where: { path: { prefix: '/product/' } }, within: 'session', cmp: { gt: 3 } } }),
        expect.objectContaining({ leaf: { type: 'sum', event: 'purchase', of: 'revenue', where: undefined, within: 2_592_000_000, cmp: { gte: 100 } } }),
        expect.objectContaining({ leaf: { type: 'absent', event: 'purchase', after: 'add_to_cart', for: 1_800_000 } }),
        expect.objectContaining({ leaf: { type: 'sequence', steps: [{ event: 'page_view' }, { event: 'add_to_cart', where: { sku: 'A1' } }], within: 600_000 } }),
        { kind: 'feature', feature: 'session_duration_s', cmp: { gt: 600 } },
        { kind: 'context', where: { device: { in: ['mobile', 'tablet'] } } },
        { kind: 'cluster', cluster: 'bargain-hunter' },
      ],
    });
  });

  test('the signature changes with the definition and only then', () => {
    const sig = (rule: unknown) => ('rule' in compileRule(rule) ? (compileRule(rule) as any).rule.signature : null);
    const a = { id: 'a', when: { count: 'click', within: '1m', gte: 3 } };
    expect(sig(a)).toBe(sig({ ...a, when: { ...a.when, within: 60_000 } }));
    expect(sig(a)).not.toBe(sig({ ...a, when: { ...a.when, gte: 4 } }));
    expect(sig(a)).not.toBe(sig({ ...a, ttl: '1h' }));
  });

  test.each([
    [{ when: { count: 'click', within: '1m', gte: 1 } }, undefined, 'id', 'expected string'],
    [{ id: 'bad id!', when: { count: 'click', within: '1m', gte: 1 } }, 'bad id!', 'id', 'letters'],
    [{ id: 'r', when: { count: 'click', within: '2x', gte: 1 } }, 'r', 'when.within', 'duration'],
    [{ id: 'r', when: { count: 'click', within: '1m' } }, 'r', 'when', 'needs one of gt, gte'],
    [{ id: 'r', when: { all: [] } }, 'r', 'when.all', 'at least 1'],
    [{ id: 'r', when: { all: [{ count: 'click', within: '1m', gte: 1 }, { bogus: 1 }] } }, 'r', 'when.all[1]', 'expected a condition'],
    [{ id: 'r', when: { any: [{ not: { count: 'x', within: 5, gte: 'three' } }] } }, 'r', 'when.any[0].not.gte', 'expected number'],
    [{ id: 'r', when: { count: 'click', within: '1m', gte: 1, where: { key: { startsWith: 'a' } } } }, 'r', 'when.where.key', 'unknown key "startsWith"'],
    [{ id: 'r', when: { count: 'click', within: '1m', gte: 1 }, ttl: 'forever' }, 'r', 'ttl', 'duration'],
    [{ id: 'r', when: { count: 'click', within: '1m', gte: 1 }, extra: true }, 'r', '(rule)', 'unknown key "extra"'],
    ['not a rule', undefined, '(rule)', 'expected object'],
    [{ id: 'r', when: { feature: 'page_vleocity', gt: 1 } }, 'r', 'when.feature', 'expected one of'],
    [{ id: 'r', when: { count: 'click', within: '1m', gte: 1e6 } }, 'r', 'when.gte', 'at most 10000'],
    [{ id: 'r', when: { sequence: [], within: '1m' } }, 'r', 'when.sequence', 'at least 1'],
    [{ id: 'r', when: { absent: 'purchase', after: 'add_to_cart' } }, 'r', 'when.for', 'missing'],
    [{ id: 'r', when: { distinct: 'page_view', within: '1h', gt: 1 } }, 'r', 'when.by', 'expected string'],
    [{ id: 'r', when: { sum: 'purchase', of: 'revenue', within: 'week', gt: 1 } }, 'r', 'when.within', 'duration'],
    [{ id: 'r', when: { context: 'mobile' } }, 'r', 'when.context', 'expected record'],
  ])('rejects %j naming the rule and the path', (input, ruleId, path, message) => {
    const result = compileRule(input);
    expect(result).toHaveProperty('fault');
    const { fault } = result as { fault: { ruleId: string; path: string; message: string } };
    expect(fault.ruleId).toBe(ruleId);
    expect(fault.path).toBe(path);
    expect(fault.message).toContain(message);
  });

  test('bounds nesting depth', () => {
    let when: unknown = { count: 'click', within: '1m', gte: 1 };
    for (let i = 0; i < 20; i++) when = { not: when };
    const result = compileRule({ id: 'deep', when });
    expect((result as any).fault.message).toMatch(/nested deeper than 16/);
  });

  test('holdout: a share from 0 up to, not including, 1; it is part of the definition', () => {
    const rule = (holdout: unknown) => compileRule({ id: 'fan', when: { count: 'click', within: '1m', gte: 1 }, holdout });
    expect(rule(0.1)).toMatchObject({ rule: { holdout: 0.1 } });
    expect((rule(0.1) as { rule: { signature: string } }).rule.signature).not.toBe((rule(0.2) as { rule: { signature: string } }).rule.signature);
    expect(rule(1)).toMatchObject({ fault: { ruleId: 'fan', path: 'holdout' } });
    expect(rule(-0.1)).toMatchObject({ fault: { ruleId: 'fan', path: 'holdout' } });
    expect(rule('10%')).toMatchObject({ fault: { ruleId: 'fan', path: 'holdout' } });
  });
});

