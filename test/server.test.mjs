// The reference server (examples/server): static pages, traversal refusal, the model's ETag, the sync endpoint.
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer } from '../examples/server/index.mjs';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const MODEL_FILE = path.join(REPO_ROOT, 'examples/server/model.json');

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {string} */
let dataDir;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'seglet-server-test-'));
  server = await startServer({ port: 0, dataDir, quiet: true });
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** @param {string} pathname @param {RequestInit} [init] */
const request = (pathname, init) => fetch(new URL(pathname, server.url), init);

/**
 * Sends a path byte for byte: `fetch` normalizes `/../` and `%2e%2e` away before they reach the server.
 * @param {string} rawPath
 * @returns {Promise<{ status: number, body: string }>}
 */
function rawGet(rawPath) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: server.port, path: rawPath }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

/** @param {Record<string, unknown>} payload */
const postSync = (payload) =>
  request('/seglet/sync', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) });

/** @param {string} [batchId] */
const batch = (batchId = randomUUID()) => ({
  v: 1,
  batchId,
  sentAt: new Date().toISOString(),
  anonymousId: randomUUID(),
  userId: null,
  modelVersion: '2026-11-22T10:00:00Z',
  bot: false,
  segments: [{ id: 'shopper', source: 'rule', since: 1, expiresAt: 2 }],
  changes: [{ id: 'shopper', op: 'enter', at: 1, source: 'rule' }],
});

