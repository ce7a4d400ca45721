import { describe, expect, test } from 'vitest';
import { compileRule } from '../../../src/engine/compileRule';
import { createEngine } from '../../../src/engine/createEngine';
import type { Rule } from '../../../src/engine/rule';

function rules(...defs: Rule[]) {
  return defs.map((d) => {
    const result = compileRule(d);
    if (!('rule' in result)) throw new Error(JSON.stringify(result.fault));
    return result.rule;
  });
}

function setup(defs: Rule[], start = 1_000_000) {
  const clock = { t: start };
  const engine = createEngine({ now: () => clock.t, rules: rules(...defs) });
  const at = (t: number) => {
    clock.t = t;
    return engine.tick();
  };
  const click = (t: number, key = 'headline-1') => {
    clock.t = t;
    return engine.ingest([{ name: 'click', at: t, props: { key } }]);
  };
  return { clock, engine, at, click, ids: () => engine.getMemberships().map((m) => m.id) };
}

const headlines: Rule = {
  id: 'news',
  when: { count: 'click', where: { key: { prefix: 'headline' } }, within: '1m', gte: 3 },
};

describe('count … within', () => {
  test('enters on the third matching click, with a change event', () => {
    const { click } = setup([headlines]);
    expect(click(1_000)).toBeNull();
    expect(click(2_000, 'nav-home')).toBeNull();
    expect(click(3_000)).toBeNull();
    expect(click(4_000)).toEqual({ segments: ['news'], entered: ['news'], exited: [], cluster: null, at: 4_000, holdouts: [] });
  });

  test('window edge: an event exactly `within` old no longer counts', () => {
    const { click, at, engine } = setup([headlines]);
    click(0);
    click(10_000);
    click(20_000);
    expect(engine.getMemberships()[0]).toMatchObject({ id: 'news', since: 20_000, expiresAt: 60_000 });
    expect(engine.getWakeAt()).toBe(60_000);
    expect(at(59_999)).toBeNull();
    expect(at(60_000)).toEqual({ segments: [], entered: [], exited: ['news'], cluster: null, at: 60_000, holdouts: [] });
  });

  test('gt vs gte at the edge', () => {
    const gt = setup([{ id: 'gt', when: { count: 'click', within: '1m', gt: 2 } }]);
    const gte = setup([{ id: 'gte', when: { count: 'click', within: '1m', gte: 2 } }]);
    for (const s of [gt, gte]) (s.click(1000), s.click(2000));
    expect(gt.ids()).toEqual([]);
    expect(gte.ids()).toEqual(['gte']);
    gt.click(3000);
    expect(gt.ids()).toEqual(['gt']);
  });

  test('lt / lte / eq, and `not` hold on an empty history and wake when events leave', () => {
    const { click, ids, at, engine } = setup([
      { id: 'quiet', when: { count: 'click', within: '10s', lt: 2 } },
      { id: 'exactly-two', when: { count: 'click', within: '10s', eq: 2 } },
      { id: 'not-busy', when: { not: { count: 'click', within: '10s', gte: 3 } } },
    ]);
    expect(engine.tick()).toMatchObject({ entered: ['not-busy', 'quiet'] });
    click(1_000);
    click(2_000);
    expect(ids().sort()).toEqual(['exactly-two', 'not-busy']);
    click(3_000);
    expect(ids()).toEqual([]);
    expect(engine.getWakeAt()).toBe(11_000);
    expect(at(11_000)).toMatchObject({ entered: ['exactly-two', 'not-busy'] });
    // exactly-two re-entered 8 s after leaving: a flap, so its next exit waits out a 30 s hold.
    expect(at(12_000)).toMatchObject({ entered: ['quiet'], exited: [] });
    expect(engine.getMemberships().find((m) => m.id === 'exactly-two')).toMatchObject({ expiresAt: 42_000 });
    expect(at(41_999)).toBeNull();
    expect(at(42_000)).toMatchObject({ exited: ['exactly-two'] });
  });

  test('where: equality, prefix, in and numeric comparisons', () => {
    const { engine, clock } = setup([
      { id: 'eq', when: { count: 'buy', where: { sku: 'A1' }, within: '1h', gte: 1 } },
      { id: 'in', when: { count: 'buy', where: { sku: { in: ['B2', 'C3'] } }, within: '1h', gte: 1 } },
      { id: 'num', when: { count: 'buy', where: { price: { gte: 100, lt: 200 } }, within: '1h', gte: 1 } },
      { id: 'pre', when: { count: 'buy', where: { sku: { prefix: 'Z' } }, within: '1h', gte: 1 } },
    ]);
    const buy = (props: Record<string, string | number>) => {
      clock.t += 1;
      engine.ingest([{ name: 'buy', at: clock.t, props }]);
      return engine.getMemberships().map((m) => m.id).sort();
    };
    expect(buy({ sku: 'A2', price: 99 })).toEqual([]);
    expect(buy({ sku: 'A1', price: 200 })).toEqual(['eq']);
    expect(buy({ sku: 'C3', price: '150' as unknown as number })).toEqual(['eq', 'in']);
    expect(buy({ sku: 'Z9', price: 100 })).toEqual(['eq', 'in', 'num', 'pre']);
  });

  test('all / any', () => {
    const { engine, clock, ids } = setup([
      { id: 'lead', when: { all: [{ count: 'page_view', within: '2m', gte: 2 }, { count: 'form_submit', within: '2m', gte: 1 }] } },
      { id: 'either', when: { any: [{ count: 'page_view', within: '2m', gte: 3 }, { count: 'form_submit', within: '2m', gte: 1 }] } },
    ]);
    const ev = (name: string) => engine.ingest([{ name, at: ++clock.t }]);
    ev('page_view');
    ev('page_view');
    expect(ids()).toEqual([]);
    ev('form_submit');
    expect(ids().sort()).toEqual(['either', 'lead']);
  });

  test('an event stamped before the previous one is taken at the previous one\'s time; later than the clock, at the clock', () => {
    const { engine, clock } = setup([{ id: 'burst', when: { count: 'add_to_cart', within: '10s', gte: 2 } }]);
    clock.t = 100_000;
    engine.ingest([{ name: 'add_to_cart', at: 100_000 }]);
    // Stamped 50 s earlier: counted at 100 000, so it is inside the 10 s window.
    engine.ingest([{ name: 'add_to_cart', at: 50_000 }]);
    expect(engine.getMemberships()[0]).toMatchObject({ id: 'burst', since: 100_000, expiresAt: 110_000 });
    clock.t = 200_000;
    engine.ingest([{ name: 'add_to_cart', at: 999_999 }]);
    expect(engine.getState().lastAt).toBe(200_000);
  });
});

