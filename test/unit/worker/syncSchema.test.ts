// The sync schema (what the reference server validates with) against what the worker's sync really sends.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, test, vi } from 'vitest';
import { compileRule } from '../../../src/engine/compileRule';
import { createEngine } from '../../../src/engine/createEngine';
import { FEATURE_NAMES } from '../../../src/engine/featureNames';
import { parseModel, type Model } from '../../../src/engine/modelSchema';
import type { CompiledRule } from '../../../src/engine/rule';
import { parseSyncPayload, syncPayloadSchema } from '../../../src/engine/syncSchema';
import type { ForgetRequest, SyncBatch } from '../../../workers/createSync';
import { createSyncLink } from '../../../workers/createSyncLink';

const news = compileRule({ id: 'news', when: { count: 'click', where: { key: { prefix: 'headline' } }, within: '1m', gte: 3 }, ttl: '30s' });
const parsedModel = parseModel({
  version: '2026-11-22T10:00:00Z',
  features: ['page_views_session'],
  scaler: { mean: [0], std: [1] },
  centroids: [{ id: 'reader', label: 'Reader', center: [1] }],
  maxDistance: 100,
  rules: [],
  collectFeatures: true,
});
if (!('rule' in news) || !('model' in parsedModel)) throw new Error('fixture rule or model is invalid');
const rule: CompiledRule = news.rule;
const model: Model = parsedModel.model;

/** A visit through the real engine and the worker's sync link; returns every body it POSTed and mirrored. */
async function visit() {
  let clock = 1_000_000;
  const engine = createEngine({ now: () => clock, rules: [rule], model });
  const posted: unknown[] = [];
  const mirrored: (SyncBatch | ForgetRequest)[] = [];
  const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    posted.push(JSON.parse(String(init?.body)));
    return new Response(null, { status: 200 });
  });
  const link = createSyncLink({
    fetch: fetch as typeof globalThis.fetch,
    uuid: randomUUID,
    fail: (error) => {
      throw new Error(error.message);
    },
    persist: () => {},
    onOnline: () => {},
    mirror: (_url, batches) => mirrored.push(...batches),
    engine: () => engine,
    model: () => model,
    anonymousId: () => 'c0a8e4a2-5d1e-4a6b-9f3e-2b7d8c9e0f11',
    userId: () => createHash('sha256').update('user-9').digest('hex'),
  });
  link.start('https://example.test/seglet/sync', undefined);
  const record = (change: ReturnType<typeof engine.tick>) => change && link.record(change);
  record(engine.tick());
  record(engine.ingest([{ name: 'page_view', at: clock, props: { path: '/news' } }]));
  for (const key of ['headline-1', 'headline-2', 'headline-3']) {
    clock += 1_000;
    record(engine.ingest([{ name: 'click', at: clock, props: { key } }]));
  }
  link.flush();
  await vi.waitFor(() => expect(posted.length).toBeGreaterThan(0));
  clock += 5 * 60_000; // past the rule's window and ttl: the visitor leaves `news`
  record(engine.tick());
  link.flush();
  await vi.waitFor(() => expect(posted.length).toBeGreaterThan(1));
  return { posted, mirrored };
}

describe('sync schema', () => {
  test('accepts every batch the worker sends, and what the page sends for it on unload', async () => {
    const { posted, mirrored } = await visit();
    // The page fills in `sentAt` as it sends a mirrored batch (src/client/sendOnUnload.ts).
    const unloaded = mirrored.map((b) => ('op' in b ? b : { ...b, sentAt: new Date().toISOString() }));
    for (const payload of [...posted, ...unloaded]) expect(parseSyncPayload(payload)).toEqual({ ok: true, payload });

    // Not a vacuous pass: the batches carry every part of the format.
    const batches = posted as SyncBatch[];
    const changes = batches.flatMap((b) => b.changes);
    expect(changes).toContainEqual({ id: 'news', op: 'enter', at: expect.any(Number), source: 'rule' });
    expect(changes).toContainEqual({ id: 'news', op: 'exit', at: expect.any(Number), source: 'rule' });
    expect(changes).toContainEqual({ id: 'reader', op: 'enter', at: expect.any(Number), source: 'cluster' });
    expect(batches[0]!.segments.map((s) => s.source).sort()).toEqual(['cluster', 'rule']);
    expect(Object.keys(batches[0]!.features!).sort()).toEqual([...FEATURE_NAMES].sort());
    expect(batches[0]!.userId).toMatch(/^[0-9a-f]{64}$/);
    expect(batches[0]!.modelVersion).toBe(model.version);
  });

  test('accepts a forget request as the worker makes it', () => {
    const forget: ForgetRequest = { v: 1, op: 'forget', anonymousId: randomUUID(), userId: null };
    expect(parseSyncPayload(forget)).toEqual({ ok: true, payload: forget });
    const identified = { ...forget, userId: createHash('sha256').update('user-9').digest('hex') };
    expect(parseSyncPayload(identified).ok).toBe(true);
    expect(syncPayloadSchema.safeParse(identified).success).toBe(true);
  });

  test('refuses what the worker never sends, naming the field', () => {
    const batch: SyncBatch = {
      v: 1, batchId: randomUUID(), sentAt: new Date(0).toISOString(), anonymousId: randomUUID(), userId: null,
      modelVersion: null, bot: false, segments: [], changes: [{ id: 'news', op: 'enter', at: 1, source: 'rule' }],
    };
    expect(parseSyncPayload(batch).ok).toBe(true);
    const reasons = (value: unknown) => {
      const result = parseSyncPayload(value);
      return result.ok ? 'accepted' : result.reason;
    };
    expect(reasons([batch])).toBe('payload: expected object');
    expect(reasons({ ...batch, v: 2 })).toBe('payload.v: must be 1');
    expect(reasons({ ...batch, batchId: undefined })).toBe('payload.batchId: missing');
    expect(reasons({ ...batch, batchId: 'batch-1' })).toBe('payload.batchId: must be a UUID');
    expect(reasons({ ...batch, sentAt: '' })).toBe('payload.sentAt: must be an ISO-8601 time in UTC');
    expect(reasons({ ...batch, userId: 'ada@example.com' })).toBe('payload.userId: must be a SHA-256 hex digest or null');
    expect(reasons({ ...batch, url: 'https://shop.example/cart?email=ada' })).toBe('payload: unknown key "url"');
    expect(reasons({ ...batch, changes: [...batch.changes, { ...batch.changes[0], at: '1' }] })).toBe('payload.changes[1].at: expected number');
    expect(reasons({ ...batch, changes: [{ ...batch.changes[0], op: 'stay' }] })).toBe('payload.changes[0].op: expected one of "enter", "exit"');
    expect(reasons({ ...batch, segments: [{ id: 'news', source: 'rule', since: 1 }] })).toBe('payload.segments[0].expiresAt: missing');
    expect(reasons({ ...batch, features: { page_velocity: null } })).toBe('payload.features.page_velocity: expected number');
    expect(reasons({ ...batch, features: { typed_text: 1 } })).toBe('payload.features: unknown key "typed_text"');
    expect(reasons({ v: 1, op: 'delete', anonymousId: randomUUID(), userId: null })).toMatch(/^payload\.op: must be "forget"/);
    expect(reasons({ v: 1, op: 'forget', userId: null })).toBe('payload.anonymousId: missing');
  });
});

