#!/usr/bin/env node
/**
 * `npm run bench`: page cost side by side with the peer SDKs, decision latency, and engine throughput, in
 * one run; writes `bench/results/latest.json` and prints the markdown tables (`npm run bench:readme` puts
 * them into the README). Expects a built `dist/` (the npm script builds first).
 *
 *   node bench/run.mjs [--runs 3] [--only page-cost,profile,latency,engine] [--variants posthog,segment]
 *                      [--warm-trials 150] [--cold-trials 10] [--sync-trials 8] [--out bench/results/latest.json]
 *
 * `--runs` repetitions of the page-cost visit (about two minutes each on a 2-core machine); BENCH_RUNS too.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runLatency } from './latency/runLatency.mjs';
import { launchBrowser } from './lib/launchBrowser.mjs';
import { profileSeglet } from './page-cost/profileSeglet.mjs';
import { runPageCost } from './page-cost/runPageCost.mjs';
import { renderMarkdown } from './report/renderMarkdown.mjs';
import { summarize } from './report/summarize.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const STAGES = ['page-cost', 'profile', 'latency', 'engine'];

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: process.env.BENCH_RUNS ?? '3' },
    only: { type: 'string' },
    variants: { type: 'string' },
    'warm-trials': { type: 'string', default: '150' },
    'cold-trials': { type: 'string', default: '10' },
    'sync-trials': { type: 'string', default: '8' },
    out: { type: 'string', default: path.join(ROOT, 'bench/results/latest.json') },
  },
});
const count = (/** @type {string} */ name, /** @type {string} */ text) => {
  if (!/^\d+$/.test(text)) throw new Error(`--${name} needs a whole number, not "${text}"`);
  return Number(text);
};
const config = {
  runs: count('runs', values.runs),
  warmTrials: count('warm-trials', values['warm-trials']),
  coldTrials: count('cold-trials', values['cold-trials']),
  syncTrials: Math.min(50, count('sync-trials', values['sync-trials'])),
  stages: values.only ? values.only.split(',') : STAGES,
  variants: values.variants?.split(','),
};
for (const stage of config.stages) if (!STAGES.includes(stage)) throw new Error(`unknown stage "${stage}" (${STAGES.join(', ')})`);

const log = (/** @type {string} */ line) => process.stderr.write(`[bench] ${line}\n`);
const loadAverage = [os.loadavg()[0]];
const started = Date.now();

const pageCost = config.stages.includes('page-cost') ? await runPageCost({ runs: config.runs, variants: config.variants, log }) : null;
loadAverage.push(os.loadavg()[0]);
if (config.stages.includes('profile')) log('profile: seglet page, CPU profiler on');
const profile = config.stages.includes('profile') ? await profileSeglet() : null;
const latency = config.stages.includes('latency')
  ? await runLatency({ warmTrials: config.warmTrials, coldTrials: config.coldTrials, syncTrials: config.syncTrials, log })
  : null;
loadAverage.push(os.loadavg()[0]);
const engine = config.stages.includes('engine') ? await runEngineBench() : null;
loadAverage.push(os.loadavg()[0]);

/** @type {import('./report/types.mjs').Results} */
const results = {
  date: new Date().toISOString(),
  machine: await describeMachine(loadAverage),
  config: { ...config, seconds: Math.round((Date.now() - started) / 1000) },
  pageCost,
  profile,
  latency,
  engine,
  summary: summarize(pageCost, latency),
};
await mkdir(path.dirname(values.out), { recursive: true });
await writeFile(values.out, `${JSON.stringify(results, null, 1)}\n`);
process.stdout.write(`${renderMarkdown(results)}\n`);
log(`wrote ${path.relative(process.cwd(), values.out)} in ${results.config.seconds} s`);

/**
 * The engine bench (bench/engine.bench.ts under vitest), in a child process; its last line is its JSON.
 * @returns {Promise<import('./report/types.mjs').EngineRow[]>}
 */
function runEngineBench() {
  log('engine: npm run bench:engine');
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'bench:engine', '--silent'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('[{"rules"'));
      if (code !== 0 || !line) return reject(new Error(`bench:engine exited with ${code}:\n${out.slice(-2000)}`));
      resolve(JSON.parse(line));
    });
  });
}

/** @param {number[]} loadAverage */
async function describeMachine(loadAverage) {
  const browser = await launchBrowser();
  const version = browser.version();
  await browser.close();
  const git = (/** @type {string[]} */ args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  let commit = 'unknown';
  try {
    // The results file itself is not a local change of the code measured.
    const changed = git(['status', '--porcelain', '--untracked-files=no', '--', '.', ':(exclude)bench/results']);
    commit = git(['rev-parse', '--short', 'HEAD']) + (changed ? ' + local changes' : '');
  } catch {}
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium: version,
    playwright: JSON.parse(await readFile(path.join(ROOT, 'node_modules/@playwright/test/package.json'), 'utf8')).version,
    loadAverage,
    commit,
  };
}
