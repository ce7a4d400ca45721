// @ts-check
/**
 * Scores a model against simulated visitors whose personas are known: how well its clusters recover the
 * personas (adjusted Rand index), and how quickly a visitor settles into their final cluster.
 */
import { adjustedRandIndex } from './adjustedRandIndex.mjs';
import { BOT_THRESHOLD, assignCluster, createEngine } from './engine.mjs';

/**
 * Replays each visitor's events one at a time through a fresh engine (the clock at each event) and assigns a
 * cluster after each event with `assignCluster(model, features, previous)`, `previous` being the cluster
 * assigned after the event before (hysteresis). As in the engine, a visitor flagged as a bot
 * (`bot_score` ≥ 0.5) has no cluster. The final cluster is the one after the last event.
 *
 * - `ari`: adjusted Rand index between personas and final clusters (`null` counts as a label of its own);
 * - `medianEventsToFinalCluster`: per visitor, the number of events after which the assignment equals the
 *   final one and never changes again (the 1-based index of that event: 1 = settled after the first event),
 *   median over visitors.
 *
 * @param {import('./engine.mjs').Model} model a model in DESIGN's format (`features`, `scaler`, `centroids`, …)
 * @param {readonly { persona: string, events: readonly import('./engine.mjs').EngineEvent[] }[]} visitors
 * @param {{ assignCluster?: import('./engine.mjs').AssignCluster }} [options] another assignment to score
 *   (default: the engine's `assignCluster`)
 * @returns {{ ari: number, medianEventsToFinalCluster: number,
 *   visitors: { persona: string, cluster: string | null, eventsToFinalCluster: number, events: number }[] }}
 */
export function scoreModel(model, visitors, options = {}) {
  const assign = options.assignCluster ?? assignCluster;
  const results = visitors.map((visitor) => {
    let clock = 0;
    const engine = createEngine({ now: () => clock, ...(model.weights && { weights: model.weights }) });
    /** @type {string | null} */
    let previous = null;
    /** @type {(string | null)[]} */
    const assigned = [];
    for (const event of visitor.events) {
      clock = Math.max(clock, event.at);
      engine.ingest([event]);
      const features = engine.getFeatures();
      previous = features.bot_score >= BOT_THRESHOLD ? null : assign(model, features, previous).cluster;
      assigned.push(previous);
    }
    const cluster = assigned.length ? assigned[assigned.length - 1] : null;
    let settled = assigned.length;
    while (settled > 1 && assigned[settled - 2] === cluster) settled--;
    return { persona: visitor.persona, cluster, eventsToFinalCluster: settled, events: assigned.length };
  });
  const ari = adjustedRandIndex(results.map((r) => r.persona), results.map((r) => r.cluster));
  return { ari, medianEventsToFinalCluster: median(results.map((r) => r.eventsToFinalCluster)), visitors: results };
}

/** @param {number[]} values */
function median(values) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
