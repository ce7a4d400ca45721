// The reference server's training loop: sync batches in, POST /seglet/train, the trained model served with a new
// ETag, stable ids, 409/422, the dashboard, and the retraining schedule.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer } from '../examples/server/index.mjs';
import { parseDuration } from '../examples/server/training.mjs';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const ENGINE_FILE = path.join(REPO_ROOT, 'dist/engine.mjs');
if (!existsSync(ENGINE_FILE)) throw new Error(`${ENGINE_FILE} is missing: run \`npm run build\` first`);

/** @type {{ parseModel: (value: unknown) => { model: unknown } | { error: string }, TRAIN_FEATURES: readonly string[] }} */
const engine = await import(pathToFileURL(ENGINE_FILE).href);
/** A first model's features: the engine's feature table marks them. */
const DEFAULT_TRAIN_FEATURES = engine.TRAIN_FEATURES;
// The simulator loads dist/engine.mjs too, so it is imported only once the build is known to exist.
const { populationVisitor, toBatch } = await import('../examples/simulate/population.mjs');

const SEED_MODEL = JSON.parse(await readFile(path.join(REPO_ROOT, 'examples/server/model.json'), 'utf8'));
const SEED = 'server-train';

/** @typedef {Record<string, any>} Batch */

/** Simulated sync batches (an even mix of personas, bots included), the same on every run. */
const POPULATION = /** @type {Batch[]} */ (Array.from({ length: 300 }, (_, index) => toBatch(populationVisitor({ index, seed: SEED }), { seed: SEED, index })));
const HUMANS = POPULATION.filter((b) => !b.bot);
const BOTS = POPULATION.filter((b) => b.bot);

/** @type {string[]} */
const dataDirs = [];
async function tempDataDir() {
  const dir = await mkdtemp(path.join(tmpdir(), 'seglet-server-train-'));
  dataDirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** @param {{ url: string }} server */
function client(server) {
  /** @param {string} pathname @param {RequestInit} [init] */
  const request = (pathname, init) => fetch(new URL(pathname, server.url), init);
  return {
    request,
    /** @param {Batch} payload */
    async sync(payload) {
      const res = await request('/seglet/sync', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) });
      expect(res.status, await res.clone().text()).toBe(200);
      await res.arrayBuffer();
    },
    /** @param {Batch[]} payloads */
    async syncAll(payloads) {
      for (let i = 0; i < payloads.length; i += 20) await Promise.all(payloads.slice(i, i + 20).map((p) => this.sync(p)));
    },
    async train() {
      const res = await request('/seglet/train', { method: 'POST' });
      return { status: res.status, body: await res.json() };
    },
    async model() {
      const res = await request('/seglet/model.json');
      expect(res.status).toBe(200);
      return { etag: /** @type {string} */ (res.headers.get('etag')), model: await res.json() };
    },
    async dashboard() {
      const res = await request('/seglet/dashboard.json');
      expect(res.status).toBe(200);
      return res.json();
    },
  };
}

/**
 * A batch of `base`'s visitor, sent `shiftMs` later (earlier when negative), with other fields.
 * @param {Batch} base @param {number} shiftMs @param {Batch} [changes]
 */
const later = (base, shiftMs, changes = {}) => ({
  ...base, batchId: randomUUID(), sentAt: new Date(Date.parse(base.sentAt) + shiftMs).toISOString(), ...changes,
});

/** @param {string} anonymousId @param {Batch} [changes] */
const freshBatch = (anonymousId, changes = {}) => ({
  v: 1, batchId: randomUUID(), sentAt: new Date().toISOString(), anonymousId, userId: null, modelVersion: null, bot: false,
  segments: [], changes: [], ...changes,
});

/**
 * Waits until `check` returns a truthy value.
 * @template T
 * @param {() => Promise<T>} check
 * @param {number} [timeoutMs]
 * @returns {Promise<T>}
 */
