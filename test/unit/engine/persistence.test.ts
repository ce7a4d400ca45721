import { describe, expect, test } from 'vitest';
import { compileRule } from '../../../src/engine/compileRule';
import { createEngine, type EngineState } from '../../../src/engine/createEngine';
import type { Rule } from '../../../src/engine/rule';
import type { SegEvent } from '../../../src/engine/types';

const compile = (rules: Rule[]) =>
  rules.map((r) => {
    const result = compileRule(r);
    if (!('rule' in result)) throw new Error(JSON.stringify(result.fault));
    return result.rule;
  });

const RULES: Rule[] = [
  { id: 'news', ttl: '10m', when: { count: 'click', where: { key: { prefix: 'headline' } }, within: '1m', gte: 3 } },
  { id: 'browser', when: { distinct: 'page_view', by: 'path', within: 'session', gt: 2 } },
  { id: 'spender', when: { sum: 'purchase', of: 'revenue', within: '1h', gte: 100 } },
  { id: 'abandoner', when: { absent: 'purchase', after: 'add_to_cart', for: '5m' } },
  { id: 'funnel', when: { sequence: ['page_view', 'add_to_cart', 'purchase'], within: '20m' } },
  { id: 'engaged', when: { feature: 'engagement_score', gt: 0.3 } },
];

/** A seeded stream of plausible events, seconds apart, with a long break in the middle. */
function stream(seed: number, n: number, start = 1_000_000): SegEvent[] {
  let x = seed;
  const rand = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const names = ['page_view', 'click', 'add_to_cart', 'purchase', 'page_leave', 'scroll_depth'];
  let at = start;
  return Array.from({ length: n }, (_, i) => {
    at += i === n >> 1 ? 45 * 60_000 : 1000 + Math.floor(rand() * 20_000);
    const name = names[Math.floor(rand() * names.length)]!;
    const props = { key: rand() < 0.5 ? `headline-${i % 4}` : 'nav', path: `/p/${i % 5}`, revenue: Math.floor(rand() * 80), dwell_ms: Math.floor(rand() * 60_000), scroll_depth: rand() };
    return { name, at, props };
  });
}

function replay(engine: ReturnType<typeof createEngine>, clock: { t: number }, events: SegEvent[]) {
  const out: unknown[] = [];
  for (const e of events) {
    for (let w = engine.getWakeAt(); w !== null && w < e.at; w = engine.getWakeAt()) {
      clock.t = w;
      out.push(engine.tick());
    }
    clock.t = e.at;
    out.push(engine.ingest([e]), engine.getMemberships(), engine.getFeatures());
  }
  return out;
}

describe('state survives a reload exactly', () => {
  test.each([1, 2, 3, 4, 5])('seed %i: a restored engine continues exactly like the original', (seed) => {
    const events = stream(seed, 160);
    const clock = { t: 0 };
    const original = createEngine({ now: () => clock.t, rules: compile(RULES) });
    original.tick();
    replay(original, clock, events.slice(0, 80));
    // Through JSON, as IndexedDB would keep it.
    const saved = JSON.parse(JSON.stringify(original.getState())) as EngineState;
    const restoredClock = { t: clock.t };
    const restored = createEngine({ now: () => restoredClock.t, rules: compile(RULES), state: saved });
    restored.tick();
    expect(restored.getMemberships()).toEqual(original.getMemberships());
    expect(restored.getFeatures()).toEqual(original.getFeatures());
    const a = replay(original, clock, events.slice(80));
    const b = replay(restored, restoredClock, events.slice(80));
    expect(b).toEqual(a);
  });

  test('an absence deadline that passes while the page is closed fires at the next start', () => {
    const clock = { t: 1_000_000 };
    const engine = createEngine({ now: () => clock.t, rules: compile(RULES) });
    engine.tick();
    engine.ingest([{ name: 'add_to_cart', at: clock.t }]);
    const saved = JSON.parse(JSON.stringify(engine.getState()));
    clock.t += 4 * 60_000;
    const early = createEngine({ now: () => clock.t, rules: compile(RULES), state: saved });
    expect(early.tick()).toBeNull();
    expect(early.getWakeAt()).toBe(1_000_000 + 5 * 60_000);
    clock.t += 60 * 60_000;
    const late = createEngine({ now: () => clock.t, rules: compile(RULES), state: saved });
    expect(late.tick()).toMatchObject({ entered: ['abandoner'] });
  });

  test('a rule that arrives later sees the history; a changed rule keeps no stale membership', () => {
    const clock = { t: 0 };
    const engine = createEngine({ now: () => clock.t, rules: [] });
    engine.tick();
    for (const t of [1000, 2000, 3000]) {
      clock.t = t;
      engine.ingest([{ name: 'click', at: t, props: { key: 'headline-x' } }]);
    }
    expect(engine.setRules(compile([RULES[0]!]))).toMatchObject({ entered: ['news'] });
    const stricter = { ...RULES[0]!, when: { count: 'click', within: '1m', gte: 4 } } as Rule;
    expect(engine.setRules(compile([stricter]))).toMatchObject({ exited: ['news'] });
  });
});

describe('bounded', () => {
  test('a million events leave the state (and so memory) bounded', () => {
    const clock = { t: 0 };
    const engine = createEngine({ now: () => clock.t, rules: compile(RULES) });
    engine.tick();
    const sizes: number[] = [];
    for (let i = 1; i <= 1_000_000; i++) {
      clock.t += 700;
      const name = ['page_view', 'click', 'page_leave', 'scroll_depth', 'add_to_cart'][i % 5]!;
      engine.ingest([{ name, at: clock.t, props: { key: `headline-${i % 3}`, path: `/p/${i % 50}`, dwell_ms: 3000 } }]);
      if (i % 250_000 === 0) sizes.push(JSON.stringify(engine.getState()).length);
    }
    // Between a quarter of a million events and a million, the state does not grow.
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThan(0.05 * Math.min(...sizes));
    expect(Math.max(...sizes)).toBeLessThan(1024 * 1024);
  }, 120_000);
});