describe('dist/schema JSON Schemas of sync', () => {
  const ajv = addFormats(new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true }));
  const read = (name: string) => JSON.parse(readFileSync(new URL(`../../../dist/schema/${name}.json`, import.meta.url), 'utf8'));
  const validBatch = ajv.compile(read('sync-batch'));
  const validForget = ajv.compile(read('forget-request'));
  const valid = (payload: unknown) => ('op' in (payload as object) ? validForget : validBatch)(payload);

  test('accept every batch the worker sends, and what the page sends for it on unload', async () => {
    const { posted, mirrored } = await visit();
    const unloaded = mirrored.map((b) => ('op' in b ? b : { ...b, sentAt: new Date().toISOString() }));
    expect(posted.length).toBeGreaterThan(1);
    for (const payload of [...posted, ...unloaded]) {
      expect({ payload, errors: valid(payload) ? null : (validBatch.errors ?? validForget.errors) }).toEqual({ payload, errors: null });
    }
    // The features a model asks for, named as the engine names them.
    expect(Object.keys((posted[0] as SyncBatch).features!).length).toBe(FEATURE_NAMES.length);
  });

  test('accept a forget request, with and without a user id', () => {
    const forget: ForgetRequest = { v: 1, op: 'forget', anonymousId: randomUUID(), userId: null };
    expect(validForget(forget)).toBe(true);
    expect(validForget({ ...forget, userId: createHash('sha256').update('user-9').digest('hex') })).toBe(true);
  });

  test('refuse what the zod schemas refuse', () => {
    const batch: SyncBatch = {
      v: 1, batchId: randomUUID(), sentAt: new Date(0).toISOString(), anonymousId: randomUUID(), userId: null,
      modelVersion: null, bot: false, segments: [{ id: 'VIP-news', source: 'rule', since: 1, expiresAt: null }],
      changes: [{ id: 'VIP-news', op: 'enter', at: 1, source: 'rule' }],
    };
    const forget = { v: 1, op: 'forget', anonymousId: randomUUID(), userId: null };
    const cases = [
      batch,
      forget,
      [batch],
      { ...batch, v: 2 },
      { ...batch, batchId: undefined },
      { ...batch, batchId: 'batch-1' },
      { ...batch, sentAt: '' },
      { ...batch, sentAt: '2026-11-22 10:00' },
      { ...batch, userId: 'ada@example.com' },
      { ...batch, url: 'https://shop.example/cart?email=ada' },
      { ...batch, changes: [{ ...batch.changes[0], at: '1' }] },
      { ...batch, changes: [{ ...batch.changes[0], op: 'stay' }] },
      { ...batch, changes: [{ ...batch.changes[0], id: 'has space' }] },
      { ...batch, segments: [{ id: 'news', source: 'rule', since: 1 }] },
      { ...batch, features: { page_velocity: null } },
      { ...batch, features: { page_velocity: 1.5 } },
      { ...batch, features: { typed_text: 1 } },
      { ...forget, op: 'delete' },
      { v: 1, op: 'forget', userId: null },
    ];
    const zodVerdicts = cases.map((c) => parseSyncPayload(c).ok);
    expect(zodVerdicts.filter(Boolean)).toHaveLength(3);
    expect(cases.map((c) => (typeof c === 'object' && c !== null && !Array.isArray(c) ? valid(c) : validBatch(c)))).toEqual(zodVerdicts);
  });
});