/** @returns {Promise<Record<string, unknown>[]>} */
async function storedLines() {
  const text = await readFile(path.join(dataDir, 'sync.ndjson'), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

describe('static pages', () => {
  test('serves the shop home page as HTML at /', async () => {
    const res = await request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    expect(html).toContain('<script async src="/seglet/seglet.js"');
    expect(html).toContain('id="seglet-segments"');
  });

  test('resolves a path without extension to the .html file', async () => {
    const res = await request('/product-tent');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('id="add-to-cart"');
  });

  test('serves CSS and JS with their content types', async () => {
    expect((await request('/shop.css')).headers.get('content-type')).toMatch(/^text\/css/);
    expect((await request('/shop.js')).headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  test('answers a missing page with 404', async () => {
    const res = await request('/no-such-page.html');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Page not found');
  });

  test('answers a wrong method with 405', async () => {
    const res = await request('/', { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  test.each([
    '/..%2f..%2fpackage.json',
    '/%2e%2e/%2e%2e/package.json',
    '/seglet/..%2f..%2fpackage.json',
    '/%2fetc%2fpasswd',
  ])('refuses path traversal through fetch: %s', async (pathname) => {
    const res = await request(pathname);
    expect([400, 404]).toContain(res.status);
    const body = await res.text();
    expect(body).not.toContain('"name": "seglet"');
    expect(body).not.toContain('root:');
  });

  test.each([
    ['/../package.json', 400],
    ['/%2e%2e/%2e%2e/etc/passwd', 400],
    ['/..%2f..%2fpackage.json', 400],
    ['//etc/passwd', 400],
    ['/index.html%00.css', 400],
    ['/%E0%A4%A', 400],
    ['/.git/config', 404],
  ])('refuses the raw path %s with %i', async (rawPath, status) => {
    const res = await rawGet(rawPath);
    expect(res.status).toBe(status);
    expect(res.body).not.toContain('"name": "seglet"');
    expect(res.body).not.toContain('root:');
  });
});

describe('model endpoint', () => {
  test('serves model.json with a strong ETag, no-cache, and 304 on a matching If-None-Match', async () => {
    const res = await request('/seglet/model.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    const model = await res.json();
    expect(model).toEqual(JSON.parse(await readFile(MODEL_FILE, 'utf8')));
    // The demo's banner swap depends on this rule.
    expect(model.rules.map((/** @type {{ id: string }} */ r) => r.id)).toContain('breaking-news-reader');

    const again = await request('/seglet/model.json', { headers: { 'If-None-Match': /** @type {string} */ (etag) } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');

    const stale = await request('/seglet/model.json', { headers: { 'If-None-Match': '"something-else"' } });
    expect(stale.status).toBe(200);
  });
});

describe('sync endpoint', () => {
  test('accepts a valid batch, lists it in the log and appends it to sync.ndjson', async () => {
    const payload = batch();
    const res = await postSync(payload);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });

    const log = await (await request('/seglet/sync/log')).json();
    expect(log).toContainEqual(payload);
    expect(server.syncLog).toContainEqual(payload);
    expect(await storedLines()).toContainEqual(payload);
  });

  test('stores a repeated batchId once', async () => {
    const payload = batch();
    expect(await (await postSync(payload)).json()).toEqual({ ok: true });
    const repeat = await postSync({ ...payload, sentAt: new Date(0).toISOString() });
    expect(repeat.status).toBe(200);
    expect(await repeat.json()).toEqual({ ok: true, duplicate: true });

    const log = await (await request('/seglet/sync/log')).json();
    const mine = (/** @type {{ batchId?: unknown }[]} */ list) => list.filter((p) => p.batchId === payload.batchId);
    expect(mine(log)).toEqual([payload]);
    expect(mine(await storedLines())).toEqual([payload]);
  });

  test('logs a forget op, which needs no batchId', async () => {
    const forget = { v: 1, op: 'forget', anonymousId: randomUUID(), userId: null };
    const res = await postSync(forget);
    expect(res.status).toBe(200);
    expect(await (await request('/seglet/sync/log')).json()).toContainEqual(forget);
    expect(await storedLines()).toContainEqual(forget);
  });

  test.each([
    ['invalid JSON', '{"v":1,', /JSON/],
    ['a JSON array', '[1,2]', /object/],
    ['a missing batchId', JSON.stringify({ v: 1, segments: [] }), /batchId/],
    ['an unknown op', JSON.stringify({ v: 1, op: 'drop-tables' }), /op/],
  ])('refuses %s with 400 and a reason', async (_name, body, reason) => {
    const before = (await storedLines()).length;
    const res = await request('/seglet/sync', { method: 'POST', body });
    expect(res.status).toBe(400);
    const answer = await res.json();
    expect(answer.error).toMatch(reason);
    expect((await storedLines()).length).toBe(before);
  });

  test('refuses a body over 64 KiB with 413', async () => {
    const payload = { ...batch(), padding: 'x'.repeat(64 * 1024) };
    const res = await postSync(payload);
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/larger/);
    expect((await storedLines()).some((p) => p.batchId === payload.batchId)).toBe(false);
  });

  test('accepts a body just under 64 KiB', async () => {
    const payload = batch();
    const size = Buffer.byteLength(JSON.stringify({ ...payload, padding: '' }));
    const res = await postSync({ ...payload, padding: 'x'.repeat(64 * 1024 - size) });
    expect(res.status).toBe(200);
  });

  test('answers GET /seglet/sync with 405', async () => {
    const res = await request('/seglet/sync');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  test('DELETE /seglet/sync/log empties the log but keeps the file and the seen batch ids', async () => {
    const payload = batch();
    await postSync(payload);
    const linesBefore = (await storedLines()).length;
    expect((await request('/seglet/sync/log', { method: 'DELETE' })).status).toBe(200);
    expect(await (await request('/seglet/sync/log')).json()).toEqual([]);
    expect(server.syncLog).toEqual([]);
    expect((await storedLines()).length).toBe(linesBefore);
    expect(await (await postSync(payload)).json()).toEqual({ ok: true, duplicate: true });
  });

  test('remembers stored batch ids across a restart on the same dataDir', async () => {
    const payload = batch();
    await postSync(payload);
    const second = await startServer({ port: 0, dataDir, quiet: true });
    try {
      expect(second.syncLog).toEqual([]);
      const res = await fetch(new URL('/seglet/sync', second.url), { method: 'POST', body: JSON.stringify(payload) });
      expect(await res.json()).toEqual({ ok: true, duplicate: true });
    } finally {
      await second.close();
    }
  });
});

describe('with another root: dist/, model edits and mounts', () => {
  /** @type {string} */
  let root;
  /** @type {Awaited<ReturnType<typeof startServer>>} */
  let other;
  /** @param {string} pathname @param {RequestInit} [init] */
  const get = (pathname, init) => fetch(new URL(pathname, other.url), init);

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'seglet-server-root-'));
    await mkdir(path.join(root, 'dist'));
    await mkdir(path.join(root, 'examples/server'), { recursive: true });
    await mkdir(path.join(root, 'fixtures'));
    await writeFile(path.join(root, 'dist/seglet.js'), 'window.seglet = [];\n');
    await writeFile(path.join(root, 'examples/server/model.json'), '{"version":"a","rules":[]}\n');
    await writeFile(path.join(root, 'fixtures/page.html'), '<!doctype html><title>fixture</title>\n');
    other = await startServer({ port: 0, root, quiet: true, mounts: { '/t/': path.join(root, 'fixtures') } });
  });

  afterAll(async () => {
    await other?.close();
    await rm(root, { recursive: true, force: true });
  });

  test('creates the default dataDir under the root', async () => {
    const res = await get('/seglet/sync', { method: 'POST', body: JSON.stringify(batch()) });
    expect(res.status).toBe(200);
    expect(await readFile(path.join(root, 'examples/server/data/sync.ndjson'), 'utf8')).toContain('"shopper"');
  });

  test('serves /seglet/<file> from dist/ as JavaScript', async () => {
    const res = await get('/seglet/seglet.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await res.text()).toBe('window.seglet = [];\n');
    expect((await get('/seglet/missing.js')).status).toBe(404);
  });

  test('changes the ETag when model.json is edited', async () => {
    const first = (await get('/seglet/model.json')).headers.get('etag');
    await writeFile(path.join(root, 'examples/server/model.json'), '{"version":"b","rules":[]}\n');
    const res = await get('/seglet/model.json', { headers: { 'If-None-Match': /** @type {string} */ (first) } });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).not.toBe(first);
    expect((await res.json()).version).toBe('b');
  });

  test('serves extra mounts, with the .html fallback', async () => {
    const res = await get('/t/page');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>fixture</title>');
  });

  test('answers /seglet/<file> with a build hint when dist/ is missing', async () => {
    await rm(path.join(root, 'dist'), { recursive: true });
    const res = await get('/seglet/seglet.js');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('npm run build');
  });
});
