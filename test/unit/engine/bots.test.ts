import { describe, expect, test } from 'vitest';
import { createEngine } from '../../../src/engine/createEngine';
import { compileRule } from '../../../src/engine/compileRule';
import type { SegEvent, VisitContext } from '../../../src/engine/types';

/** A seeded generator of uniform numbers in [0, 1). */
function random(seed: number) {
  let x = seed >>> 0 || 1;
  return () => ((x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

/**
 * One person's browsing: pages read for seconds to minutes, scrolling, clicks at human spacing (and the odd
 * double click), forms, a gallery paged through quickly, carts and purchases; sessions days apart.
 */
function person(seed: number): SegEvent[] {
  const rand = random(seed);
  const between = (a: number, b: number) => a + Math.floor(rand() * (b - a));
  const events: SegEvent[] = [];
  let at = Date.UTC(2026, 0, 1) + between(0, 86_400_000);
  const push = (name: string, props?: SegEvent['props']) => events.push({ name, at, props });
  for (let session = 0; session < between(2, 8); session++) {
    for (let page = 0; page < between(1, 25); page++) {
      const gallery = rand() < 0.1; // paging through images: a view every 2–4 s
      push('page_view', { path: `/p/${between(0, 40)}`, referrer: '', title: 't' });
      const dwell = gallery ? between(2000, 4000) : between(3000, 120_000);
      const start = at;
      for (let i = 0; i < between(0, 6); i++) {
        at += between(300, Math.max(400, dwell / 6));
        if (rand() < 0.5) push('scroll_depth', { path: '/p', depth: 25 });
        else push('click', { key: `k${between(0, 9)}`, tag: 'a' });
        if (rand() < 0.1) (at += between(90, 250)), push('click', { key: 'k0', tag: 'a' }); // a double click
      }
      if (rand() < 0.1) (push('form_focus', { form: 'f', field: 'email' }), (at += between(2000, 20_000)), push('form_submit', { form: 'f' }));
      if (rand() < 0.1) push('add_to_cart', { sku: 'A', price: 20 });
      at = Math.max(at, start + dwell);
      push('page_leave', { path: '/p', dwell_ms: at - start, scroll_depth: rand() });
      at += between(200, 3000);
    }
    at += between(31 * 60_000, 5 * 86_400_000);
  }
  return events;
}

describe('bot_score', () => {
  test('a person is never flagged by normal browsing (500 simulated visitors)', () => {
    let worst = 0;
    for (let seed = 1; seed <= 500; seed++) {
      let clock = 0;
      const engine = createEngine({ now: () => clock, rules: [] });
      for (const event of person(seed)) {
        clock = event.at;
        engine.ingest([event]);
        worst = Math.max(worst, engine.getFeatures().bot_score);
        if (worst >= 0.5) throw new Error(`visitor ${seed} flagged at ${event.at} by ${event.name}`);
      }
    }
    expect(worst).toBeLessThan(0.5);
  });

  test('a page-view spike (25 in a minute, over 5× the usual pace) is flagged for the session', () => {
    let clock = 1_000_000;
    const engine = createEngine({ now: () => clock, rules: [] });
    for (let i = 0; i < 25; i++) {
      clock += 2000;
      engine.ingest([{ name: 'page_view', at: clock, props: { path: `/p/${i}` } }]);
      engine.ingest([{ name: 'scroll_depth', at: clock, props: { depth: 25 } }]); // not the idle signal
      expect(engine.getFeatures().bot_score).toBe(i < 19 ? 0 : 0.7);
    }
    clock += 30 * 60_000 - 1;
    expect(engine.getFeatures().bot_score).toBe(0.7);
    clock += 1;
    expect(engine.getFeatures().bot_score).toBe(0);
  });

  test('a fast pace is no spike for a visitor whose usual pace is fast', () => {
    let clock = 1_000_000;
    const engine = createEngine({ now: () => clock, rules: [] });
    const views = (n: number, gap: number) => {
      for (let i = 0; i < n; i++) {
        clock += gap;
        engine.ingest([{ name: 'page_view', at: clock, props: { path: `/p/${i}` } }]);
        engine.ingest([{ name: 'scroll_depth', at: clock, props: { depth: 25 } }]);
      }
    };
    views(100, 4000); // a first session at 15 views a minute
    clock += 40 * 60_000;
    views(25, 2500); // 24 a minute: under 5 × 15
    expect(engine.getFeatures().bot_score).toBe(0);
  });
});

describe('bot signals for tests: bot_behaviour: false in the visit context', () => {
  const rule = (r: unknown) => (compileRule(r) as { rule: never }).rule;
  const clicker = rule({ id: 'clicker', when: { count: 'click', within: '1m', gte: 3 } });

  function visit(context: VisitContext) {
    const clock = { t: 1_000_000 };
    const engine = createEngine({ now: () => clock.t, rules: [clicker], context });
    engine.tick();
    const send = (name: string, gap: number, props: SegEvent['props'] = { key: 'k' }) =>
      engine.ingest([{ name, at: (clock.t += gap), props }]);
    return { clock, engine, send };
  }

  test('machine-paced clicks count toward rules and raise no bot_score', () => {
    const off = visit({ bot_behaviour: false });
    [0, 10, 10].forEach((gap) => off.send('click', gap));
    expect(off.engine.getMemberships().map((m) => m.id)).toEqual(['clicker']);
    expect(off.engine.getFeatures().bot_score).toBe(0);
    expect(off.engine.getBotReason()).toBeNull();
    // By default the same clicks are dropped, and the visitor is a bot.
    const on = visit({});
    [0, 10, 10].forEach((gap) => on.send('click', gap));
    expect(on.engine.getMemberships()).toEqual([]);
    expect(on.engine.getBotReason()).toMatch(/^inhumanly fast clicks/);
  });

  test('a click burst, a page-view spike and a session with no interaction raise no bot_score', () => {
    for (const behaviour of [false, true]) {
      const burst = visit({ bot_behaviour: behaviour });
      for (let i = 0; i < 15; i++) burst.send('click', 200);
      const spike = visit({ bot_behaviour: behaviour });
      for (let i = 0; i < 25; i++) spike.send('page_view', 2000, { path: `/p/${i}` }), spike.send('scroll_depth', 0, { depth: 25 });
      const idle = visit({ bot_behaviour: behaviour });
      for (let i = 0; i < 10; i++) idle.send('page_view', 10, { path: `/p/${i}` });
      const reasons = [burst, spike, idle].map((v) => [v.engine.getFeatures().bot_score, v.engine.getBotReason()]);
      expect(reasons).toEqual(
        behaviour
          ? [[0.7, expect.stringMatching(/^a click burst/)], [0.7, expect.stringMatching(/^a page-view spike/)], [0.5, expect.stringMatching(/no interaction/)]]
          : [[0, null], [0, null], [0, null]],
      );
    }
  });

  test('webdriver still counts when behaviour is off, and names itself', () => {
    const { engine, send } = visit({ webdriver: true, bot_behaviour: false });
    [0, 10, 10].forEach((gap) => send('click', gap));
    expect(engine.getFeatures().bot_score).toBe(1);
    expect(engine.getBotReason()).toMatch(/^navigator\.webdriver is true/);
    expect(engine.getMemberships()).toEqual([]);
  });

  test('signals seen before are not counted once a later start turns behaviour off', () => {
    const before = visit({});
    [0, 10, 10].forEach((gap) => before.send('click', gap));
    expect(before.engine.getBotReason()).toMatch(/^inhumanly fast clicks/);
    const state = before.engine.getState();
    const after = createEngine({ now: () => before.clock.t, rules: [clicker], state, context: { bot_behaviour: false } });
    after.tick();
    expect(after.getBotReason()).toBeNull();
    expect(after.getFeatures().bot_score).toBe(0);
  });

  test('several signals are named together', () => {
    const { engine, send } = visit({ webdriver: true });
    [0, 10, 10].forEach((gap) => send('click', gap));
    expect(engine.getBotReason()).toMatch(/^navigator\.webdriver is true .*; inhumanly fast clicks/);
  });
});