describe('ttl', () => {
  const sticky: Rule = { ...headlines, id: 'sticky', ttl: '30m' };

  test('membership lasts ttl after the last moment the condition held, then exits on time', () => {
    const { click, at, engine } = setup([sticky]);
    click(0);
    click(1_000);
    click(2_000);
    // Holds until the first click leaves the window (60 s), then 30 min of ttl.
    expect(engine.getMemberships()[0]).toMatchObject({ since: 2_000, expiresAt: 60_000 + 1_800_000 });
    expect(at(60_000)).toBeNull();
    expect(engine.getWakeAt()).toBe(1_860_000);
    expect(at(1_859_999)).toBeNull();
    expect(at(1_860_000)).toMatchObject({ exited: ['sticky'] });
  });

  test('a new qualifying burst extends the membership without a new enter', () => {
    const { click, engine } = setup([sticky]);
    [0, 1000, 2000].forEach((t) => click(t));
    [600_000, 601_000].forEach((t) => click(t));
    expect(click(602_000)).toBeNull();
    expect(engine.getMemberships()[0]).toMatchObject({ since: 2000, expiresAt: 660_000 + 1_800_000 });
  });

  test('when an event breaks the condition, the ttl runs from that moment', () => {
    const { engine, clock } = setup([{ id: 'calm', when: { count: 'click', within: '1h', lt: 1 }, ttl: '5m' }]);
    engine.tick();
    clock.t = 10_000;
    expect(engine.ingest([{ name: 'click', at: 10_000 }])).toBeNull();
    expect(engine.getMemberships()[0]).toMatchObject({ expiresAt: 310_000 });
  });
});

