// @ts-check
import { createRandom, deriveSeed } from './createRandom.mjs';
import { runLloyd } from './lloyd.mjs';
import { sampleIndices, takeRows } from './sampleIndices.mjs';
import { seedCenters } from './seedCenters.mjs';
import { squaredDistance } from './squaredDistance.mjs';

/**
 * Restarts run on at most this many vectors; {@link refineKmeans} then polishes the winner on all of them.
 * 10,000 points put hundreds in each of up to 10 clusters, and keep 9 values of k × 5 restarts within
 * seconds at 100,000 vectors.
 */
export const FIT_SAMPLE_SIZE = 10_000;

/**
 * @typedef {object} Clustering
 * @property {number} k
 * @property {Float64Array} centers k × d, row-major
 * @property {Int32Array} labels the nearest center of each vector
 * @property {Float64Array} distances squared distance of each vector to its center
 * @property {number} inertia the sum of `distances`
 */

/**
 * @typedef {object} KmeansOptions
 * @property {number} [seed] default 1
 * @property {number} [restarts] independent k-means++ starts; the lowest inertia wins (default 5)
 * @property {number} [sampleSize] default {@link FIT_SAMPLE_SIZE}
 * @property {number} [maxIterations] Lloyd iterations per start (default 300)
 * @property {number} [tolerance] stop when the centers moved less than this, squared and summed (default
 *   1e-4, scikit-learn's choice for unit-variance data)
 */

/**
 * Clusters vectors into k groups: k-means++ seeding and Lloyd iterations to convergence, several restarts
 * keeping the lowest inertia. Above `sampleSize` vectors the restarts run on a random sample and every vector
 * is then assigned to the winner's centers (call {@link refineKmeans} for a full fit). Deterministic for a
 * given seed, k and data; each k draws its own stream, the sample is the same for every k.
 *
 * @param {Float64Array} data row-major vectors (standardized)
 * @param {number} d numbers per vector
 * @param {number} k clusters, 1 ≤ k ≤ number of vectors
 * @param {KmeansOptions} [options]
 * @returns {Clustering}
 * @example kmeans(Float64Array.of(0, 0, 0, 1, 9, 9, 9, 10), 2, 2).inertia // 1
 */
export function kmeans(data, d, k, options = {}) {
  const { seed = 1, restarts = 5, sampleSize = FIT_SAMPLE_SIZE, maxIterations = 300, tolerance = 1e-4 } = options;
  const n = data.length / d;
  const fitData = n > sampleSize ? takeRows(data, d, sampleIndices(n, sampleSize, createRandom(deriveSeed(seed, 0, 0)))) : data;
  /** @type {Float64Array | undefined} */
  let best;
  let bestInertia = Infinity;
  for (let r = 0; r < Math.max(1, restarts); r++) {
    const centers = seedCenters(fitData, d, k, createRandom(deriveSeed(seed, k, r)));
    runLloyd(fitData, d, centers, { maxIterations, tolerance });
    const { inertia } = nearestCenters(fitData, d, centers);
    if (inertia < bestInertia || !best) [best, bestInertia] = [centers, inertia];
  }
  return { k, centers: /** @type {Float64Array} */ (best), ...nearestCenters(data, d, /** @type {Float64Array} */ (best)) };
}

/**
 * Runs Lloyd iterations on all vectors from a clustering's centers (a no-op when it already converged on them).
 *
 * @param {Float64Array} data row-major vectors (standardized)
 * @param {number} d
 * @param {Clustering} clustering
 * @param {{ maxIterations?: number, tolerance?: number }} [limits]
 * @returns {Clustering & { iterations: number }}
 */
export function refineKmeans(data, d, clustering, { maxIterations = 300, tolerance = 1e-4 } = {}) {
  const centers = clustering.centers.slice();
  const { iterations } = runLloyd(data, d, centers, { maxIterations, tolerance });
  return { k: clustering.k, centers, ...nearestCenters(data, d, centers), iterations };
}

/**
 * Assigns every vector to its nearest center.
 *
 * @param {Float64Array} data
 * @param {number} d
 * @param {Float64Array} centers
 * @returns {{ labels: Int32Array, distances: Float64Array, inertia: number }}
 */
export function nearestCenters(data, d, centers) {
  const n = data.length / d;
  const k = centers.length / d;
  const labels = new Int32Array(n);
  const distances = new Float64Array(n);
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let c = 0; c < k; c++) {
      const dist = squaredDistance(data, i * d, centers, c * d, d);
      if (dist < best) [best, labels[i]] = [dist, c];
    }
    distances[i] = best;
    inertia += best;
  }
  return { labels, distances, inertia };
}
