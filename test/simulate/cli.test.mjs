// @ts-check
// The CLI: ndjson sync batches with the engine's features, ground truth kept apart, posting to a local server.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer } from '../../examples/server/index.mjs';
import { FEATURE_NAMES } from '../../examples/simulate/engine.mjs';
import { PERSONA_IDS } from '../../examples/simulate/personas.mjs';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../examples/simulate', import.meta.url));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const BATCH_KEYS = ['v', 'batchId', 'sentAt', 'anonymousId', 'userId', 'modelVersion', 'bot', 'segments', 'changes', 'features'];

/** @type {string} */
let dir;

/** @param {string[]} args */
const cli = (args) => run(process.execPath, [CLI, ...args], { maxBuffer: 64 * 1024 * 1024 });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'seglet-simulate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('node examples/simulate', () => {
  test('writes one sync batch per visitor and the ground truth beside them', async () => {
    const out = path.join(dir, 'vectors.ndjson');
    const truthFile = path.join(dir, 'truth.json');
    const { stderr } = await cli(['--visitors', '36', '--seed', '5', '--out', out, '--truth', truthFile]);
    expect(stderr).toMatch(/36\/36 visitors/);
    expect(stderr).toMatch(/6 flagged as bots/);

    const text = await readFile(out, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const batches = text.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(batches).toHaveLength(36);
    const truth = JSON.parse(await readFile(truthFile, 'utf8'));
    expect(Object.keys(truth).sort()).toEqual(batches.map((b) => b.anonymousId).sort());
    for (const persona of PERSONA_IDS) expect(Object.values(truth).filter((p) => p === persona)).toHaveLength(6);

    for (const b of batches) {
      expect(Object.keys(b)).toEqual(BATCH_KEYS);
      expect(b).toMatchObject({ v: 1, userId: null, modelVersion: null, segments: [], changes: [] });
      expect(b.batchId).toMatch(UUID);
      expect(b.anonymousId).toMatch(UUID);
      expect(new Date(b.sentAt).toISOString()).toBe(b.sentAt);
      expect(Object.keys(b.features)).toEqual([...FEATURE_NAMES]);
      for (const name of FEATURE_NAMES) expect(Number.isFinite(b.features[name]), name).toBe(true);
      expect(b.bot).toBe(truth[b.anonymousId] === 'bot');
      // The persona never travels in a batch: its only strings are the ids and the time.
      /** @type {string[]} */
      const strings = [];
      JSON.parse(JSON.stringify(b), (_key, value) => (typeof value === 'string' && strings.push(value), value));
      expect(strings).toEqual([b.batchId, b.sentAt, b.anonymousId]);
    }
    expect(new Set(batches.map((b) => b.batchId)).size).toBe(36);
  });

  test('is deterministic for a seed; another seed gives other visitors', async () => {
    const [a, b, c] = await Promise.all([cli(['--visitors', '12', '--seed', '9']), cli(['--visitors', '12', '--seed', '9']), cli(['--visitors', '12', '--seed', '10'])]);
    expect(a.stdout.trimEnd().split('\n')).toHaveLength(12);
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).not.toBe(a.stdout);
  });

  test('posts each batch to a sync endpoint on this machine', async () => {
    const server = await startServer({ port: 0, dataDir: path.join(dir, 'server'), quiet: true });
    try {
      const out = path.join(dir, 'posted.ndjson');
      const { stderr } = await cli(['--visitors', '18', '--seed', '2', '--post', new URL('/seglet/sync', server.url).href, '--out', out]);
      expect(stderr).toMatch(/posted 18\/18/);
      const written = (await readFile(out, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line));
      expect(server.syncLog.map((b) => b.batchId).sort()).toEqual(written.map((b) => b.batchId).sort());
      expect(server.syncLog[0]).toHaveProperty('features.dwell_avg_s');
    } finally {
      await server.close();
    }
  });

  test('refuses a sync URL off this machine and bad arguments', async () => {
    await expect(cli(['--visitors', '2', '--post', 'https://example.com/seglet/sync'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/loopback/) });
    await expect(cli(['--visitors', 'many'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--visitors/) });
    await expect(cli(['--bogus'])).rejects.toMatchObject({ code: 2 });
    const { stdout } = await cli(['--help']);
    expect(stdout).toMatch(/usage: node examples\/simulate/);
  });
});
