import { describe, expect, it } from 'vitest';
import { createRandom } from '../../train/createRandom.mjs';
import { kmeans, nearestCenters, refineKmeans } from '../../train/kmeans.mjs';
import { runLloyd } from '../../train/lloyd.mjs';
import { seedCenters } from '../../train/seedCenters.mjs';
import { train } from '../../train/train.mjs';
import { FIVE_FEATURES, FOUR_CENTERS, FOUR_SIGMA, gaussian, makeBlobs } from './blobs.mjs';

/** Plain Lloyd, no bounds: the oracle for the Hamerly-accelerated loop. */
function naiveLloyd(data, d, centers, iterations) {
  const k = centers.length / d;
  for (let it = 0; it < iterations; it++) {
    const { labels } = nearestCenters(data, d, centers);
    const sums = new Float64Array(k * d);
    const counts = new Int32Array(k);
    labels.forEach((c, i) => {
      counts[c] += 1;
      for (let j = 0; j < d; j++) sums[c * d + j] += data[i * d + j];
    });
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) if (counts[c] > 0) centers[c * d + j] = sums[c * d + j] / counts[c];
  }
  return nearestCenters(data, d, centers);
}

describe('kmeans', () => {
  it('recovers four Gaussian blobs in five dimensions within 0.2 σ', () => {
    const rows = makeBlobs(FOUR_CENTERS, 500, FOUR_SIGMA);
    const { model } = train(rows, { features: FIVE_FEATURES, k: 4, seed: 3 });
    const raw = model.centroids.map((c) => c.center.map((z, j) => z * model.scaler.std[j] + model.scaler.mean[j]));
    for (const truth of FOUR_CENTERS) {
      // Distance in units of the blob's own spread, per feature.
      const errors = raw.map((center) => Math.hypot(...center.map((v, j) => (v - truth[j]) / FOUR_SIGMA[j])));
      expect(Math.min(...errors)).toBeLessThan(0.2);
    }
    expect(model.centroids.map((c) => c.id).sort()).toEqual(['c1', 'c2', 'c3', 'c4']);
  });

  it('matches plain Lloyd exactly although it skips distance computations', () => {
    const random = createRandom(11);
    const d = 6;
    const data = Float64Array.from({ length: 3000 * d }, (_, i) => gaussian(random) + (Math.floor(i / d) % 3) * 1.5);
    for (const k of [2, 5, 9]) {
      const start = seedCenters(data, d, k, createRandom(k));
      const plain = naiveLloyd(data, d, start.slice(), 400);
      const fast = start.slice();
      runLloyd(data, d, fast, { maxIterations: 400, tolerance: 0 });
      expect(nearestCenters(data, d, fast).labels).toEqual(plain.labels);
      expect(nearestCenters(data, d, fast).inertia).toBeCloseTo(plain.inertia, 8);
    }
  });

  it('gives an empty cluster the farthest point', () => {
    // The center at 100 attracts nothing; point 1 is the farthest from its center (0) among shared clusters.
    const data = Float64Array.of(0, 1, 10, 11);
    const centers = Float64Array.of(0, 100, 10.5);
    runLloyd(data, 1, centers, { maxIterations: 10, tolerance: 0 });
    expect(Array.from(centers)).toEqual([0, 1, 10.5]);
    expect(nearestCenters(data, 1, centers).inertia).toBe(0.5);
  });

  it('survives fewer distinct points than clusters', () => {
    const result = kmeans(Float64Array.of(0, 0, 0, 0, 0, 0, 5, 5), 2, 3, { seed: 1 });
    expect(result.centers.every(Number.isFinite)).toBe(true);
    expect(result.inertia).toBe(0);
  });

  it('is deterministic for a seed and varies its restarts with it', () => {
    const random = createRandom(5);
    const data = Float64Array.from({ length: 4000 }, () => gaussian(random));
    const a = kmeans(data, 4, 6, { seed: 9 });
    expect(kmeans(data, 4, 6, { seed: 9 }).centers).toEqual(a.centers);
    expect(kmeans(data, 4, 6, { seed: 10 }).centers).not.toEqual(a.centers);
  });

  it('fits a sample when there are many vectors, then refines on all of them', () => {
    const rows = makeBlobs(FOUR_CENTERS, 300, FOUR_SIGMA).flat();
    const data = Float64Array.from(rows, (v, i) => (v - FOUR_CENTERS[0][i % 5]) / FOUR_SIGMA[i % 5] / 10);
    const sampled = kmeans(data, 5, 4, { sampleSize: 200 });
    const full = kmeans(data, 5, 4);
    expect(sampled.labels.length).toBe(1200);
    const refined = refineKmeans(data, 5, sampled);
    expect(refined.inertia).toBeLessThanOrEqual(sampled.inertia);
    expect(refined.inertia).toBeCloseTo(full.inertia, 6);
  });
});