describe('rules and state', () => {
  test('state restores exactly, and expiries that passed while closed fire on the first tick', () => {
    const first = setup([{ ...headlines, ttl: '5m' }]);
    [0, 1000, 2000].forEach((t) => first.click(t));
    const state = JSON.parse(JSON.stringify(first.engine.getState()));

    const again = createEngine({ now: () => 10_000, rules: rules({ ...headlines, ttl: '5m' }), state });
    expect(again.getMemberships()).toEqual(first.engine.getMemberships());
    expect(again.tick()).toBeNull();

    const later = createEngine({ now: () => 60_000 + 300_000, rules: rules({ ...headlines, ttl: '5m' }), state });
    expect(later.tick()).toMatchObject({ exited: ['news'], segments: [] });
  });

  test('a changed rule definition re-evaluates its memberships; removed rules exit', () => {
    const { click, engine } = setup([headlines, { id: 'any-click', when: { count: 'click', within: '1h', gte: 1 } }]);
    [0, 1000, 2000].forEach((t) => click(t));
    expect(engine.getMemberships().map((m) => m.id).sort()).toEqual(['any-click', 'news']);
    const stricter = { ...headlines, when: { ...headlines.when, gte: 5 } } as Rule;
    expect(engine.setRules(rules(stricter))).toMatchObject({ exited: ['any-click', 'news'], segments: [] });
  });

  test('an unchanged rule keeps its membership (and its since) across setRules', () => {
    const { click, engine } = setup([headlines]);
    [0, 1000, 2000].forEach((t) => click(t));
    expect(engine.setRules(rules(headlines))).toBeNull();
    expect(engine.getMemberships()[0]!.since).toBe(2000);
  });

  test('setModel(model, rules): a new model and the rules that come with it are one change', () => {
    const { click, engine } = setup([headlines, { id: 'any-click', when: { count: 'click', within: '1h', gte: 1 } }]);
    [0, 1000, 2000].forEach((t) => click(t));
    const model = { version: 'm2', rules: [] } as never;
    const modelRule = { id: 'two-clicks', when: { count: 'click', within: '1h', gte: 2 } } as Rule;
    expect(engine.setModel(model, rules(headlines, modelRule))).toMatchObject({ entered: ['two-clicks'], exited: ['any-click'] });
    expect(engine.getMemberships().map((m) => m.id)).toEqual(['news', 'two-clicks']);
  });

  test('changeFrom(shown): the change from what a view shows to the memberships now', () => {
    const { click, engine, clock } = setup([headlines]);
    [0, 1000, 2000].forEach((t) => click(t));
    expect(engine.changeFrom(['news'])).toBeNull();
    expect(engine.changeFrom(['cart', 'news'])).toEqual({ segments: ['news'], entered: [], exited: ['cart'], cluster: null, at: clock.t, holdouts: [] });
    expect(engine.changeFrom([])).toMatchObject({ entered: ['news'], exited: [] });
  });

  test('getBotReason(): null for a person; each signal in words for a bot', () => {
    const person = setup([headlines]);
    person.click(0);
    expect(person.engine.getBotReason()).toBeNull();
    const automated = createEngine({ now: () => 1000, rules: rules(headlines), context: { webdriver: true } });
    automated.ingest([{ name: 'page_view', at: 1000 }]);
    expect(automated.getBotReason()).toBe('navigator.webdriver is true (automated browser); set bot: { webdriver: false } for tests');
  });

  test('clear() forgets history and memberships and reports the exits', () => {
    const { click, engine } = setup([headlines]);
    [0, 1000, 2000].forEach((t) => click(t));
    expect(engine.clear()).toMatchObject({ exited: ['news'], segments: [] });
    expect(engine.getState()).toMatchObject({ history: [], lastAt: null });
    expect(engine.getMemberships()).toEqual([]);
  });

  test('history is capped at MAX_HISTORY, oldest first', async () => {
    const { MAX_HISTORY } = await import('../../../src/engine/createEngine');
    const { engine, clock } = setup([]);
    const batch = Array.from({ length: MAX_HISTORY + 10 }, (_, i) => ({ name: 'tick', at: i }));
    clock.t = MAX_HISTORY + 10;
    engine.ingest(batch);
    const { history } = engine.getState();
    expect(history).toHaveLength(MAX_HISTORY);
    expect(history[0]!.at).toBe(10);
  });
});
