// @ts-check
import { hungarian } from './hungarian.mjs';

/**
 * How far (in standard deviations of the new data) a centroid may have moved and keep its id: beyond one σ it
 * describes different visitors, and reusing the id would silently change what a segment means.
 */
export const MATCH_THRESHOLD = 1;

/**
 * @typedef {{ features?: unknown, scaler?: { mean?: unknown, std?: unknown }, centroids?: unknown }} PreviousModel
 * @typedef {{ id: string, center: number[] }} PreviousCentroid
 * @typedef {{ previousId: string, distance: number } | null} Match
 */

/**
 * Pairs new centroids with a previous model's so ids stay stable across retraining: previous centers are
 * mapped into the new standardized space (z × old std + old mean → raw → new z), paired one-to-one by minimum
 * total distance (Hungarian algorithm), and a pair counts only within `threshold`.
 *
 * @param {number[][]} centers new centers, standardized with `scaler`
 * @param {string[]} features the new model's features
 * @param {{ mean: number[], std: number[] }} scaler the new scaler
 * @param {PreviousModel} previous
 * @param {number} [threshold]
 * @returns {{ matches: Match[], reason?: string }} one entry per new center; `reason` says why none matched
 * @example matchCentroids(centers, features, scaler, JSON.parse(previousJson)).matches[0] // { previousId: 'c2', distance: 0.04 }
 */
export function matchCentroids(centers, features, scaler, previous, threshold = MATCH_THRESHOLD) {
  const none = centers.map(() => null);
  const mapped = mapPrevious(previous, features, scaler);
  if ('reason' in mapped) return { matches: none, reason: mapped.reason };
  if (mapped.centroids.length === 0) return { matches: none };
  const cost = centers.map((c) => mapped.centroids.map((p) => Math.hypot(...c.map((v, j) => v - p.center[j]))));
  const pairs = hungarian(cost);
  return {
    matches: pairs.map((p, i) =>
      p >= 0 && cost[i][p] <= threshold ? { previousId: mapped.centroids[p].id, distance: cost[i][p] } : null,
    ),
  };
}

/**
 * The previous centroids in the new standardized space, features reordered by name.
 *
 * @param {PreviousModel} previous
 * @param {string[]} features
 * @param {{ mean: number[], std: number[] }} scaler
 * @returns {{ centroids: PreviousCentroid[] } | { reason: string }}
 */
function mapPrevious(previous, features, scaler) {
  const { features: names, scaler: old, centroids } = previous;
  if (!Array.isArray(centroids) || centroids.length === 0) return { centroids: [] };
  if (!Array.isArray(names) || !Array.isArray(old?.mean) || !Array.isArray(old?.std)) {
    return { reason: 'the previous model has centroids but no features or scaler' };
  }
  const index = features.map((name) => names.indexOf(name));
  if (names.length !== features.length || index.includes(-1)) {
    return { reason: 'the previous model has different features' };
  }
  const mean = /** @type {unknown[]} */ (old.mean);
  const std = /** @type {unknown[]} */ (old.std);
  /** @type {PreviousCentroid[]} */
  const mapped = [];
  for (const c of centroids) {
    const raw = index.map((k) => c?.center?.[k] * /** @type {number} */ (std[k]) + /** @type {number} */ (mean[k]));
    if (typeof c?.id !== 'string' || !raw.every(Number.isFinite)) return { reason: 'the previous model has malformed centroids' };
    mapped.push({ id: c.id, center: raw.map((x, j) => (x - scaler.mean[j]) / scaler.std[j]) });
  }
  return { centroids: mapped };
}

/**
 * Gives every centroid an id: its match's previous id, else the smallest `c1`, `c2`, … not taken by this
 * model or the previous one (a retired id is not reused for different visitors).
 *
 * @param {Match[]} matches
 * @param {string[]} previousIds
 * @returns {string[]}
 */
export function assignIds(matches, previousIds) {
  const taken = new Set(previousIds);
  let next = 1;
  return matches.map((match) => {
    if (match) return match.previousId;
    while (taken.has(`c${next}`)) next += 1;
    taken.add(`c${next}`);
    return `c${next}`;
  });
}
