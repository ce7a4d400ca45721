// @ts-check
/**
 * The engine for Node (`dist/engine.mjs`, built by `npm run build`), loaded once, with a clear message when
 * the build is missing.
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

/** @type {{ createEngine: (options: { now: () => number, weights?: Record<string, number> }) => Engine, FEATURE_NAMES: readonly string[], assignCluster: AssignCluster }} */
const engine = await import(ENGINE_URL.href);

export const { createEngine, FEATURE_NAMES } = engine;

/** The engine's own cluster assignment, as the SDK runs it in the browser. */
export const { assignCluster } = engine;

/** `bot_score` at or above this flags a bot (the engine's threshold). */
export const BOT_THRESHOLD = 0.5;
