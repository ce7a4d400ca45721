import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/engine/modelSchema.ts';
import { quantile } from '../../train/quantiles.mjs';
import { train } from '../../train/train.mjs';
import { FIVE_FEATURES, FOUR_CENTERS, FOUR_SIGMA, makeBlobs } from './blobs.mjs';

const rows = makeBlobs(FOUR_CENTERS, 100, FOUR_SIGMA);
const now = new Date('2026-01-02T03:04:05Z');

describe('train', () => {
  it('returns the documented model shape', () => {
    const { model } = train(rows, { features: FIVE_FEATURES, k: 4, now });
    expect(Object.keys(model)).toEqual(['version', 'features', 'scaler', 'centroids', 'maxDistance', 'reference', 'rules', 'weights', 'collectFeatures']);
    expect(model.version).toBe('2026-01-02T03:04:05.000Z');
    expect(model.features).toEqual(FIVE_FEATURES);
    expect(model.scaler.mean).toHaveLength(5);
    expect(model.centroids.every((c) => Object.keys(c).join() === 'id,label,center' && c.center.length === 5)).toBe(true);
    expect(model.reference.count).toBe(400);
    expect(Object.keys(model.reference.quantiles)).toEqual(FIVE_FEATURES);
    expect(model).toMatchObject({ rules: [], weights: {}, collectFeatures: true });
    expect(model).not.toHaveProperty('drift');
  });

  it('writes a model the engine accepts', () => {
    const { model } = train(rows, { features: FIVE_FEATURES, now });
    expect(parseModel(JSON.parse(JSON.stringify(model)))).toEqual({ model: expect.objectContaining({ version: model.version }) });
  });

  it('sets maxDistance to the 99th percentile of distances to the nearest centroid', () => {
    const { model } = train(rows, { features: FIVE_FEATURES, k: 4 });
    const distances = rows
      .map((row) => row.map((v, j) => (v - model.scaler.mean[j]) / model.scaler.std[j]))
      .map((z) => Math.min(...model.centroids.map((c) => Math.hypot(...c.center.map((v, j) => v - z[j])))))
      .sort((a, b) => a - b);
    expect(model.maxDistance).toBeCloseTo(quantile(distances, 0.99), 9);
  });

  it('labels each centroid by its two most distinctive features', () => {
    const { model } = train([[0, 0, 10], [0, 1, 10], [10, 0, 0], [10, 1, 0]], { features: ['a', 'b', 'c'], k: 2 });
    // |z| ties between a and c keep feature order.
    expect(model.centroids.map((c) => c.label).sort()).toEqual(['high a, low c', 'low a, high c']);
    const three = train([[0, 0, 9], [0, 0, 9], [1, 5, 0], [1, 5, 0], [8, 0, 0], [8, 0, 0]], { features: ['a', 'b', 'c'], k: 3 }).model;
    expect(three.centroids.map((c) => c.label).sort()).toEqual(['high a, low b', 'high b, low c', 'high c, low a']);
  });

  it('standardizes a constant feature with std 1 and warns', () => {
    const { model, report } = train(rows.map((r) => [...r, 7]), { features: [...FIVE_FEATURES, 'flat'], k: 4 });
    expect(model.scaler.std[5]).toBe(1);
    expect(report.warnings).toEqual(['feature "flat" is constant (std 0): using std 1']);
  });

  it('carries over the previous model’s other fields and reports drift against its reference', () => {
    const previous = { ...train(rows, { features: FIVE_FEATURES, k: 4 }).model, rules: [{ id: 'r' }], weights: { dwell: 2 }, collectFeatures: false, note: 'x' };
    const shifted = rows.map((r) => r.map((v, j) => (j === 1 ? v + 30 : v)));
    const { model } = train(shifted, { features: FIVE_FEATURES, k: 4, previous });
    expect(Object.keys(model).slice(-5)).toEqual(['drift', 'rules', 'weights', 'collectFeatures', 'note']);
    expect(model).toMatchObject({ rules: [{ id: 'r' }], weights: { dwell: 2 }, collectFeatures: false, note: 'x' });
    expect(model.drift.dwell_avg_s.p).toBeLessThan(0.001);
    expect(model.drift.page_velocity.ks).toBe(0); // the very data the reference summarizes
  });

  it('is deterministic for a seed: identical model except version', () => {
    const a = train(rows, { features: FIVE_FEATURES, seed: 5, now: new Date(1) }).model;
    const b = train(rows, { features: FIVE_FEATURES, seed: 5, now: new Date(2) }).model;
    expect({ ...a, version: '' }).toEqual({ ...b, version: '' });
    expect(a.version).not.toBe(b.version);
  });

  it('refuses too few vectors or inconsistent rows', () => {
    expect(() => train([[1], [2], [3]], { features: ['a'] })).toThrow(/at least 4 vectors/);
    expect(() => train([[1], [2], [3], [4], [5]], { features: ['a'], k: 3 })).toThrow(/at least 6 vectors/);
    expect(() => train([[1, 2], [3]], { features: ['a', 'b'], k: 1 })).toThrow(/2 numbers/);
  });
});
