import { describe, expect, it } from 'vitest';
import { createRandom } from '../../train/createRandom.mjs';
import { hungarian } from '../../train/hungarian.mjs';
import { assignIds, matchCentroids } from '../../train/matchCentroids.mjs';
import { train } from '../../train/train.mjs';
import { FIVE_FEATURES, FOUR_CENTERS, FOUR_SIGMA, gaussian, makeBlobs, shuffled } from './blobs.mjs';

/** The lowest total cost over every way of pairing min(r, c) rows with columns. */
function bruteForce(cost) {
  const rows = cost.length;
  const cols = cost[0].length;
  let best = Infinity;
  const visit = (row, used, total) => {
    if (row === rows) return void (best = Math.min(best, total));
    // A row may stay unpaired only while enough rows remain to fill every column.
    if (rows - row > cols - used.size) visit(row + 1, used, total);
    for (let c = 0; c < cols; c++) if (!used.has(c)) visit(row + 1, new Set([...used, c]), total + cost[row][c]);
  };
  visit(0, new Set(), 0);
  return best;
}

/** Which true blob a model centroid sits on (raw space), by nearest true center. */
function blobOf(model, centroid, centers) {
  const raw = centroid.center.map((z, j) => z * model.scaler.std[j] + model.scaler.mean[j]);
  const gaps = centers.map((t) => Math.hypot(...t.map((v, j) => (v - raw[j]) / FOUR_SIGMA[j])));
  return gaps.indexOf(Math.min(...gaps));
}

describe('hungarian', () => {
  it('finds the minimum-cost pairing, square or not', () => {
    const random = createRandom(4);
    for (let trial = 0; trial < 200; trial++) {
      const rows = 1 + Math.floor(random() * 6);
      const cols = 1 + Math.floor(random() * 6);
      const cost = Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.round(random() * 20)));
      const pairs = hungarian(cost);
      const used = pairs.filter((c) => c >= 0);
      expect(used).toHaveLength(Math.min(rows, cols));
      expect(new Set(used).size).toBe(used.length);
      expect(pairs.reduce((sum, c, r) => sum + (c >= 0 ? cost[r][c] : 0), 0)).toBe(bruteForce(cost));
    }
  });
});

describe('stable centroid ids', () => {
  const first = train(makeBlobs(FOUR_CENTERS, 200, FOUR_SIGMA, 1), { features: FIVE_FEATURES, k: 4 }).model;
  const idByBlob = new Map(first.centroids.map((c) => [blobOf(first, c, FOUR_CENTERS), c.id]));

  it('keeps the ids of the same blobs after a shuffled, perturbed retrain', () => {
    expect(idByBlob.size).toBe(4);
    const random = createRandom(8);
    const rows = shuffled(makeBlobs(FOUR_CENTERS, 200, FOUR_SIGMA, 2), 3).map((row) => row.map((v, j) => v + 0.1 * FOUR_SIGMA[j] * gaussian(random)));
    const { model, report } = train(rows, { features: FIVE_FEATURES, k: 4, previous: first, seed: 99 });
    for (const c of model.centroids) expect(c.id).toBe(idByBlob.get(blobOf(model, c, FOUR_CENTERS)));
    expect(report.centroids.every((c) => c.previousId === c.id && c.distance < 0.2)).toBe(true);
  });

  it('gives a new blob a new id and keeps the others', () => {
    const fifth = [12, 200, 0.5, 5, 20];
    const centers = [...FOUR_CENTERS, fifth];
    const { model } = train(makeBlobs(centers, 200, FOUR_SIGMA, 5), { features: FIVE_FEATURES, k: 5, previous: first });
    for (const c of model.centroids) {
      const blob = blobOf(model, c, centers);
      expect(c.id).toBe(blob === 4 ? 'c5' : idByBlob.get(blob));
    }
  });

  it('retires the id of a blob that disappeared and never reuses it', () => {
    const { model, report } = train(makeBlobs(FOUR_CENTERS.slice(1), 200, FOUR_SIGMA, 6), { features: FIVE_FEATURES, k: 3, previous: first });
    expect(model.centroids.map((c) => c.id).sort()).toEqual([1, 2, 3].map((b) => idByBlob.get(b)).sort());
    expect(report.centroids.every((c) => c.previousId !== null)).toBe(true);
    expect(assignIds([null, { previousId: 'c2', distance: 0 }, null], ['c1', 'c2', 'c4'])).toEqual(['c3', 'c2', 'c5']);
  });

  it('maps previous centers through both scalers before comparing', () => {
    // Previous model: raw center (10, 100) stored with mean (0, 0) and std (2, 50); new scaler mean (10, 0), std (1, 10).
    const previous = { features: ['a', 'b'], scaler: { mean: [0, 0], std: [2, 50] }, centroids: [{ id: 'keep', center: [5, 2] }] };
    const scaler = { mean: [10, 0], std: [1, 10] };
    const { matches } = matchCentroids([[0, 10.5], [3, 3]], ['a', 'b'], scaler, previous);
    expect(matches[0]).toEqual({ previousId: 'keep', distance: 0.5 });
    expect(matches[1]).toBeNull();
    // Features in another order are matched by name.
    const reordered = { ...previous, features: ['b', 'a'], scaler: { mean: [0, 0], std: [50, 2] }, centroids: [{ id: 'keep', center: [2, 5] }] };
    expect(matchCentroids([[0, 10.5]], ['a', 'b'], scaler, reordered).matches[0]?.previousId).toBe('keep');
    expect(matchCentroids([[0, 10.5]], ['a', 'c'], scaler, previous).reason).toMatch(/different features/);
  });

  it('does not keep an id past the threshold', () => {
    const previous = { features: ['a'], scaler: { mean: [0], std: [1] }, centroids: [{ id: 'far', center: [3] }] };
    expect(matchCentroids([[0]], ['a'], { mean: [0], std: [1] }, previous).matches).toEqual([null]);
  });
});
