// @ts-check
import { autoCandidates, chooseK } from './chooseK.mjs';
import { refineKmeans } from './kmeans.mjs';
import { measureDrift } from './ks.mjs';
import { labelCentroid } from './labelCentroid.mjs';
import { assignIds, matchCentroids } from './matchCentroids.mjs';
import { quantile, referenceQuantiles, sortedColumns } from './quantiles.mjs';
import { fitScaler, standardize } from './standardize.mjs';

/** The share of training vectors inside `maxDistance`: the rest, the farthest 1 %, count as "no cluster". */
const MAX_DISTANCE_QUANTILE = 0.99;

/**
 * @typedef {object} TrainOptions
 * @property {string[]} features names of the vector entries, in order
 * @property {number | 'auto'} [k] clusters, or 'auto' (default) to pick 2…10 by silhouette
 * @property {Record<string, any>} [previous] the model being replaced: ids, reference and other fields carry over
 * @property {number} [seed] default 1: runs are reproducible unless the seed changes
 * @property {number} [restarts] k-means++ restarts per k (default 5)
 * @property {Date} [now] the model's `version` time (default: the current time)
 * @property {(message: string) => void} [onProgress]
 */

/**
 * @typedef {object} TrainReport
 * @property {number} count vectors trained on
 * @property {number} k
 * @property {import('./chooseK.mjs').CurvePoint[]} curve inertia and silhouette per k tried
 * @property {{ id: string, label: string, size: number, previousId: string | null, distance: number | null }[]} centroids
 * @property {string[]} warnings
 * @property {Record<string, { ks: number, p: number }> | undefined} drift
 */

/**
 * Trains a segmentation model (DESIGN "Model") from feature vectors: z-scores them, clusters them with
 * k-means++ and restarts, keeps centroid ids stable against `previous`, labels centroids, and records
 * reference quantiles and drift. Pure: no I/O, no clock unless `now` is omitted.
 *
 * @param {Float64Array | number[][]} vectors one row per visitor; a Float64Array is row-major
 * @param {TrainOptions} options
 * @returns {{ model: Record<string, any>, report: TrainReport }}
 * @example const { model } = train([[1, 30], [2, 40], [9, 2], [8, 1]], { features: ['page_velocity', 'dwell_avg_s'], k: 2 });
 */
export function train(vectors, options) {
  const { features, k = 'auto', previous, seed = 1, restarts = 5, onProgress } = options;
  const d = features.length;
  const data = toMatrix(vectors, d);
  const n = data.length / d;
  const candidates = k === 'auto' ? autoCandidates(n) : [k];
  if (candidates.length === 0 || n < 2 * candidates[0]) {
    throw new RangeError(`need at least ${2 * (candidates[0] ?? 2)} vectors to train, got ${n}`);
  }
  const { constant, ...scaler } = fitScaler(data, d);
  const warnings = constant.map((j) => `feature "${features[j]}" is constant (std 0): using std 1`);
  const z = standardize(data, scaler);
  const { clustering, curve } = chooseK(z, d, candidates, { seed, restarts, onProgress });
  onProgress?.(`fitting k = ${clustering.k} on all ${n} vectors`);
  const fit = refineKmeans(z, d, clustering);
  const { centroids, matched, reason } = nameCentroids(fit, features, scaler, previous);
  if (reason) warnings.push(`centroid ids not carried over: ${reason}`);
  const columns = sortedColumns(data, d);
  const reference = referenceQuantiles(columns, features);
  const drift = hasReference(previous) ? measureDrift(columns, features, previous.reference) : undefined;
  const distances = fit.distances.map(Math.sqrt).sort();
  // The engine rejects maxDistance 0, which only data sitting exactly on its centroids would produce.
  const maxDistance = Math.max(quantile(distances, MAX_DISTANCE_QUANTILE), 1e-9);
  const model = buildModel({ now: options.now ?? new Date(), features, scaler, centroids, maxDistance, reference, drift, previous });
  return { model, report: { count: n, k: fit.k, curve, centroids: matched, warnings, drift } };
}

/**
 * @param {Float64Array | number[][]} vectors
 * @param {number} d
 * @returns {Float64Array}
 */
function toMatrix(vectors, d) {
  if (d === 0) throw new RangeError('need at least one feature');
  if (Array.isArray(vectors) && vectors.some((row) => row.length !== d)) throw new RangeError(`every vector needs ${d} numbers`);
  const data = vectors instanceof Float64Array ? vectors : Float64Array.from(vectors.flat());
  if (data.length % d !== 0) throw new RangeError(`the vectors' length is not a multiple of ${d}`);
  if (!data.every(Number.isFinite)) throw new RangeError('vectors must hold finite numbers');
  return data;
}

/**
 * Orders centroids by size (largest first), labels them and gives them ids.
 *
 * @param {import('./kmeans.mjs').Clustering} fit
 * @param {string[]} features
 * @param {{ mean: number[], std: number[] }} scaler
 * @param {Record<string, any> | undefined} previous
 */
function nameCentroids(fit, features, scaler, previous) {
  const d = features.length;
  const sizes = new Array(fit.k).fill(0);
  for (const label of fit.labels) sizes[label] += 1;
  const order = sizes.map((_, c) => c).sort((a, b) => sizes[b] - sizes[a] || a - b);
  const centers = order.map((c) => Array.from(fit.centers.subarray(c * d, c * d + d)));
  const { matches, reason } = previous ? matchCentroids(centers, features, scaler, previous) : { matches: centers.map(() => null), reason: undefined };
  const previousIds = Array.isArray(previous?.centroids) ? previous.centroids.map((/** @type {any} */ c) => String(c?.id)) : [];
  const ids = assignIds(matches, previousIds);
  const centroids = centers.map((center, i) => ({ id: ids[i], label: labelCentroid(center, features), center }));
  const matched = centroids.map((c, i) => ({
    id: c.id, label: c.label, size: sizes[order[i]], previousId: matches[i]?.previousId ?? null, distance: matches[i]?.distance ?? null,
  }));
  return { centroids, matched, reason };
}

/**
 * @param {Record<string, any> | undefined} previous
 * @returns {previous is { reference: { quantiles: Record<string, number[]>, count: number } }}
 */
function hasReference(previous) {
  const reference = previous?.reference;
  return typeof reference?.quantiles === 'object' && reference.quantiles !== null && Number.isFinite(reference.count) && reference.count > 0;
}

/**
 * The output model, in the documented field order; fields of `previous` that training does not compute
 * (`rules`, `weights`, `collectFeatures`, anything else) carry over.
 *
 * @param {{ now: Date, features: string[], scaler: { mean: number[], std: number[] }, centroids: object[],
 *   maxDistance: number, reference: object, drift: object | undefined, previous: Record<string, any> | undefined }} parts
 */
function buildModel({ now, features, scaler, centroids, maxDistance, reference, drift, previous }) {
  const { version: _v, features: _f, scaler: _s, centroids: _c, maxDistance: _m, reference: _r, drift: _d, ...kept } = previous ?? {};
  const { rules = [], weights = {}, collectFeatures = true, ...other } = kept;
  return {
    version: now.toISOString(), features, scaler, centroids, maxDistance, reference,
    ...(drift && { drift }),
    rules, weights, collectFeatures, ...other,
  };
}
