// @ts-check
// scoreModel: replaying visitors event by event, assignments with hysteresis, ARI against the personas.
import { describe, expect, test } from 'vitest';
import { adjustedRandIndex } from '../../examples/simulate/adjustedRandIndex.mjs';
import { featureVector } from '../../examples/simulate/featureVectors.mjs';
import { PERSONA_IDS } from '../../examples/simulate/personas.mjs';
import { createRandom } from '../../examples/simulate/random.mjs';
import { scoreModel } from '../../examples/simulate/score.mjs';
import { simulateVisitor } from '../../examples/simulate/simulateVisitor.mjs';

/** @typedef {import('../../examples/simulate/engine.mjs').Model} Model */

const FEATURES = ['session_duration_s', 'page_views_session', 'page_velocity', 'dwell_avg_s', 'scroll_depth_avg', 'click_rate',
  'form_submits_session', 'cart_adds_7d', 'purchases_30d', 'revenue_30d', 'sessions_30d', 'recency_days'];

/** @param {string} label @param {number} perPersona */
const population = (label, perPersona) =>
  PERSONA_IDS.flatMap((persona) => Array.from({ length: perPersona }, (_, i) => simulateVisitor({ persona, seed: `${label}:${i}` })));

/**
 * An oracle model: centroids at each human persona's mean (z-scored), as a perfect trainer would find them.
 * @param {ReturnType<typeof population>} visitors
 * @returns {Model}
 */
function oracleModel(visitors) {
  const rows = visitors.map((v) => {
    const { features } = featureVector(v.events);
    return { persona: v.persona, x: FEATURES.map((f) => features[f]) };
  });
  const mean = FEATURES.map((_, j) => rows.reduce((s, r) => s + r.x[j], 0) / rows.length);
  const std = FEATURES.map((_, j) => Math.sqrt(rows.reduce((s, r) => s + (r.x[j] - mean[j]) ** 2, 0) / rows.length) || 1);
  const centroids = PERSONA_IDS.filter((p) => p !== 'bot').map((id) => {
    const own = rows.filter((r) => r.persona === id);
    return { id, center: FEATURES.map((_, j) => own.reduce((s, r) => s + (r.x[j] - mean[j]) / std[j], 0) / own.length) };
  });
  return { version: 'oracle', features: FEATURES, scaler: { mean, std }, centroids, maxDistance: 8 };
}

const test_visitors = population('score', 12);

describe('scoreModel', () => {
  test('an oracle model recovers the personas well but not perfectly; bots get no cluster', () => {
    const model = oracleModel(population('train', 30));
    const result = scoreModel(model, test_visitors);
    expect(result.ari).toBeGreaterThan(0.4);
    expect(result.ari).toBeLessThan(0.98);
    expect(result.visitors).toHaveLength(test_visitors.length);
    for (const v of result.visitors) {
      if (v.persona === 'bot') expect(v.cluster).toBeNull();
      expect(v.eventsToFinalCluster).toBeGreaterThanOrEqual(1);
      expect(v.eventsToFinalCluster).toBeLessThanOrEqual(v.events);
    }
    const events = result.visitors.map((v) => v.events).sort((a, b) => a - b);
    expect(result.medianEventsToFinalCluster).toBeGreaterThanOrEqual(1);
    expect(result.medianEventsToFinalCluster).toBeLessThanOrEqual(events[events.length >> 1]);
    // ARI is that of personas against final clusters.
    expect(result.ari).toBeCloseTo(adjustedRandIndex(result.visitors.map((v) => v.persona), result.visitors.map((v) => v.cluster)), 12);
  });

  test('one catch-all centroid: people settle at the first event, bots leave it once flagged', () => {
    /** @type {Model} */
    const model = { version: 'one', features: ['page_views_session'], scaler: { mean: [0], std: [1] }, centroids: [{ id: 'all', center: [0] }] };
    const result = scoreModel(model, test_visitors);
    for (const v of result.visitors) {
      if (v.persona === 'bot') {
        expect(v.cluster).toBeNull();
        expect(v.eventsToFinalCluster).toBeGreaterThan(1);
      } else {
        expect(v.cluster).toBe('all');
        expect(v.eventsToFinalCluster).toBe(1);
      }
    }
    expect(result.medianEventsToFinalCluster).toBe(1);
    // Two groups (people, bots) against six personas.
    const labels = test_visitors.map((v) => (v.persona === 'bot' ? null : 'all'));
    expect(result.ari).toBeCloseTo(adjustedRandIndex(test_visitors.map((v) => v.persona), labels), 12);
    // No centroids: everyone in "no cluster", which says nothing about personas.
    expect(scoreModel({ version: 'none', rules: [] }, test_visitors.filter((_, i) => i % 12 < 2)).ari).toBe(0);
  });

  test('feeds the previous assignment back (hysteresis) and counts events to the final cluster', () => {
    const visitors = [simulateVisitor({ persona: 'researcher', seed: 1 }), simulateVisitor({ persona: 'news-skimmer', seed: 1 })];
    /** @type {(string | null)[]} */
    const previous = [];
    let calls = 0;
    // Assigns by call count: 'a' for the first 3 events, 'b' for the next 2, then 'a' for good.
    const result = scoreModel({ version: 'stub' }, visitors, {
      assignCluster(_model, _features, prev) {
        previous.push(prev);
        const i = calls++;
        return { cluster: i < 3 || i >= 5 ? 'a' : 'b', distance: 0 };
      },
    });
    expect(previous.slice(0, 7)).toEqual([null, 'a', 'a', 'a', 'b', 'b', 'a']);
    expect(result.visitors[0]).toMatchObject({ cluster: 'a', eventsToFinalCluster: 6 });
    // The second visitor's replay starts afresh: previous is null again at its first event.
    expect(previous[visitors[0].events.length]).toBeNull();
    expect(result.visitors[1]).toMatchObject({ cluster: 'a', eventsToFinalCluster: 1 });
    expect(result.medianEventsToFinalCluster).toBe(3.5);
  });
});
