import { describe, expect, test } from 'vitest';
import { assignCluster, HYSTERESIS } from '../../../src/engine/assignCluster';
import { compileRule } from '../../../src/engine/compileRule';
import { createEngine } from '../../../src/engine/createEngine';
import { parseModel, type Model } from '../../../src/engine/modelSchema';

/** A model that must be valid. */
function valid(value: unknown): Model {
  const result = parseModel(value);
  if ('error' in result) throw new Error(result.error);
  return result.model;
}

const MODEL = {
  version: '2026-11-22T10:00:00Z',
  features: ['page_velocity', 'cart_adds_7d'],
  scaler: { mean: [1, 0.5], std: [0.5, 1] },
  centroids: [
    { id: 'browser', label: 'high page_velocity', center: [2, 0] },
    { id: 'shopper', label: 'high cart_adds_7d', center: [0, 2] },
  ],
  maxDistance: 2,
  rules: [],
  weights: { cart_adds: 2 },
  collectFeatures: true,
};
const model = (patch: Record<string, unknown> = {}) => JSON.parse(JSON.stringify({ ...MODEL, ...patch }));

describe('parseModel', () => {
  test('accepts the DESIGN shape, a rules-only model, and unknown extra fields', () => {
    expect(parseModel(model())).toHaveProperty('model');
    expect(parseModel({ version: 'v', rules: [{ id: 'r' }] })).toHaveProperty('model');
    expect(parseModel({ ...model(), reference: { quantiles: {} }, drift: {} })).toHaveProperty('model');
  });

  test('accepts a rules-only model written with empty arrays: no clusters, and its rules run', () => {
    const empty = valid({
      version: 'v1', features: [], scaler: { mean: [], std: [] }, centroids: [], maxDistance: 3,
      rules: [{ id: 'clicker', when: { count: 'click', within: '1m', gte: 2 } }], weights: {}, collectFeatures: false,
    });
    const clock = { t: 1_000_000 };
    const engine = createEngine({ now: () => clock.t, model: empty, rules: empty.rules!.map((r) => (compileRule(r) as { rule: never }).rule) });
    engine.tick();
    const click = () => engine.ingest([{ name: 'click', at: (clock.t += 1000), props: { key: 'k' } }]);
    expect(click()).toBeNull();
    expect(click()).toMatchObject({ entered: ['clicker'], cluster: null });
    expect(assignCluster(empty, engine.getFeatures(), null)).toEqual({ cluster: null, distance: Infinity });
  });

  test.each([
    ['not an object', 42, 'model: expected object'],
    ['no version', { rules: [] }, 'model.version: expected string'],
    ['an unknown feature', model({ features: ['page_velocity', 'shoe_size'] }), 'model.features[1]: expected one of'],
    ['a mean of the wrong length', model({ scaler: { mean: [1], std: [1, 1] } }), 'model.scaler.mean: needs 2 numbers'],
    ['a std of the wrong length', model({ scaler: { mean: [1, 1], std: [1, 1, 1] } }), 'model.scaler.std: needs 2 numbers'],
    ['a zero std', model({ scaler: { mean: [1, 1], std: [1, 0] } }), 'model.scaler.std[1]: must be positive'],
    ['a centre of the wrong length', model({ centroids: [{ id: 'a', center: [1] }] }), 'model.centroids[0].center: needs 2 numbers'],
    ['a non-finite number', JSON.parse('{"version":"v","features":["page_velocity"],"scaler":{"mean":[1e400],"std":[1]},"centroids":[{"id":"a","center":[0]}]}'), 'model.scaler.mean[0]: expected number'],
    ['duplicate ids', model({ centroids: [{ id: 'a', center: [0, 0] }, { id: 'a', center: [1, 1] }] }), 'model.centroids[1].id: duplicate id "a"'],
    ['centroids without a scaler', { version: 'v', features: ['page_velocity'], centroids: [{ id: 'a', center: [0] }] }, 'model: features, scaler and centroids go together'],
    ['a centroid over no features', { version: 'v', features: [], scaler: { mean: [], std: [] }, centroids: [{ id: 'a', center: [] }] }, 'model.centroids: needs at least one feature'],
    ['empty features with a scaler for one', { version: 'v', features: [], scaler: { mean: [0], std: [1] }, centroids: [] }, 'model.scaler.mean: needs 0 numbers'],
    ['empty features alone', { version: 'v', features: [] }, 'model: features, scaler and centroids go together'],
    ['a non-positive maxDistance', model({ maxDistance: 0 }), 'model.maxDistance'],
    ['weights for an unknown signal', model({ weights: { shoe_size: 1 } }), 'model.weights'],
    ['a negative weight', model({ weights: { dwell: -53.6 } }), 'model.weights.dwell'],
    ['rules that are not a list', model({ rules: {} }), 'model.rules: expected array'],
  ])('rejects %s, naming the fault', (_, value, message) => {
    const result = parseModel(value);
    expect(result).toHaveProperty('error');
    expect((result as { error: string }).error).toContain(message);
  });
});

