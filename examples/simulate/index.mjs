#!/usr/bin/env node
// @ts-check
/**
 * Simulates visitors and writes the sync batches their devices would send (one JSON object per line, with
 * the engine's `features`), for `seglet train`, benchmarks and the demo's training loop.
 *
 *   node examples/simulate [--visitors 600] [--seed 1] [--out vectors.ndjson] [--truth truth.json]
 *                          [--post http://127.0.0.1:8080/seglet/sync] [--start 2026-11-01T09:00:00Z]
 *
 * Without `--out` or `--post` the batches go to stdout. Progress goes to stderr.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { PERSONA_IDS } from './personas.mjs';
import { populationVisitor, toBatch } from './population.mjs';
import { DEFAULT_START } from './simulateVisitor.mjs';

const USAGE = `usage: node examples/simulate [options]

  --visitors N    visitors to simulate, an even mix of ${PERSONA_IDS.length} personas (default 600)
  --seed S        seed: the same seed gives the same visitors, batches and ids (default 1)
  --out FILE      write one sync batch per line (ndjson); "-" for stdout
  --truth FILE    write ground truth as JSON: { "<anonymousId>": "<persona>" }
  --post URL      POST each batch to a sync endpoint on this machine (e.g. http://127.0.0.1:8080/seglet/sync)
  --start ISO     when the first visits start (default ${new Date(DEFAULT_START).toISOString()}); visits spread over 14 days
  -h, --help      this help

Personas: ${PERSONA_IDS.join(', ')}. Batches never carry the persona; only --truth does.`;

/** Requests in flight at once with --post. */
const POST_CONCURRENCY = 8;

/** @param {string} message */
function fail(message) {
  process.stderr.write(`simulate: ${message}\n${USAGE}\n`);
  process.exit(2);
}

/**
 * Only this machine: the simulator must never post made-up visitors to someone else's endpoint.
 * @param {string} raw
 */
function loopbackUrl(raw) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    return fail(`--post ${raw}: not a URL`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
  if (!/^https?:$/.test(url.protocol) || !loopback) return fail(`--post ${raw}: only http(s) to a loopback host (127.0.0.1, localhost, ::1)`);
  return url;
}

async function main() {
  /** @type {ReturnType<typeof parseArgs<{ options: Record<string, { type: 'string' | 'boolean', short?: string }> }>>} */
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        visitors: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, truth: { type: 'string' },
        post: { type: 'string' }, start: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    });
  } catch (error) {
    return fail(/** @type {Error} */ (error).message);
  }
  const opts = /** @type {Record<string, string | boolean | undefined>} */ (parsed.values);
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const visitors = opts.visitors === undefined ? 600 : Number(opts.visitors);
  if (!Number.isInteger(visitors) || visitors < 1) return fail(`--visitors must be a positive integer, got ${opts.visitors}`);
  const seed = typeof opts.seed === 'string' ? opts.seed : '1';
  const start = typeof opts.start === 'string' ? Date.parse(opts.start) : DEFAULT_START;
  if (!Number.isFinite(start)) return fail(`--start must be an ISO date, got ${opts.start}`);
  const postUrl = typeof opts.post === 'string' ? loopbackUrl(opts.post) : undefined;
  const outPath = typeof opts.out === 'string' ? opts.out : postUrl ? undefined : '-';
  const truthPath = typeof opts.truth === 'string' ? opts.truth : undefined;

  const out = outPath === undefined ? undefined : outPath === '-' ? process.stdout : createWriteStream(outPath);
  out?.on('error', (/** @type {Error} */ error) => {
    process.stderr.write(`simulate: cannot write ${outPath}: ${error.message}\n`);
    process.exit(1);
  });
  /** @type {Record<string, string>} */
  const truth = {};
  /** @type {Record<string, number>} */
  const perPersona = {};
  let flagged = 0;
  let humansFlagged = 0;
  let posted = 0;
  /** @type {string[]} */
  const postErrors = [];
  /** @type {Set<Promise<void>>} */
  const inFlight = new Set();
  const every = Math.max(1, Math.floor(visitors / 10));
  const began = Date.now();

  /** @param {object} batch */
  const post = (batch) => {
    const sending = fetch(/** @type {URL} */ (postUrl), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch),
    }).then(
      async (res) => {
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) posted++;
        else postErrors.push(`HTTP ${res.status}`);
      },
      (/** @type {Error} */ error) => {
        postErrors.push(error.cause instanceof Error ? error.cause.message : error.message);
      },
    );
    const tracked = sending.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    return tracked;
  };

  for (let index = 0; index < visitors; index++) {
    const visitor = populationVisitor({ index, seed, start });
    const batch = toBatch(visitor, { seed, index });
    truth[visitor.anonymousId] = visitor.persona;
    perPersona[visitor.persona] = (perPersona[visitor.persona] ?? 0) + 1;
    if (batch.bot) flagged++;
    if (batch.bot && visitor.persona !== 'bot') humansFlagged++;
    if (out && !out.write(`${JSON.stringify(batch)}\n`)) await once(out, 'drain');
    if (postUrl) {
      post(batch);
      if (inFlight.size >= POST_CONCURRENCY) await Promise.race(inFlight);
    }
    if ((index + 1) % every === 0 || index + 1 === visitors) {
      process.stderr.write(`simulate: ${index + 1}/${visitors} visitors (${((Date.now() - began) / 1000).toFixed(1)} s)\n`);
    }
  }
  await Promise.all(inFlight);
  if (out && out !== process.stdout) {
    out.end();
    await once(out, 'finish');
  }
  if (truthPath) await writeFile(truthPath, `${JSON.stringify(truth, null, 2)}\n`);

  const mix = Object.entries(perPersona).map(([p, n]) => `${p} ${n}`).join(', ');
  const where = [outPath && outPath !== '-' && `batches → ${outPath}`, truthPath && `truth → ${truthPath}`, postUrl && `posted ${posted}/${visitors} → ${postUrl.href}`]
    .filter(Boolean).join('; ');
  process.stderr.write(`simulate: done: ${mix}; ${flagged} flagged as bots${where ? `; ${where}` : ''}\n`);
  if (humansFlagged) process.stderr.write(`simulate: warning: ${humansFlagged} human visitors were flagged as bots\n`);
  if (postErrors.length) {
    process.stderr.write(`simulate: ${postErrors.length} posts failed (first: ${postErrors[0]})\n`);
    process.exitCode = 1;
  }
}

await main();
