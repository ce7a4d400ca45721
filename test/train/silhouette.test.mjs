import { describe, expect, it } from 'vitest';
import { autoCandidates, chooseK } from '../../train/chooseK.mjs';
import { sampleIndices } from '../../train/sampleIndices.mjs';
import { createSilhouette } from '../../train/silhouette.mjs';
import { train } from '../../train/train.mjs';
import { FIVE_FEATURES, FOUR_CENTERS, FOUR_SIGMA, makeBlobs } from './blobs.mjs';

describe('silhouette', () => {
  it('matches a hand-computed case', () => {
    // Clusters {0, 1} and {10, 11}: point 0 has a = 1, b = (10 + 11) / 2, so s = 9.5 / 10.5; point 1 has
    // a = 1, b = 9.5, s = 8.5 / 9.5; the other cluster mirrors them.
    const data = Float64Array.of(0, 1, 10, 11);
    const score = createSilhouette(data, 1, Int32Array.of(0, 1, 2, 3))(Int32Array.of(0, 0, 1, 1), 2);
    expect(score).toBeCloseTo((9.5 / 10.5 + 8.5 / 9.5) / 2, 12);
  });

  it('scores a singleton 0 and uses only the sampled points', () => {
    const data = Float64Array.of(0, 1, 10, 500);
    // Sample without the far point: clusters {0, 1} and {10}; the singleton scores 0.
    const score = createSilhouette(data, 1, Int32Array.of(0, 1, 2))(Int32Array.of(0, 0, 1, 1), 2);
    expect(score).toBeCloseTo((9 / 10 + 8 / 9 + 0) / 3, 12);
  });

  it('picks the true k on well-separated data', () => {
    const fourBlobs = makeBlobs(FOUR_CENTERS, 150, FOUR_SIGMA);
    expect(train(fourBlobs, { features: FIVE_FEATURES }).report.k).toBe(4);
    const sixCenters = [0, 1, 2, 3, 4, 5].map((b) => [0, 1, 2].map((j) => (j === b % 3 ? 10 : 0) + (b >= 3 ? 20 : 0)));
    const sixBlobs = makeBlobs(sixCenters, 100, [1, 1, 1], 3);
    const { report } = train(sixBlobs, { features: ['a', 'b', 'c'] });
    expect(report.k).toBe(6);
    expect(report.curve.map((p) => p.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const best = Math.max(...report.curve.map((p) => p.silhouette ?? -1));
    expect(report.curve.find((p) => p.k === 6)?.silhouette).toBe(best);
  });

  it('samples at most 2,000 points, the same for every k', () => {
    const rows = makeBlobs(FOUR_CENTERS, 1000, FOUR_SIGMA).flat();
    const data = Float64Array.from(rows, (v, i) => v / FOUR_SIGMA[i % 5]);
    const first = chooseK(data, 5, [3, 4, 5], { seed: 2 });
    expect(first.clustering.k).toBe(4);
    expect(chooseK(data, 5, [3, 4, 5], { seed: 2 }).curve).toEqual(first.curve);
    expect(sampleIndices(4000, 2000, () => 0.5)).toHaveLength(2000);
  });

  it('tries 2 … min(10, n/2) clusters', () => {
    expect(autoCandidates(1000)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(autoCandidates(9)).toEqual([2, 3, 4]);
    expect(autoCandidates(3)).toEqual([]);
  });
});
