// @ts-check
// Lloyd's k-means iterations with Hamerly's bounds (Hamerly 2010, "Making k-means even faster"): each point keeps
// an upper bound on the distance to its own center and a lower bound on the distance to any other, and skips the
// k distance computations while the bounds prove its center cannot have changed. Same result as plain Lloyd,
// several times faster once most points have settled: the hot loop of training.
import { squaredDistance } from './squaredDistance.mjs';
import { updateCenters } from './updateCenters.mjs';

/**
 * Runs Lloyd iterations from the given centers until no point changes center, the centers move less than
 * `tolerance` (total squared movement), or `maxIterations`.
 *
 * @param {Float64Array} data row-major vectors
 * @param {number} d numbers per vector
 * @param {Float64Array} centers k × d, updated in place
 * @param {{ maxIterations: number, tolerance: number }} limits
 * @returns {{ labels: Int32Array, iterations: number }}
 */
export function runLloyd(data, d, centers, { maxIterations, tolerance }) {
  const n = data.length / d;
  const labels = new Int32Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  for (let i = 0; i < n; i++) scanPoint(data, d, centers, i, labels, upper, lower);
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations += 1;
    const moved = updateCenters(data, d, centers, labels, upper, lower);
    loosenBounds(labels, upper, lower, moved);
    const changed = reassign(data, d, centers, labels, upper, lower);
    if (changed === 0 || moved.reduce((sum, m) => sum + m * m, 0) <= tolerance) break;
  }
  return { labels, iterations };
}

/**
 * Finds the nearest and second-nearest centers of point i, setting its label and both bounds exactly.
 *
 * @param {Float64Array} data
 * @param {number} d
 * @param {Float64Array} centers
 * @param {number} i
 * @param {Int32Array} labels
 * @param {Float64Array} upper
 * @param {Float64Array} lower
 * @returns {number} the new label
 */
function scanPoint(data, d, centers, i, labels, upper, lower) {
  const k = centers.length / d;
  let best = 0;
  let first = Infinity;
  let second = Infinity;
  for (let c = 0; c < k; c++) {
    const dist = squaredDistance(data, i * d, centers, c * d, d);
    if (dist < first) {
      second = first;
      first = dist;
      best = c;
    } else if (dist < second) second = dist;
  }
  labels[i] = best;
  upper[i] = Math.sqrt(first);
  lower[i] = Math.sqrt(second);
  return best;
}

/**
 * @param {Float64Array} data
 * @param {number} d
 * @param {Float64Array} centers
 * @param {Int32Array} labels
 * @param {Float64Array} upper
 * @param {Float64Array} lower
 * @returns {number} points that changed center
 */
function reassign(data, d, centers, labels, upper, lower) {
  const half = halfGaps(centers, d);
  let changed = 0;
  for (let i = 0; i < labels.length; i++) {
    const own = labels[i];
    const bound = Math.max(half[own], lower[i]);
    if (upper[i] <= bound) continue;
    upper[i] = Math.sqrt(squaredDistance(data, i * d, centers, own * d, d));
    if (upper[i] <= bound) continue;
    if (scanPoint(data, d, centers, i, labels, upper, lower) !== own) changed += 1;
  }
  return changed;
}

/**
 * Half the distance from each center to its nearest other center: a point closer than that to its own
 * center cannot be closer to any other.
 *
 * @param {Float64Array} centers
 * @param {number} d
 */
function halfGaps(centers, d) {
  const k = centers.length / d;
  const half = new Float64Array(k).fill(Infinity);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const gap = Math.sqrt(squaredDistance(centers, a * d, centers, b * d, d)) / 2;
      if (gap < half[a]) half[a] = gap;
      if (gap < half[b]) half[b] = gap;
    }
  }
  return half;
}

/**
 * After the centers moved: own-center distances can have grown by at most the own center's movement, and
 * distances to the others shrunk by at most the largest other movement.
 *
 * @param {Int32Array} labels
 * @param {Float64Array} upper
 * @param {Float64Array} lower
 * @param {Float64Array} moved distance each center moved
 */
function loosenBounds(labels, upper, lower, moved) {
  let top = 0;
  for (let c = 1; c < moved.length; c++) if (moved[c] > moved[top]) top = c;
  let next = 0;
  for (let c = 0; c < moved.length; c++) if (c !== top && moved[c] > next) next = moved[c];
  for (let i = 0; i < labels.length; i++) {
    upper[i] += moved[labels[i]];
    lower[i] -= labels[i] === top ? next : moved[top];
  }
}
