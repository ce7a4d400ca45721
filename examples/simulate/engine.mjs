// @ts-check
/**
 * The engine for Node (`dist/engine.mjs`, built by `npm run build`), loaded once, with a clear message when
 * the build is missing. `assignCluster` comes from the engine when it exports one; until then a local copy
 * of DESIGN's rule (z-score, nearest centroid, `maxDistance`, 10 % hysteresis) stands in.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ENGINE_URL = new URL('../../dist/engine.mjs', import.meta.url);

if (!existsSync(fileURLToPath(ENGINE_URL))) {
  throw new Error(`seglet simulate: ${fileURLToPath(ENGINE_URL)} is missing: run \`npm run build\` first`);
}

/**
 * @typedef {Record<string, number>} Features
 * @typedef {{ name: string, at: number, props?: Record<string, string | number | boolean | null> }} EngineEvent
 * @typedef {{ ingest(events: readonly EngineEvent[]): unknown, tick(): unknown, getFeatures(): Features,
 *   getMemberships(): unknown[] }} Engine
 * @typedef {{ features?: string[], scaler?: { mean: number[], std: number[] },
 *   centroids?: { id: string, label?: string, center: number[] }[], maxDistance?: number,
 *   weights?: Record<string, number>, version?: string, rules?: unknown[], collectFeatures?: boolean }} Model
 * @typedef {(model: Model, features: Partial<Features>, previous: string | null) => { cluster: string | null, distance: number }} AssignCluster
 */

/** @type {{ createEngine: (options: { now: () => number, weights?: Record<string, number> }) => Engine, FEATURE_NAMES: readonly string[], assignCluster?: AssignCluster, HYSTERESIS?: number }} */
const engine = await import(ENGINE_URL.href);

export const { createEngine, FEATURE_NAMES } = engine;

/** The engine's hysteresis (a share of the distance), mirrored by the stand-in. */
const HYSTERESIS = typeof engine.HYSTERESIS === 'number' ? engine.HYSTERESIS : 0.1;

/**
 * Stand-in for the engine's `assignCluster` (same contract): nearest centroid in z-scored space, none beyond
 * `maxDistance`, and a visitor keeps `previous` unless another centre is clearly (10 %) closer or they are
 * clearly (10 %) beyond `maxDistance`.
 * @type {AssignCluster}
 */
export function assignClusterFallback(model, features, previous) {
  const { features: names, scaler, centroids, maxDistance = Infinity } = model;
  if (!names || !scaler || !centroids?.length) return { cluster: null, distance: Infinity };
  const z = names.map((name, i) => ((features[name] ?? 0) - scaler.mean[i]) / scaler.std[i]);
  const distances = centroids.map((c) => Math.hypot(...c.center.map((v, i) => v - z[i])));
  let best = 0;
  distances.forEach((d, i) => {
    if (d < distances[best]) best = i;
  });
  const held = centroids.findIndex((c) => c.id === previous);
  if (held >= 0 && distances[held] <= maxDistance * (1 + HYSTERESIS) && distances[best] >= distances[held] * (1 - HYSTERESIS)) {
    return { cluster: previous, distance: distances[held] };
  }
  return distances[best] <= maxDistance ? { cluster: centroids[best].id, distance: distances[best] } : { cluster: null, distance: distances[best] };
}

/** The engine's `assignCluster` when `dist/engine.mjs` exports it, else {@link assignClusterFallback}. */
export const assignCluster = typeof engine.assignCluster === 'function' ? engine.assignCluster : assignClusterFallback;
/** Whether {@link assignCluster} is the engine's own. */
export const ENGINE_ASSIGNS = typeof engine.assignCluster === 'function';

/** `bot_score` at or above this flags a bot (the engine's threshold). */
export const BOT_THRESHOLD = 0.5;
