// @ts-check
/**
 * Runs a visitor's events through seglet's real engine and reads the features a sync batch would carry.
 */
import { BOT_THRESHOLD, FEATURE_NAMES, createEngine } from './engine.mjs';

/**
 * The engine's features at the end of the visitor's last session (the clock at the last event), in
 * `FEATURE_NAMES` order, and whether the engine flags the visitor as a bot (`bot_score` ≥ 0.5).
 * @param {readonly import('./engine.mjs').EngineEvent[]} events in time order
 * @param {{ weights?: Record<string, number> }} [options] engagement weights (a model's `weights`)
 * @returns {{ features: Record<string, number>, bot: boolean }}
 * @example featureVector(simulateVisitor({ persona: 'researcher', seed: 1 }).events).features.dwell_avg_s // 92.4
 */
export function featureVector(events, options = {}) {
  const clock = events.length ? events[events.length - 1].at : 0;
  const engine = createEngine({ now: () => clock, ...(options.weights && { weights: options.weights }) });
  engine.ingest(events);
  engine.tick();
  const all = engine.getFeatures();
  /** @type {Record<string, number>} */
  const features = {};
  for (const name of FEATURE_NAMES) features[name] = all[name];
  return { features, bot: features.bot_score >= BOT_THRESHOLD };
}
