#!/usr/bin/env node
// @ts-check
// Times `seglet train` on 100,000 vectors × 16 features (run by hand: `node train/bench.mjs [vectors]`).
// The data mimics sync output: six overlapping visitor types, skewed durations, count features that are
// mostly 0, and every tenth line a whole sync batch. The second run retrains on fresh draws of the same
// visitors with --previous (id matching, drift).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRandom } from './createRandom.mjs';

const count = Number(process.argv[2] ?? 100_000);
const FEATURES = 16;
let random = createRandom(2026);
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
/** @param {number} mean */
const poisson = (mean) => {
  let k = 0;
  for (let p = random(); p > Math.exp(-mean); p *= random()) k += 1;
  return k;
};

/** @param {number} type 0…5 */
function visitor(type) {
  /** @type {Record<string, number>} */
  const features = {};
  for (let j = 0; j < FEATURES; j++) {
    const shift = (j + type) % 6 === 0 ? 2.5 : 0;
    if (j % 4 === 3) features[`count_${j}`] = poisson(0.3 + shift);
    else if (j % 4 === 1) features[`duration_${j}`] = Math.exp(3 + 0.6 * normal() + shift / 2);
    else features[`score_${j}`] = shift + normal();
  }
  return features;
}

/**
 * @param {string} path
 * @param {number} seed
 */
function writeVectors(path, seed) {
  random = createRandom(seed);
  const lines = Array.from({ length: count }, (_, i) => {
    const features = visitor(i % 6);
    return JSON.stringify(i % 10 === 0 ? { v: 1, batchId: `b${i}`, bot: false, features } : features);
  });
  writeFileSync(path, `${lines.join('\n')}\n`);
}

const dir = mkdtempSync(join(tmpdir(), 'seglet-bench-'));
const model = join(dir, 'model.json');
const bin = fileURLToPath(new URL('../bin/seglet.mjs', import.meta.url));
/**
 * @param {string} input
 * @param {string[]} args
 */
const time = (input, args) => {
  const start = performance.now();
  execFileSync(process.execPath, [bin, 'train', input, '--out', model, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  return ((performance.now() - start) / 1000).toFixed(1);
};
try {
  writeVectors(join(dir, 'week1.ndjson'), 1);
  writeVectors(join(dir, 'week2.ndjson'), 2);
  const first = time(join(dir, 'week1.ndjson'), []);
  const second = time(join(dir, 'week2.ndjson'), ['--previous', model]);
  console.log(`\n${count} vectors × ${FEATURES} features: --k auto ${first} s, --k auto --previous ${second} s (wall, incl. Node start-up)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