describe('assignCluster', () => {
  const m = valid(model());
  // z = ((v - mean) / std): page_velocity 2 → z 2; cart_adds 2.5 → z 2.
  test('nearest centroid in standardized space', () => {
    expect(assignCluster(m, { page_velocity: 2, cart_adds_7d: 0.5 }, null)).toEqual({ cluster: 'browser', distance: 0 });
    expect(assignCluster(m, { page_velocity: 1, cart_adds_7d: 2.5 }, null)).toEqual({ cluster: 'shopper', distance: 0 });
  });

  test('no cluster beyond maxDistance', () => {
    const far = assignCluster(m, { page_velocity: 4, cart_adds_7d: 5.5 }, null);
    expect(far.cluster).toBeNull();
    expect(far.distance).toBeGreaterThan(2);
  });

  test('hysteresis: a visitor on the boundary keeps their cluster until another is clearly closer', () => {
    // Equidistant from both centres: z = (1, 1).
    const boundary = { page_velocity: 1.5, cart_adds_7d: 1.5 };
    expect(assignCluster(m, boundary, 'browser').cluster).toBe('browser');
    expect(assignCluster(m, boundary, 'shopper').cluster).toBe('shopper');
    // Slightly closer to shopper, but not by HYSTERESIS: stays.
    const nudged = { page_velocity: 1.49, cart_adds_7d: 1.51 };
    expect(assignCluster(m, nudged, 'browser').cluster).toBe('browser');
    // Clearly closer: moves.
    expect(assignCluster(m, { page_velocity: 1.2, cart_adds_7d: 2 }, 'browser').cluster).toBe('shopper');
    expect(HYSTERESIS).toBeGreaterThan(0);
  });

  test('hysteresis at maxDistance: entering needs ≤ maxDistance, leaving needs clearly beyond it', () => {
    const edge = { page_velocity: 2 + 0.5 * 2.1, cart_adds_7d: 0.5 }; // 2.1 from browser
    expect(assignCluster(m, edge, null).cluster).toBeNull();
    expect(assignCluster(m, edge, 'browser').cluster).toBe('browser');
    expect(assignCluster(m, { page_velocity: 2 + 0.5 * 2.3, cart_adds_7d: 0.5 }, 'browser').cluster).toBeNull();
  });
});

