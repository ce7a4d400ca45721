import { describe, expect, test } from 'vitest';
import { compileRule } from '../../../src/engine/compileRule';
import { createEngine } from '../../../src/engine/createEngine';
import type { Rule } from '../../../src/engine/rule';
import { unitHash } from '../../../src/engine/unitHash';

const compile = (rule: Rule) => {
  const result = compileRule(rule);
  if (!('rule' in result)) throw new Error(JSON.stringify(result.fault));
  return result.rule;
};
const buyer = (holdout?: number): Rule => ({ id: 'buyer', when: { count: 'add_to_cart', within: '1h', gte: 1 }, ...(holdout !== undefined && { holdout }) });

/** A visitor who adds to cart: the change, and their membership. */
function visit(visitor: string, rules: Rule[]) {
  const engine = createEngine({ now: () => 1_000_000, rules: rules.map(compile), visitor: () => visitor });
  const change = engine.ingest([{ name: 'add_to_cart', at: 1_000_000 }]);
  return { change, members: engine.getMemberships() };
}

describe('holdouts', () => {
  test('a 10% holdout puts 10% of members in the control group, within statistical bounds (3,000 visitors)', { timeout: 30_000 }, () => {
    const n = 3000;
    const visits = Array.from({ length: n }, (_, i) => visit(`${i.toString(16)}-4f1a-9c2e-${(i * 7919).toString(36)}`, [buyer(0.1)]));
    expect(visits.every(({ members }) => members.length === 1 && members[0]!.id === 'buyer')).toBe(true); // members either way
    expect(visits.every(({ change, members }) => change!.holdouts.length === (members[0]!.holdout ? 1 : 0))).toBe(true);
    const held = visits.filter(({ members }) => members[0]!.holdout).length;
    // Binomial(3,000, 0.1): σ ≈ 16.4; four σ either side.
    expect(Math.abs(held - n * 0.1)).toBeLessThan(66);
  });

  test('deterministic: the same visitor is in or out of the same group on every device and run', () => {
    const visitors = Array.from({ length: 200 }, (_, i) => crypto.randomUUID?.() ?? `v-${i}`);
    const first = visitors.map((v) => visit(v, [buyer(0.3)]).members[0]!.holdout);
    const again = visitors.map((v) => visit(v, [buyer(0.3)]).members[0]!.holdout);
    expect(again).toEqual(first);
    expect(first.filter(Boolean).length).toBeGreaterThan(20); // 30% of 200 ≈ 60
  });

  test('no holdout (or 0) keeps everyone personalized; groups of different segments are independent', () => {
    expect(visit('v-1', [buyer()]).members[0]!.holdout).toBe(false);
    expect(visit('v-1', [buyer(0)]).members[0]!.holdout).toBe(false);
    const other: Rule = { id: 'shopper', when: { count: 'add_to_cart', within: '1h', gte: 1 }, holdout: 0.5 };
    let both = 0;
    let either = 0;
    for (let i = 0; i < 2000; i++) {
      const members = visit(`visitor-${i}`, [{ ...buyer(), holdout: 0.5 }, other]).members;
      const [a, b] = members.map((m) => m.holdout);
      if (a && b) both++;
      if (a || b) either++;
    }
    // Independent halves: a quarter in both, three quarters in at least one (σ ≈ 19; four σ either side).
    expect(Math.abs(both - 500)).toBeLessThan(80);
    expect(Math.abs(either - 1500)).toBeLessThan(80);
  });

  test('a model centroid may declare a holdout too', () => {
    const model = {
      version: 'm1',
      features: ['cart_adds_7d' as const],
      scaler: { mean: [0], std: [1] },
      centroids: [{ id: 'shopper', center: [1], holdout: 0.99 }],
    };
    const engine = createEngine({ now: () => 1_000_000, model, visitor: () => 'someone' });
    engine.tick();
    engine.ingest([{ name: 'add_to_cart', at: 1_000_000 }]);
    const shopper = engine.getMemberships().find((m) => m.id === 'shopper');
    expect(shopper).toMatchObject({ source: 'cluster', holdout: unitHash('someone\nshopper') < 0.99 });
  });

  test('unitHash spreads evenly over [0, 1)', () => {
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 20_000; i++) buckets[Math.floor(unitHash(`id-${i}\nseg`) * 10)]++;
    for (const count of buckets) expect(Math.abs(count - 2000)).toBeLessThan(200); // σ ≈ 42
  });
});
