// @ts-check
import { squaredDistance } from './squaredDistance.mjs';

/** Points scored by default: the silhouette costs m² distances, and 2,000 points pin it to about ±0.01. */
export const SILHOUETTE_SAMPLE_SIZE = 2000;

/**
 * Prepares the mean silhouette of clusterings of the same points, measured on a fixed sample: the pairwise
 * distances of the sample are computed once (m² / 2 of them) and reused for every k tried.
 *
 * @param {Float64Array} data row-major vectors (standardized)
 * @param {number} d numbers per vector
 * @param {Int32Array} indices the sampled rows; all rows for an exact silhouette
 * @returns {(labels: Int32Array, k: number) => number} takes the cluster of every row (not only the sampled
 *   ones) and returns the mean silhouette in [−1, 1]
 * @example createSilhouette(data, d, sampleIndices(n, 2000, random))(clustering.labels, clustering.k)
 */
export function createSilhouette(data, d, indices) {
  const m = indices.length;
  const distances = new Float32Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      const dist = Math.sqrt(squaredDistance(data, indices[a] * d, data, indices[b] * d, d));
      distances[a * m + b] = dist;
      distances[b * m + a] = dist;
    }
  }
  return (labels, k) => {
    const sampled = Int32Array.from(indices, (row) => labels[row]);
    const counts = new Int32Array(k);
    for (const c of sampled) counts[c] += 1;
    const sums = new Float64Array(k);
    let total = 0;
    for (let a = 0; a < m; a++) {
      sums.fill(0);
      for (let b = 0; b < m; b++) sums[sampled[b]] += distances[a * m + b];
      total += pointSilhouette(sums, counts, sampled[a]);
    }
    return m === 0 ? 0 : total / m;
  };
}

/**
 * s = (b − a) / max(a, b): a is the mean distance to the point's own cluster, b to the nearest other one.
 * A point alone in its cluster scores 0 (Rousseeuw's convention).
 *
 * @param {Float64Array} sums distance from the point to each cluster's members, summed
 * @param {Int32Array} counts members per cluster
 * @param {number} own
 */
function pointSilhouette(sums, counts, own) {
  if (counts[own] <= 1) return 0;
  const a = sums[own] / (counts[own] - 1);
  let b = Infinity;
  for (let c = 0; c < counts.length; c++) if (c !== own && counts[c] > 0) b = Math.min(b, sums[c] / counts[c]);
  if (b === Infinity) return 0;
  const scale = Math.max(a, b);
  return scale === 0 ? 0 : (b - a) / scale;
}
