// @ts-check
// Synthetic Gaussian blobs for the trainer's tests, from a seeded generator so every run sees the same data.
import { createRandom } from '../../train/createRandom.mjs';

/**
 * @param {() => number} random
 * @returns {number} a standard normal draw (Box–Muller)
 */
export function gaussian(random) {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * Points around each center with per-feature standard deviation `sigma`, interleaved (blob i % centers).
 *
 * @param {number[][]} centers
 * @param {number} perBlob
 * @param {number[]} sigma one per feature
 * @param {number} [seed]
 * @returns {number[][]}
 */
export function makeBlobs(centers, perBlob, sigma, seed = 7) {
  const random = createRandom(seed);
  const rows = [];
  for (let i = 0; i < perBlob * centers.length; i++) {
    rows.push(centers[i % centers.length].map((c, j) => c + sigma[j] * gaussian(random)));
  }
  return rows;
}

/**
 * Shuffles a copy of the rows (Fisher–Yates).
 *
 * @template T
 * @param {T[]} rows
 * @param {number} seed
 * @returns {T[]}
 */
export function shuffled(rows, seed) {
  const random = createRandom(seed);
  const copy = rows.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** Four well-separated centers in five dimensions with very different scales, as real features have. */
export const FOUR_CENTERS = [
  [1, 40, 0.2, 0, 3],
  [6, 40, 0.8, 2, 3],
  [1, 120, 0.8, 0, 9],
  [6, 120, 0.2, 2, 9],
];
export const FOUR_SIGMA = [0.5, 6, 0.05, 0.2, 0.6];
export const FIVE_FEATURES = ['page_velocity', 'dwell_avg_s', 'scroll_depth_avg', 'cart_adds_7d', 'sessions_30d'];