describe('the engine with a model', () => {
  const rule = (r: unknown) => (compileRule(r) as { rule: never }).rule;
  const unit = () => valid(model({ scaler: { mean: [0, 0], std: [1, 1] }, maxDistance: 1.5 }));

  function setup() {
    const clock = { t: 1_000_000 };
    const engine = createEngine({
      now: () => clock.t,
      rules: [rule({ id: 'vip', when: { all: [{ cluster: 'shopper' }, { count: 'add_to_cart', within: '1h', gte: 2 }] } })],
      model: unit(),
    });
    engine.tick();
    const send = (name: string) => {
      clock.t += 1000;
      return engine.ingest([{ name, at: clock.t, props: { path: '/p', sku: 'A' } }]);
    };
    return { clock, engine, send };
  }

  test('the cluster is a segment with source "cluster", in change events and usable in rules', () => {
    const { engine, send } = setup();
    expect(engine.getCluster()).toBeNull(); // all features at zero: 2 from both centres, beyond maxDistance
    // One cart add: z = (0, 1), 1 from the shopper centre, within maxDistance.
    expect(send('add_to_cart')).toMatchObject({ entered: ['shopper'], cluster: 'shopper' });
    expect(send('add_to_cart')).toMatchObject({ entered: ['vip'], cluster: 'shopper' });
    expect(engine.getMemberships()).toEqual([
      { id: 'shopper', source: 'cluster', since: 1_001_000, expiresAt: null, holdout: false },
      expect.objectContaining({ id: 'vip', source: 'rule' }),
    ]);
  });

  test('re-assignment happens on time when a windowed feature decays, with no new event', () => {
    const { engine, clock, send } = setup();
    send('add_to_cart');
    send('add_to_cart');
    expect(engine.getCluster()).toBe('shopper');
    // cart_adds_7d drops to 0 seven days later: 2 from both centres again.
    const wake = engine.getWakeAt()!;
    expect(wake).toBeLessThanOrEqual(1_001_000 + 7 * 86_400_000);
    for (let w = engine.getWakeAt(); w !== null && w <= 1_002_000 + 7 * 86_400_000; w = engine.getWakeAt()) {
      clock.t = w;
      engine.tick();
    }
    expect(engine.getCluster()).toBeNull();
    expect(engine.getMemberships()).toEqual([]);
  });

  test('the cluster and its since survive a restore; a bot has no cluster', () => {
    const { engine, clock, send } = setup();
    send('add_to_cart');
    send('add_to_cart');
    const restored = createEngine({ now: () => clock.t, rules: [], model: unit(), state: JSON.parse(JSON.stringify(engine.getState())) });
    restored.tick();
    expect(restored.getMemberships()).toEqual([{ id: 'shopper', source: 'cluster', since: 1_001_000, expiresAt: null, holdout: false }]);
    for (let i = 0; i < 15; i++) (clock.t += 100), restored.ingest([{ name: 'click', at: clock.t, props: { key: 'x' } }]);
    expect(restored.getCluster()).toBeNull();
  });

  test('engagement_score stays within 0–1 and the leave averages within theirs, whatever page_leave props say', () => {
    const engine = createEngine({ now: () => 5000, rules: [] });
    engine.ingest([
      { name: 'page_view', at: 1000, props: { path: '/' } },
      { name: 'page_leave', at: 2000, props: { path: '/', dwell_ms: -1e12, scroll_depth: -5 } },
      { name: 'page_view', at: 3000, props: { path: '/b' } },
      { name: 'page_leave', at: 4000, props: { path: '/b', dwell_ms: -Infinity as unknown as number, scroll_depth: 40 } },
    ]);
    const f = engine.getFeatures();
    expect(f.engagement_score).toBeGreaterThanOrEqual(0);
    expect(f.engagement_score).toBeLessThanOrEqual(1);
    expect(f.dwell_avg_s).toBe(0);
    expect(f.scroll_depth_avg).toBe(0.5); // -5 counts as 0, 40 as the whole page
  });

  test('model weights feed engagement_score', () => {
    const a = createEngine({ now: () => 5000, rules: [] });
    const b = createEngine({ now: () => 5000, rules: [], model: valid(model({ weights: { cart_adds: 10 } })) });
    for (const e of [a, b]) e.ingest([{ name: 'add_to_cart', at: 5000 }]);
    expect(b.getFeatures().engagement_score).toBeGreaterThan(a.getFeatures().engagement_score);
  });
});
