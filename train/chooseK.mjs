// @ts-check
import { createRandom, deriveSeed } from './createRandom.mjs';
import { kmeans } from './kmeans.mjs';
import { sampleIndices } from './sampleIndices.mjs';
import { createSilhouette, SILHOUETTE_SAMPLE_SIZE } from './silhouette.mjs';

/** Largest k tried by `--k auto`: more segments than this are hard to name, act on, or tell apart. */
export const MAX_AUTO_K = 10;

/**
 * @typedef {{ k: number, inertia: number, silhouette: number | null }} CurvePoint
 * @typedef {import('./kmeans.mjs').Clustering} Clustering
 */

/**
 * The values of k that `--k auto` tries on n vectors: 2 … min(10, ⌊n/2⌋), so every candidate keeps at least
 * two vectors per cluster on average.
 *
 * @param {number} n
 * @returns {number[]}
 */
export function autoCandidates(n) {
  const top = Math.min(MAX_AUTO_K, Math.floor(n / 2));
  return Array.from({ length: Math.max(0, top - 1) }, (_, i) => i + 2);
}

/**
 * Clusters the vectors once per candidate k and keeps the clustering with the best mean silhouette (on a
 * sample of at most 2,000 vectors, the same one for every k); ties go to the smaller k. With a single
 * candidate, that one is kept.
 *
 * @param {Float64Array} data row-major vectors (standardized)
 * @param {number} d numbers per vector
 * @param {number[]} candidates values of k, each ≤ the number of vectors
 * @param {import('./kmeans.mjs').KmeansOptions & { onProgress?: (message: string) => void }} [options]
 * @returns {{ clustering: Clustering, curve: CurvePoint[] }} the curve lists inertia and silhouette per k
 * @example chooseK(z, 4, [2, 3, 4, 5]).clustering.k // 3, on three well-separated blobs
 */
export function chooseK(data, d, candidates, options = {}) {
  const { seed = 1, onProgress } = options;
  const n = data.length / d;
  const sample = sampleIndices(n, SILHOUETTE_SAMPLE_SIZE, createRandom(deriveSeed(seed, 0, 1)));
  const silhouette = createSilhouette(data, d, sample);
  /** @type {CurvePoint[]} */
  const curve = [];
  /** @type {Clustering | undefined} */
  let best;
  let bestScore = -Infinity;
  for (const k of candidates) {
    onProgress?.(`k = ${k}: ${options.restarts ?? 5} restarts`);
    const clustering = kmeans(data, d, k, options);
    const score = k >= 2 ? silhouette(clustering.labels, k) : null;
    curve.push({ k, inertia: clustering.inertia, silhouette: score });
    if (!best || (score ?? -Infinity) > bestScore) [best, bestScore] = [clustering, score ?? -Infinity];
  }
  if (!best) throw new RangeError('chooseK needs at least one candidate k');
  return { clustering: best, curve };
}
