import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FIVE_FEATURES, FOUR_CENTERS, FOUR_SIGMA, makeBlobs } from './blobs.mjs';

const bin = fileURLToPath(new URL('../../bin/seglet.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'seglet-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI; resolves with its exit code and output, whatever the code. */
function seglet(...args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }));
  });
}

/** Writes lines to a new file in the temp directory and returns its path. */
function file(name, lines) {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const asObject = (row) => Object.fromEntries(FIVE_FEATURES.map((name, j) => [name, row[j]]));
// Every third vector arrives as a sync batch, the rest as plain objects.
const lines = makeBlobs(FOUR_CENTERS, 60, FOUR_SIGMA).map((row, i) =>
  JSON.stringify(i % 3 === 0 ? { v: 1, batchId: `b${i}`, bot: false, features: asObject(row) } : asObject(row)),
);
const vectors = file('vectors.ndjson', [...lines.slice(0, 10), 'oops', '', '{"page_velocity": 1}', ...lines.slice(10)]);

describe('seglet train (CLI)', () => {
  it('trains end to end: model on stdout only, report on stderr', async () => {
    const { code, stdout, stderr } = await seglet('train', vectors);
    expect(code).toBe(0);
    const model = JSON.parse(stdout);
    expect(Object.keys(model)).toEqual(['version', 'features', 'scaler', 'centroids', 'maxDistance', 'reference', 'rules', 'weights', 'collectFeatures']);
    expect(model.features).toEqual(FIVE_FEATURES);
    expect(model.centroids).toHaveLength(4);
    expect(Date.parse(model.version)).not.toBeNaN();
    expect(stderr).toContain('read 243 lines: 240 vectors, 2 bad lines');
    expect(stderr).toContain('line 11: not valid JSON');
    expect(stderr).toContain('line 13: missing feature "dwell_avg_s"');
    expect(stderr).toMatch(/k\s+inertia\s+silhouette/);
    expect(stderr).toMatch(/\n\s*4\s+[\d.]+\s+[\d.]+\s+← chosen/);
  });

  it('writes --out, retrains with --previous: same ids, carried rules, drift', async () => {
    const first = join(dir, 'first.json');
    expect((await seglet('train', vectors, '--out', first, '--k', '4')).code).toBe(0);
    const previous = { ...JSON.parse(readFileSync(first, 'utf8')), rules: [{ id: 'vip' }], collectFeatures: false };
    writeFileSync(first, JSON.stringify(previous));
    const moved = file('moved.ndjson', makeBlobs(FOUR_CENTERS, 60, FOUR_SIGMA, 9).map((row) => JSON.stringify(asObject(row.map((v, j) => (j === 4 ? v + 1 : v))))));
    const second = join(dir, 'second.json');
    const { code, stdout, stderr } = await seglet('train', moved, '--previous', first, '--out', second, '--seed', '4');
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const model = JSON.parse(readFileSync(second, 'utf8'));
    expect(model.centroids.map((c) => c.id).sort()).toEqual(previous.centroids.map((c) => c.id).sort());
    expect(model).toMatchObject({ rules: [{ id: 'vip' }], collectFeatures: false, weights: {} });
    expect(Object.keys(model.drift)).toEqual(FIVE_FEATURES);
    expect(model.drift.sessions_30d.p).toBeLessThan(0.01);
    expect(stderr).toMatch(/sessions_30d\s+[\d.]+\s+<?[\d.]+\s+drift/);
    expect(stderr).toContain(`wrote ${second}`);
  });

  it('is deterministic with --seed: identical model except version', async () => {
    const [a, b] = await Promise.all([seglet('train', vectors, '--seed', '12'), seglet('train', vectors, '--seed', '12')]);
    expect({ ...JSON.parse(a.stdout), version: '' }).toEqual({ ...JSON.parse(b.stdout), version: '' });
  });

  it('fails with exit 1 on too many bad lines or too few vectors', async () => {
    const bad = file('bad.ndjson', [...lines.slice(0, 20), ...Array.from({ length: 3 }, () => 'garbage')]);
    const tooBad = await seglet('train', bad);
    expect(tooBad.code).toBe(1);
    expect(tooBad.stderr).toContain('3 of 23 lines are bad');
    expect(tooBad.stdout).toBe('');
    const few = await seglet('train', file('few.ndjson', lines.slice(0, 5)), '--k', '3');
    expect(few.code).toBe(1);
    expect(few.stderr).toContain('need at least 6 valid vectors for k = 3, found 5');
    expect((await seglet('train', join(dir, 'missing.ndjson'))).code).toBe(1);
  });

  it('prints usage and exits 2 on command-line mistakes', async () => {
    const help = await seglet('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: seglet <command>');
    const trainHelp = await seglet('train', '--help');
    expect(trainHelp.code).toBe(0);
    expect(trainHelp.stdout).toContain('--previous FILE');
    for (const args of [[], ['fit'], ['train'], ['train', vectors, '--k', 'many'], ['train', vectors, '--bogus'], ['train', vectors, '--features', 'a,,b']]) {
      const result = await seglet(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('Usage: seglet');
    }
  });
});
