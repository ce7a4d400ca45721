// @ts-check
/**
 * A population of simulated visitors (an even mix of personas) and the sync batches their devices would
 * send: what the trainer reads. Ground truth stays beside the batches, never in them.
 */
import { featureVector } from './featureVectors.mjs';
import { PERSONA_IDS } from './personas.mjs';
import { createRandom } from './random.mjs';
import { DEFAULT_START, simulateVisitor } from './simulateVisitor.mjs';

const DAY = 86_400_000;

/**
 * Visitor `index` of a population: personas in turn (an even mix), each visitor with their own seed and a
 * first visit spread over `spreadDays` after `start`.
 * @param {{ index: number, seed?: string | number, start?: number, spreadDays?: number }} options
 */
export function populationVisitor({ index, seed = 1, start = DEFAULT_START, spreadDays = 14 }) {
  const persona = PERSONA_IDS[index % PERSONA_IDS.length];
  const offset = Math.floor(createRandom(`${seed}:start:${index}`).uniform(0, spreadDays * DAY));
  return simulateVisitor({ persona, seed: `${seed}:${index}`, start: start + offset });
}

/**
 * The sync batch of a visitor, shaped like the SDK's (`v: 1`) with the engine's features at the end of the
 * visit: no segments or changes (the simulator runs no rules), no user id, no model version. `batchId` is
 * deterministic for the seed and index, so re-sending the same population is deduplicated by the server;
 * `sentAt` is 2 s after the visitor's last event (the SDK's debounce).
 * @param {import('./simulateVisitor.mjs').SimVisitor} visitor
 * @param {{ seed?: string | number, index: number }} id
 */
export function toBatch(visitor, { seed = 1, index }) {
  const { features, bot } = featureVector(visitor.events);
  const last = visitor.events.length ? visitor.events[visitor.events.length - 1].at : DEFAULT_START;
  return {
    v: 1,
    batchId: createRandom(`${seed}:batch:${index}`).uuid(),
    sentAt: new Date(last + 2000).toISOString(),
    anonymousId: visitor.anonymousId,
    userId: null,
    modelVersion: null,
    bot,
    segments: [],
    changes: [],
    features,
  };
}