async function waitFor(check, timeoutMs = 8000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('training on demand', () => {
  /** @type {Awaited<ReturnType<typeof startServer>>} */
  let server;
  /** @type {ReturnType<typeof client>} */
  let api;
  /** @type {string} */
  let dataDir;
  /** @type {string} */
  let seedEtag;
  /** @type {{ status: number, body: Record<string, any> }} */
  let first;
  /** @type {{ etag: string, model: Record<string, any> }} */
  let firstModel;

  // Crafted on top of the population; each one must be left out of training, or replace what it should.
  const [h0, h1, h2, h3] = HUMANS;
  const extras = {
    /** h0's older vector, arriving late with absurd revenue: the newer one stays. */
    lateOld: later(h0, -86_400_000, { features: { ...h0.features, revenue_30d: 1e9 } }),
    /** h1's newer vector replaces the old one. */
    newer: later(h1, 3_600_000, { features: { ...h1.features, dwell_avg_s: h1.features.dwell_avg_s + 1 } }),
    /** h2 is a bot now: the visitor is left out. */
    botNow: later(h2, 3_600_000, { bot: true, features: { ...h2.features, page_velocity: 1e6 } }),
    /** A bot from the start, with absurd velocity. */
    bot: freshBatch(randomUUID(), { bot: true, features: { ...h0.features, page_velocity: 1e6 } }),
    /** A vector missing a feature: a bad line. */
    bad: freshBatch(randomUUID(), { features: Object.fromEntries(Object.entries(h0.features).filter(([k]) => k !== 'recency_days')) }),
    /** Segment changes only: neither a vector nor a bad line. */
    segmentsOnly: later(h0, 60_000, { features: undefined, segments: [{ id: 'shopper', source: 'rule', since: 1, expiresAt: 2 }] }),
    /** h3 asks to be forgotten. */
    forget: { v: 1, op: 'forget', anonymousId: h3.anonymousId, userId: null },
  };

  beforeAll(async () => {
    dataDir = await tempDataDir();
    server = await startServer({ port: 0, dataDir, quiet: true });
    api = client(server);
  }, 30_000);

  afterAll(async () => {
    await server?.close();
  });

  test('serves the seed model before any training', async () => {
    const { etag, model } = await api.model();
    expect(model).toEqual(SEED_MODEL);
    seedEtag = etag;
  });

  test('too few vectors: 422 with the reason, and the seed model stays', async () => {
    await api.syncAll(HUMANS.slice(0, 5));
    const { status, body } = await api.train();
    expect(status).toBe(422);
    expect(body.error).toMatch(/too few vectors to train: 5 visitors .*need at least \d+/);
    expect(body.vectors.used).toBe(5);
    expect((await api.model()).etag).toBe(seedEtag);
  });

  test('trains on the latest vector of each person: 200 with a report', async () => {
    await api.syncAll(POPULATION);
    for (const extra of Object.values(extras)) await api.sync(extra);
    first = await api.train();
    expect(first.status).toBe(200);
    const report = first.body;
    expect(report).toMatchObject({ ok: true, trigger: 'manual', features: [...DEFAULT_TRAIN_FEATURES], drift: null, warnings: expect.any(Array) });
    expect(report.k).toBeGreaterThanOrEqual(2);
    expect(report.curve.length).toBeGreaterThan(1);
    for (const point of report.curve) expect(point).toEqual({ k: expect.any(Number), inertia: expect.any(Number), silhouette: expect.any(Number) });
    expect(report.silhouette).toBe(report.curve.find((/** @type {any} */ p) => p.k === report.k).silhouette);
    // h2 turned bot and h3 was forgotten; the late old vector, the bot and the bad line are not used.
    expect(report.vectors).toMatchObject({
      used: HUMANS.length - 2, bots: BOTS.length + 2, superseded: 3, badLines: 1,
      vectorBatches: POPULATION.length + 5 - 1, // the forget deleted h3's batch from the file
    });
    expect(report.vectors.bad[0].reason).toMatch(/missing feature "recency_days"/);
    expect(report.centroids).toHaveLength(report.k);
    expect(report.centroids.reduce((/** @type {number} */ s, /** @type {any} */ c) => s + c.size, 0)).toBe(report.vectors.used);
    expect(report.ids).toEqual({ kept: [], new: report.centroids.map((/** @type {any} */ c) => c.id), retired: [] });
  });

  test('GET /seglet/model.json serves the trained model: valid, a new ETag, the seed rules, collectFeatures', async () => {
    firstModel = await api.model();
    const { etag, model } = firstModel;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(etag).not.toBe(seedEtag);
    const parsed = engine.parseModel(model);
    expect('error' in parsed ? parsed.error : null).toBeNull();
    expect(model.version).toBe(first.body.version);
    expect(model.rules).toEqual(SEED_MODEL.rules);
    expect(model.collectFeatures).toBe(true);
    expect(model.centroids.map((/** @type {any} */ c) => c.id)).toEqual(first.body.ids.new);
    // The absurd values of the ignored vectors would be the maximum of their feature.
    expect(model.reference.quantiles.revenue_30d.at(-1)).toBeLessThan(1e6);
    expect(model.reference.quantiles.page_velocity.at(-1)).toBeLessThan(1e5);
    expect(model.reference.count).toBe(HUMANS.length - 2);

    const again = await api.request('/seglet/model.json', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(JSON.parse(await readFile(path.join(dataDir, 'model.json'), 'utf8'))).toEqual(model);
  });

  test('a second training keeps the ids, reports drift, and publishes a new ETag', async () => {
    const second = await api.train();
    expect(second.status).toBe(200);
    const ids = first.body.ids.new;
    expect(second.body.ids).toEqual({ kept: expect.arrayContaining(ids), new: [], retired: [] });
    expect(second.body.ids.kept).toHaveLength(ids.length);
    expect(second.body.drift).toHaveLength(DEFAULT_TRAIN_FEATURES.length);
    for (const d of second.body.drift) expect(d).toEqual({ feature: expect.any(String), ks: expect.any(Number), p: expect.any(Number), drifted: d.p < 0.01 });
    const { etag, model } = await api.model();
    expect(etag).not.toBe(firstModel.etag);
    expect(model.centroids.map((/** @type {any} */ c) => c.id).sort()).toEqual([...ids].sort());
    expect(model.rules).toEqual(SEED_MODEL.rules);
    expect(model.drift).toBeDefined();
  });

  test('a training run in progress answers a second request with 409', async () => {
    const results = await Promise.all([api.train(), api.train()]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)?.body.error).toMatch(/in progress/);
  });

  test('refuses a cross-origin training request and other methods', async () => {
    const cross = await api.request('/seglet/train', { method: 'POST', headers: { Origin: 'https://evil.example' } });
    expect(cross.status).toBe(403);
    const get = await api.request('/seglet/train');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  test('serves the dashboard page, its script and style sheet, with a strict CSP', async () => {
    const page = await api.request('/seglet/dashboard');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'/);
    const html = await page.text();
    expect(html).toContain('Retrain now');
    expect(html).toContain('src="/seglet/dashboard.js"');
    expect(html).not.toMatch(/<script>|https?:\/\//);
    const script = await api.request('/seglet/dashboard.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain("'/seglet/train'");
    expect((await api.request('/seglet/dashboard.css')).headers.get('content-type')).toMatch(/^text\/css/);
  });

  test('dashboard.json: model, clusters, members per segment from each visitor\'s latest batch, drift, curve', async () => {
    const { model } = await api.model();
    const cluster = model.centroids[0].id;
    const members = HUMANS.slice(10, 20);
    for (const h of members) {
      await api.sync(later(h, 120_000, { features: undefined, segments: [{ id: cluster, source: 'cluster', since: 1, expiresAt: null }, { id: 'shopper', source: 'rule', since: 1, expiresAt: 2 }] }));
    }
    // An older batch arriving late does not count.
    await api.sync(later(members[0], 60_000, { features: undefined, segments: [{ id: 'gear-researcher', source: 'rule', since: 1, expiresAt: 2 }] }));

    const data = await api.dashboard();
    expect(data.model).toMatchObject({ version: model.version, source: 'trained', trainedAt: model.version, vectorsUsed: HUMANS.length - 2, collectFeatures: true, rules: SEED_MODEL.rules.length });
    expect(data.clusters).toHaveLength(model.centroids.length);
    for (const [i, c] of data.clusters.entries()) {
      expect(c.id).toBe(model.centroids[i].id);
      expect(c.share).toBeGreaterThan(0);
      expect(c.features.map((/** @type {any} */ f) => f.name)).toEqual(model.features);
      c.features.forEach((/** @type {any} */ f, /** @type {number} */ j) => {
        expect(f.z).toBeCloseTo(model.centroids[i].center[j], 12);
        expect(f.raw).toBeCloseTo(f.z * model.scaler.std[j] + model.scaler.mean[j], 9);
      });
    }
    expect(data.clusters.reduce((/** @type {number} */ s, /** @type {any} */ c) => s + c.share, 0)).toBeCloseTo(1, 9);
    const shopper = data.members.segments.find((/** @type {any} */ s) => s.id === 'shopper');
    // h0's segments-only batch also lists shopper.
    expect(shopper).toEqual({ id: 'shopper', source: 'rule', visitors: 11 });
    expect(data.members.segments).toContainEqual({ id: cluster, source: 'cluster', visitors: 10 });
    expect(data.members.segments.some((/** @type {any} */ s) => s.id === 'gear-researcher')).toBe(false);
    expect(data.members.segments[0].source).toBe('cluster');
    expect(data.members.bots).toBe(BOTS.length + 2);
    expect(data.drift.threshold).toBe(0.01);
    expect(data.drift.features).toHaveLength(DEFAULT_TRAIN_FEATURES.length);
    for (const f of data.drift.features) expect(f.flagged).toBe(f.p < 0.01);
    expect(data.training).toMatchObject({ running: false, schedule: null, last: { version: model.version } });
    expect(data.training.last.curve.length).toBeGreaterThan(1);
  });

  test('a restarted server serves the trained model and remembers the last training', async () => {
    const { etag, model } = await api.model();
    const again = await startServer({ port: 0, dataDir, quiet: true });
    try {
      const other = client(again);
      expect((await other.model()).etag).toBe(etag);
      const data = await other.dashboard();
      expect(data.training.last.version).toBe(model.version);
      expect(data.clusters.every((/** @type {any} */ c) => c.share > 0)).toBe(true);
    } finally {
      await again.close();
    }
  });
});

describe('training options and failures', () => {
  test('trainK fixes the number of clusters', async () => {
    const dataDir = await tempDataDir();
    const server = await startServer({ port: 0, dataDir, quiet: true, trainK: 4 });
    try {
      const api = client(server);
      await api.syncAll(HUMANS.slice(0, 60));
      const { status, body } = await api.train();
      expect(status).toBe(200);
      expect(body.k).toBe(4);
      expect(body.curve).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  test('a training failure is a 500 with the reason; the server keeps serving the model in force', async () => {
    const dataDir = await tempDataDir();
    // `custom_x` is not a feature the SDK knows: the engine would reject the model, so it is never published.
    // The sync endpoint refuses such batches, so they are in sync.ndjson as if another pipeline had put them there.
    const vectors = HUMANS.slice(0, 40).map((h, i) => ({ ...h, features: { ...h.features, custom_x: i % 7 } }));
    await writeFile(path.join(dataDir, 'sync.ndjson'), vectors.map((v) => `${JSON.stringify(v)}\n`).join(''));
    const server = await startServer({ port: 0, dataDir, quiet: true, trainFeatures: ['custom_x', 'dwell_avg_s'] });
    const errors = [];
    const original = console.error;
    console.error = (/** @type {unknown[]} */ ...args) => void errors.push(args);
    try {
      const api = client(server);
      const refused = await api.request('/seglet/sync', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...vectors[0], batchId: randomUUID() }),
      });
      expect(refused.status).toBe(400);
      expect((await refused.json()).error).toMatch(/features: unknown key "custom_x"/);
      const { status, body } = await api.train();
      expect(status).toBe(500);
      expect(body.error).toMatch(/rejected by the SDK: model\.features\[0\]/);
      expect((await api.model()).model).toEqual(SEED_MODEL);
      expect(existsSync(path.join(dataDir, 'model.json'))).toBe(false);
      const data = await api.dashboard();
      expect(data.training.lastError).toMatchObject({ trigger: 'manual', status: 500, error: body.error });
      expect(data.model.source).toBe('seed');
      expect(data.clusters).toEqual([]);
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      console.error = original;
      await server.close();
    }
  });

  test('parseDuration reads the CLI and RETRAIN_EVERY durations', () => {
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('250')).toBe(250);
    expect(parseDuration('1.5d')).toBe(129_600_000);
    expect(parseDuration('off')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
    expect(() => parseDuration('ten minutes')).toThrow(/invalid duration/);
  });

  test('startServer refuses bad training options', async () => {
    await expect(startServer({ port: 0, dataDir: await tempDataDir(), quiet: true, trainK: 0 })).rejects.toThrow(/trainK/);
    await expect(startServer({ port: 0, dataDir: await tempDataDir(), quiet: true, retrainEvery: -5 })).rejects.toThrow(/retrainEvery/);
  });
});

describe('the retraining schedule', () => {
  test('skips while fewer than minNewVectors arrived, trains once enough did, then skips again', async () => {
    const dataDir = await tempDataDir();
    const server = await startServer({ port: 0, dataDir, quiet: true, retrainEvery: 100, minNewVectors: 50 });
    try {
      const api = client(server);
      const { etag: seedEtag } = await api.model();
      await api.syncAll(HUMANS.slice(0, 30));
      // A check may have run while the batches were arriving; wait for one that saw all 30.
      const skipped = await waitFor(async () => {
        const { training } = await api.dashboard();
        return training.schedule.lastCheck?.reason.startsWith('30 new') && training;
      });
      expect(skipped.schedule).toMatchObject({ every: 100, minNewVectors: 50 });
      expect(skipped.schedule.lastCheck).toEqual({ at: expect.any(String), ran: false, reason: '30 new vectors since the last run, fewer than 50' });
      expect(skipped.last).toBeNull();
      expect(existsSync(path.join(dataDir, 'model.json'))).toBe(false);
      expect((await api.model()).etag).toBe(seedEtag);

      await api.syncAll(HUMANS.slice(30, 90));
      const trained = await waitFor(async () => (await api.dashboard()).training.last);
      expect(trained).toMatchObject({ ok: true, trigger: 'schedule' });
      // No run yet, so all vectors are new; a check during the posting may have trained on part of the second
      // lot, but only once 50 were in.
      expect(trained.vectors.used).toBeGreaterThanOrEqual(50);
      const { etag, model } = await api.model();
      expect(etag).not.toBe(seedEtag);
      expect(model.collectFeatures).toBe(true);

      // Whatever arrived after that run is fewer than 50: the next checks skip.
      const quiet = await waitFor(async () => {
        const { training } = await api.dashboard();
        const check = training.schedule.lastCheck;
        return training.last?.version === model.version && !training.running && check?.ran === false && /new vectors? since/.test(check.reason)
          && Date.parse(check.at) > Date.parse(training.last.trainedAt) + training.last.durationMs && training;
      });
      expect(quiet.schedule.lastCheck.reason).toMatch(/^\d+ new vectors? since the last run, fewer than 50$/);
      expect(quiet.newVectors).toBeLessThan(50);
      // Counted from the start of the run, so a batch that arrived while it read the file may count twice, never not at all.
      expect(quiet.newVectors).toBeGreaterThanOrEqual(90 - trained.vectors.used);
    } finally {
      await server.close();
    }
  });
});
