// @ts-check
import { squaredDistance } from './squaredDistance.mjs';

/**
 * k-means++ seeding: the first center uniformly at random, each next one a point drawn with probability
 * proportional to its squared distance from the nearest center chosen so far.
 *
 * @param {Float64Array} data row-major vectors
 * @param {number} d numbers per vector
 * @param {number} k
 * @param {() => number} random
 * @returns {Float64Array} k × d centers
 * @example seedCenters(Float64Array.of(0, 0, 5, 5), 2, 2, createRandom(1)) // the two points, in some order
 */
export function seedCenters(data, d, k, random) {
  const n = data.length / d;
  const centers = new Float64Array(k * d);
  const nearest = new Float64Array(n).fill(Infinity);
  let pick = Math.floor(random() * n);
  for (let c = 0; c < k; c++) {
    centers.set(data.subarray(pick * d, pick * d + d), c * d);
    if (c === k - 1) break;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const dist = squaredDistance(data, i * d, centers, c * d, d);
      if (dist < nearest[i]) nearest[i] = dist;
      total += nearest[i];
    }
    pick = drawWeighted(nearest, total, random);
  }
  return centers;
}

/**
 * @param {Float64Array} weights
 * @param {number} total
 * @param {() => number} random
 */
function drawWeighted(weights, total, random) {
  // Every point coincides with a center (duplicates): any point will do.
  if (!(total > 0)) return Math.floor(random() * weights.length);
  let target = random() * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i];
    if (target < 0 && weights[i] > 0) return i;
  }
  // Rounding left a sliver of `target`: take the last point that had any weight.
  let last = weights.length - 1;
  while (weights[last] === 0) last -= 1;
  return last;
}
