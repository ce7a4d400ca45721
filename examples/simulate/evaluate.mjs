#!/usr/bin/env node
// @ts-check
/**
 * How well the training loop recovers personas: simulate a population, train on its sync batches with
 * `seglet train`'s own `train()`, then score the model on fresh visitors replayed event by event through the
 * engine. Prints a markdown table (adjusted Rand index, median events until a visitor's final cluster).
 *
 *   node examples/simulate/evaluate.mjs [--train 600] [--test 300] [--seed 1]
 */
import { parseArgs } from 'node:util';
import { train } from '../../train/train.mjs';
import { populationVisitor, toBatch } from './population.mjs';
import { scoreModel } from './score.mjs';

const { values } = parseArgs({ options: { train: { type: 'string', default: '600' }, test: { type: 'string', default: '300' }, seed: { type: 'string', default: '1' } } });
const seed = Number(values.seed);
/** @param {number} n visitors @param {number} s seed */
const population = (n, s) => Array.from({ length: n }, (_, index) => populationVisitor({ index, seed: s }));

const training = population(Number(values.train), seed).map((v, index) => toBatch(v, { seed, index })).filter((b) => !b.bot);
const features = Object.keys(training[0].features).filter((f) => f !== 'bot_score');
const vectors = training.map((b) => features.map((f) => b.features[f]));
const testing = population(Number(values.test), seed + 1);

console.log(`| k | clusters | adjusted Rand index | median events to final cluster |`);
console.log(`| --- | ---: | ---: | ---: |`);
for (const k of /** @type {Array<'auto' | number>} */ (['auto', 6, 5])) {
  const { model } = train(vectors, { features, k, seed });
  const { ari, medianEventsToFinalCluster } = scoreModel({ ...model, collectFeatures: true }, testing);
  console.log(`| ${k} | ${model.centroids.length} | ${ari.toFixed(2)} | ${medianEventsToFinalCluster} |`);
}
console.log(`\n${training.length} training visitors (bots dropped, as the trainer does with bot batches), ${testing.length} fresh test visitors, six personas, seed ${seed}; ${features.length} features.`);
