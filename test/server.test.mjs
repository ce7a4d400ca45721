// The reference server (examples/server): static pages, traversal refusal, the model's ETag, the sync endpoint.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startServer } from '../examples/server/index.mjs';
import { createSyncStore } from '../examples/server/syncStore.mjs';

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

const JSON_TYPE = { 'Content-Type': 'application/json' };

/** @param {Record<string, unknown>} payload @param {string} [cookie] the viewer cookie, as a browser sends it */
const postSync = (payload, cookie) =>
  request('/seglet/sync', { method: 'POST', headers: { ...JSON_TYPE, ...(cookie && { Cookie: cookie }) }, body: JSON.stringify(payload) });

/** A new browser's viewer cookie (`name=value`), from the shop page that gave it. */
async function newViewer() {
  const res = await request('/');
  await res.arrayBuffer();
  return /** @type {string} */ (res.headers.get('set-cookie')).split(';')[0];
}

/** @param {string} [cookie] @returns {Promise<Record<string, unknown>[]>} */
const viewerLog = async (cookie) => (await request('/seglet/sync/log', { headers: cookie ? { Cookie: cookie } : {} })).json();

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

describe('viewer cookie and the per-browser sync log', () => {
  test("a shop page gives a browser without one a random HttpOnly, SameSite=Lax cookie; /seglet/ and the SPA's give none", async () => {
    const res = await request('/');
    const cookie = /** @type {string} */ (res.headers.get('set-cookie'));
    expect(cookie).toMatch(/^seglet_demo_viewer=[A-Za-z0-9_-]{22}; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(await newViewer()).not.toBe(cookie.split(';')[0]);
    const again = await request('/cart', { headers: { Cookie: `other=1; ${cookie.split(';')[0]}` } });
    expect(again.headers.get('set-cookie')).toBeNull();
    // A value that is not one of ours is replaced.
    const forged = await request('/cart', { headers: { Cookie: 'seglet_demo_viewer=../../x' } });
    expect(forged.headers.get('set-cookie')).toMatch(/^seglet_demo_viewer=[A-Za-z0-9_-]{22};/);
    expect((await request('/seglet/model.json')).headers.get('set-cookie')).toBeNull();
    expect((await request('/seglet/sync/log')).headers.get('set-cookie')).toBeNull();
    expect((await request('/spa/')).headers.get('set-cookie')).toBeNull();
    // Only for a navigation: not for the favicon a test page asks the shop for.
    expect((await request('/favicon.ico', { headers: { 'Sec-Fetch-Dest': 'image' } })).headers.get('set-cookie')).toBeNull();
    expect((await request('/', { headers: { 'Sec-Fetch-Dest': 'document' } })).headers.get('set-cookie')).toMatch(/^seglet_demo_viewer=/);
  });

  test('GET /seglet/sync/log lists only the batches and forgets sent with the requester\'s cookie', async () => {
    const [ada, bob] = [await newViewer(), await newViewer()];
    const [fromAda, fromBob, anonymous] = [batch(), batch(), batch()];
    await postSync(fromAda, ada);
    await postSync(fromBob, bob);
    await postSync(anonymous);
    const forget = { v: 1, op: 'forget', anonymousId: fromAda.anonymousId, userId: null };
    await postSync(forget, ada);
    expect(await viewerLog(ada)).toEqual([forget]); // the forget deleted Ada's batch, and says so
    expect(await viewerLog(bob)).toEqual([fromBob]);
    expect(await viewerLog()).toEqual([]);
    expect(await viewerLog('seglet_demo_viewer=AAAAAAAAAAAAAAAAAAAAAA')).toEqual([]);
    // The whole log stays with the running server, for tests.
    expect(server.syncLog).toEqual(expect.arrayContaining([fromBob, anonymous, forget]));
    // The cookie is not written to the file.
    expect(JSON.stringify(await storedLines())).not.toContain(ada.split('=')[1]);
  });
});

describe('sync endpoint', () => {
  test('accepts a valid batch, lists it in the log and appends it to sync.ndjson', async () => {
    const payload = batch();
    const res = await postSync(payload);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });

    expect(server.syncLog).toContainEqual(payload);
    expect(await storedLines()).toContainEqual(payload);
  });

  test('stores a repeated batchId once', async () => {
    const payload = batch();
    expect(await (await postSync(payload)).json()).toEqual({ ok: true });
    const repeat = await postSync({ ...payload, sentAt: new Date(0).toISOString() });
    expect(repeat.status).toBe(200);
    expect(await repeat.json()).toEqual({ ok: true, duplicate: true });

    const mine = (/** @type {{ batchId?: unknown }[]} */ list) => list.filter((p) => p.batchId === payload.batchId);
    expect(mine(server.syncLog)).toEqual([payload]);
    expect(mine(await storedLines())).toEqual([payload]);
  });

  const good = batch();
  const change = good.changes[0];
  test.each([
    ['invalid JSON', '{"v":1,', /^invalid JSON/],
    ['a JSON array', '[1,2]', /^payload: expected object$/],
    ['a JSON string', '"hello"', /^payload: expected object$/],
    ['JSON null', 'null', /^payload: expected object$/],
    ['another version', { ...good, v: 2 }, /^payload\.v: must be 1$/],
    ['a missing version', { ...good, v: undefined }, /^payload\.v: missing$/],
    ['an unknown op', { v: 1, op: 'drop-tables', anonymousId: good.anonymousId, userId: null }, /^payload\.op: must be "forget"/],
    ['a missing batchId', { ...good, batchId: undefined }, /^payload\.batchId: missing$/],
    ['a batchId that is not a UUID', { ...good, batchId: 'x'.repeat(300) }, /^payload\.batchId: must be a UUID$/],
    ['a numeric batchId', { ...good, batchId: 42 }, /^payload\.batchId: must be a UUID$/],
    ['a missing anonymousId', { ...good, anonymousId: undefined }, /^payload\.anonymousId: missing$/],
    ['an anonymousId that is not a UUID', { ...good, anonymousId: 'visitor-1' }, /^payload\.anonymousId: must be a UUID$/],
    ['a raw userId', { ...good, userId: 'ada@example.com' }, /^payload\.userId: must be a SHA-256 hex digest or null$/],
    ['a sentAt that is not a time', { ...good, sentAt: 'yesterday' }, /^payload\.sentAt: must be an ISO-8601 time/],
    ['a bot flag that is not a boolean', { ...good, bot: 'no' }, /^payload\.bot: expected boolean$/],
    ['changes that are not a list', { ...good, changes: 'shopper' }, /^payload\.changes: expected array$/],
    ['a change with a string time', { ...good, changes: [change, change, { ...change, at: 'soon' }] }, /^payload\.changes\[2\]\.at: expected number$/],
    ['a change with an unknown op', { ...good, changes: [{ ...change, op: 'stay' }] }, /^payload\.changes\[0\]\.op: expected one of "enter", "exit"$/],
    ['a change without an id', { ...good, changes: [{ ...change, id: undefined }] }, /^payload\.changes\[0\]\.id: missing$/],
    ['a change with an extra key', { ...good, changes: [{ ...change, url: 'https://shop.example/?email=ada' }] }, /^payload\.changes\[0\]: unknown key "url"$/],
    ['a segment with an unknown source', { ...good, segments: [{ ...good.segments[0], source: 'crm' }] }, /^payload\.segments\[0\]\.source: expected one of "rule", "cluster"$/],
    ['a feature seglet does not compute', { ...good, features: { typed_text: 3 } }, /^payload\.features: unknown key "typed_text"$/],
    ['a feature that is not a number', { ...good, features: { page_velocity: '1.2' } }, /^payload\.features\.page_velocity: expected number$/],
    ['a key the SDK never sends', { ...good, events: [] }, /^payload: unknown key "events"$/],
    ['a forget without anonymousId', { v: 1, op: 'forget', userId: null }, /^payload\.anonymousId: missing$/],
  ])('refuses %s with 400 and a reason naming the field; nothing is stored', async (_name, body, reason) => {
    const before = (await storedLines()).length;
    const logged = server.syncLog.length;
    const res = await request('/seglet/sync', { method: 'POST', headers: JSON_TYPE, body: typeof body === 'string' ? body : JSON.stringify(body) });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await res.json()).error).toMatch(reason);
    expect((await storedLines()).length).toBe(before);
    expect(server.syncLog.length).toBe(logged);
  });

  test.each([
    ['no content type', undefined],
    ['text/plain', 'text/plain;charset=UTF-8'],
    ['a form', 'application/x-www-form-urlencoded'],
  ])('refuses a valid batch sent as %s with 415; nothing is stored', async (_name, type) => {
    const payload = batch();
    const body = new TextEncoder().encode(JSON.stringify(payload)); // bytes: fetch adds no type of its own
    const res = await request('/seglet/sync', { method: 'POST', headers: type ? { 'Content-Type': type } : {}, body });
    expect(res.status).toBe(415);
    expect((await res.json()).error).toMatch(/content-type must be application\/json/);
    expect((await storedLines()).some((p) => p.batchId === payload.batchId)).toBe(false);
  });

  test('accepts the JSON content type with parameters, in any case', async () => {
    const res = await request('/seglet/sync', { method: 'POST', headers: { 'Content-Type': 'Application/JSON; charset=utf-8' }, body: JSON.stringify(batch()) });
    expect(res.status).toBe(200);
  });

  test('refuses a body over 64 KiB with 413; nothing is stored', async () => {
    const payload = { ...batch(), modelVersion: 'x'.repeat(64 * 1024) };
    const res = await postSync(payload);
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/larger/);
    expect((await storedLines()).some((p) => p.batchId === payload.batchId)).toBe(false);
  });

  test('accepts a body of exactly 64 KiB', async () => {
    const payload = batch();
    const size = Buffer.byteLength(JSON.stringify({ ...payload, modelVersion: '' }));
    const res = await postSync({ ...payload, modelVersion: 'x'.repeat(64 * 1024 - size) });
    expect(res.status).toBe(200);
  });

  test('stores a batchId once when its deliveries race each other', async () => {
    const payload = batch();
    const answers = await Promise.all(Array.from({ length: 5 }, () => postSync(payload).then((res) => res.json())));
    expect(answers.filter((a) => a.duplicate === undefined)).toEqual([{ ok: true }]);
    expect(answers.filter((a) => a.duplicate === true)).toHaveLength(4);
    expect((await storedLines()).filter((p) => p.batchId === payload.batchId)).toHaveLength(1);
  });

  test('a torn last line (a crash mid-write) does not swallow the next batch', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'seglet-server-torn-'));
    const first = batch();
    await writeFile(path.join(dir, 'sync.ndjson'), `${JSON.stringify(first)}\n{"v":1,"batchId":"torn`);
    const torn = await startServer({ port: 0, dataDir: dir, quiet: true });
    try {
      const next = batch();
      const post = (/** @type {object} */ payload) =>
        fetch(new URL('/seglet/sync', torn.url), { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(payload) }).then((r) => r.json());
      expect(await post(next)).toEqual({ ok: true });
      expect(await post(first)).toEqual({ ok: true, duplicate: true });
      const lines = (await readFile(path.join(dir, 'sync.ndjson'), 'utf8')).split('\n');
      expect(lines).toHaveLength(4);
      expect(JSON.parse(lines[0])).toEqual(first);
      expect(lines[1]).toBe('{"v":1,"batchId":"torn');
      expect(JSON.parse(lines[2])).toEqual(next);
      expect(lines[3]).toBe('');
    } finally {
      await torn.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a batch that could not be written is a 500, not stored, and its retry is accepted', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'seglet-server-fail-'));
    const own = await startServer({ port: 0, dataDir: dir, quiet: true });
    const file = path.join(dir, 'sync.ndjson');
    const original = console.error;
    console.error = () => {};
    try {
      const payload = batch();
      const post = () => fetch(new URL('/seglet/sync', own.url), { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(payload) });
      await rm(file);
      await mkdir(file); // appending to a directory fails
      const failed = await post();
      expect(failed.status).toBe(500);
      expect(own.syncLog).toEqual([]);
      await rm(file, { recursive: true });
      expect(await (await post()).json()).toEqual({ ok: true });
      expect(await (await post()).json()).toEqual({ ok: true, duplicate: true });
      expect((await readFile(file, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual([payload]);
    } finally {
      console.error = original;
      await own.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('answers GET /seglet/sync with 405', async () => {
    const res = await request('/seglet/sync');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  test("DELETE /seglet/sync/log drops the requester's entries from the log but keeps the file and the seen batch ids", async () => {
    const [mine, theirs] = [await newViewer(), await newViewer()];
    const [payload, other] = [batch(), batch()];
    await postSync(payload, mine);
    await postSync(other, theirs);
    const linesBefore = (await storedLines()).length;
    expect((await request('/seglet/sync/log', { method: 'DELETE', headers: { Cookie: mine } })).status).toBe(200);
    expect(await viewerLog(mine)).toEqual([]);
    expect(await viewerLog(theirs)).toEqual([other]);
    expect(server.syncLog).not.toContainEqual(payload);
    expect(server.syncLog).toContainEqual(other);
    expect((await storedLines()).length).toBe(linesBefore);
    expect(await (await postSync(payload)).json()).toEqual({ ok: true, duplicate: true });
    // Without a cookie nothing is dropped.
    expect((await request('/seglet/sync/log', { method: 'DELETE' })).status).toBe(200);
    expect(server.syncLog).toContainEqual(other);
  });

  test('remembers stored batch ids across a restart on the same dataDir', async () => {
    const payload = batch();
    await postSync(payload);
    const second = await startServer({ port: 0, dataDir, quiet: true });
    try {
      expect(second.syncLog).toEqual([]);
      const res = await fetch(new URL('/seglet/sync', second.url), { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(payload) });
      expect(await res.json()).toEqual({ ok: true, duplicate: true });
    } finally {
      await second.close();
    }
  });
});

describe('close', () => {
  test('a client holding a request open does not hold close() open: it is cut after a second', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'seglet-server-close-'));
    const other = await startServer({ port: 0, dataDir: dir, quiet: true });
    try {
      // Headers promise a body that never comes.
      const req = http.request({ host: '127.0.0.1', port: other.port, path: '/seglet/sync', method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': '100' } });
      const cut = new Promise((resolve) => req.on('error', resolve).on('close', resolve));
      req.write('{"v":1');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const began = Date.now();
      await other.close();
      expect(Date.now() - began).toBeGreaterThanOrEqual(900);
      await cut;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('forget', () => {
  /** @param {string} text */
  const sha256 = (text) => createHash('sha256').update(text).digest('hex');
  /** @param {string} anonymousId @param {string | null} [userId] */
  const forgetOf = (anonymousId, userId = null) => ({ v: 1, op: 'forget', anonymousId, userId });
  /** @param {string} anonymousId */
  const tombstoneOf = (anonymousId) => ({ v: 1, op: 'forgotten', anonymousIdSha256: sha256(anonymousId), at: expect.any(String) });
  /** A server of its own on a fresh data directory (or `dir`), for tests that restart it or read its file. */
  async function own(/** @type {string} */ dir) {
    const running = await startServer({ port: 0, dataDir: dir, quiet: true });
    /** @param {string} pathname @param {RequestInit} [init] */
    const call = (pathname, init) => fetch(new URL(pathname, running.url), init).then((r) => r.json());
    return {
      running,
      call,
      post: (/** @type {object} */ payload) => call('/seglet/sync', { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(payload) }),
      segments: async () =>
        (await call('/seglet/dashboard.json')).members.segments.map((/** @type {{ id: string }} */ s) => s.id).sort(),
    };
  }
  /** @type {string} */
  let dir;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seglet-server-forget-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const fileText = () => readFile(path.join(dir, 'sync.ndjson'), 'utf8');

  test('deletes every line of the visitor, by anonymousId and by userId; a retry of theirs is not stored; a restart keeps it so', async () => {
    const userId = sha256('ada@example.com');
    const ada = { ...batch(), userId };
    const adaLater = { ...batch(), anonymousId: ada.anonymousId, userId, segments: [{ id: 'shopper', source: 'rule', since: 1, expiresAt: null }] };
    const adaOnHerPhone = { ...batch(), userId, segments: [{ id: 'mobile', source: 'rule', since: 1, expiresAt: null }] };
    const bob = { ...batch(), segments: [{ id: 'reader', source: 'rule', since: 1, expiresAt: null }] };
    const carol = { ...batch(), userId: sha256('carol@example.com'), segments: [], features: { page_velocity: 1.5 } };
    // A line stored before this run, and one of Ada's torn by a crash (it holds her id, but is not JSON).
    const eve = { ...batch(), segments: [{ id: 'returning', source: 'rule', since: 1, expiresAt: null }] };
    const torn = `{"v":1,"batchId":"${randomUUID()}","anonymousId":"${ada.anonymousId}","userId":"${userId.slice(0, 20)}`;
    await writeFile(path.join(dir, 'sync.ndjson'), `${JSON.stringify(eve)}\n${torn}`);
    let server = await own(dir);
    try {
      for (const payload of [ada, bob, adaOnHerPhone, carol, adaLater]) expect(await server.post(payload)).toEqual({ ok: true });
      expect(await server.segments()).toEqual(['mobile', 'reader', 'returning', 'shopper']);
      expect(server.running.syncLog).toHaveLength(5);

      const forget = forgetOf(ada.anonymousId, userId);
      expect(await server.post(forget)).toEqual({ ok: true });
      const text = await fileText();
      expect(text).not.toContain(ada.anonymousId);
      expect(text).not.toContain(adaOnHerPhone.anonymousId);
      expect(text).not.toContain(userId);
      expect(text).not.toContain(userId.slice(0, 20));
      // Everyone else's lines are kept byte for byte, in order; the tombstone holds no id.
      const lines = text.split('\n');
      expect(lines.slice(0, 3)).toEqual([eve, bob, carol].map((payload) => JSON.stringify(payload)));
      expect(JSON.parse(lines[3])).toEqual(tombstoneOf(ada.anonymousId));
      expect(lines.slice(4)).toEqual(['']);
      expect(server.running.syncLog).toEqual([bob, carol, forget]);
      expect(await server.segments()).toEqual(['reader', 'returning']);
      expect((await server.call('/seglet/dashboard.json')).members.visitors).toBe(3);

      // Late retries from Ada's outbox, delivered or not before: acknowledged, not stored.
      expect(await server.post(ada)).toEqual({ ok: true, forgotten: true });
      expect(await server.post({ ...batch(), anonymousId: ada.anonymousId, userId })).toEqual({ ok: true, forgotten: true });
      expect(await server.post(forget)).toEqual({ ok: true, duplicate: true });
      expect(await fileText()).toBe(text);
      expect(server.running.syncLog).toEqual([bob, carol, forget]);

      await server.running.close();
      server = await own(dir);
      expect(await fileText()).toBe(text);
      expect(await server.segments()).toEqual(['reader', 'returning']);
      expect(await server.post(adaLater)).toEqual({ ok: true, forgotten: true });
      expect(await server.post(forget)).toEqual({ ok: true, duplicate: true });
      expect(await server.post(bob)).toEqual({ ok: true, duplicate: true });
      expect(await fileText()).toBe(text);
      // Her phone keeps its own anonymousId: what it sends after the forget is stored (DESIGN: the SDK forgets per device).
      const fromPhone = { ...batch(), anonymousId: adaOnHerPhone.anonymousId, userId };
      expect(await server.post(fromPhone)).toEqual({ ok: true });
      expect(await fileText()).toBe(`${text}${JSON.stringify(fromPhone)}\n`);
    } finally {
      await server.running.close();
    }
  });

  test('a forget that needs no batchId, for a visitor with nothing stored, keeps only a tombstone', async () => {
    const server = await own(dir);
    try {
      const forget = forgetOf(randomUUID());
      expect(await server.post(forget)).toEqual({ ok: true });
      expect(server.running.syncLog).toEqual([forget]);
      expect((await fileText()).trimEnd().split('\n').map((line) => JSON.parse(line))).toEqual([tombstoneOf(forget.anonymousId)]);
    } finally {
      await server.running.close();
    }
  });

  test('batches queued before the rewrite are deleted with it; those accepted while it runs are in the final file', async () => {
    // Enough lines that the rewrite takes a while.
    const others = Array.from({ length: 2000 }, () => ({ ...batch(), features: { page_velocity: 1 } }));
    await writeFile(path.join(dir, 'sync.ndjson'), others.map((payload) => `${JSON.stringify(payload)}\n`).join(''));
    const store = await createSyncStore(dir);
    const ada = batch();
    expect(await store.accept(ada)).toBe('stored');
    const vectorsBefore = store.vectorBatches();
    // One tick, in this order: Ada's batch queued before her forget, others' after it, one of hers after it.
    const adaQueued = { ...batch(), anonymousId: ada.anonymousId };
    const during = Array.from({ length: 20 }, () => batch());
    const adaDuring = { ...batch(), anonymousId: ada.anonymousId };
    const results = await Promise.all([
      store.accept(adaQueued),
      store.accept(forgetOf(ada.anonymousId)),
      ...during.map((payload) => store.accept(payload)),
      store.accept(adaDuring),
    ]);
    expect(results).toEqual(['stored', 'stored', ...during.map(() => 'stored'), 'forgotten']);
    const text = await readFile(store.file, 'utf8');
    expect(text).not.toContain(ada.anonymousId);
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([...others, tombstoneOf(ada.anonymousId), ...during]);
    expect(store.vectorBatches()).toBe(vectorsBefore);
    expect(store.log.some((entry) => entry.anonymousId === ada.anonymousId && entry.op !== 'forget')).toBe(false);
    expect(await readdir(dir)).toEqual(['sync.ndjson']);
  });

  test('over HTTP, every batch acknowledged while forgets run is in the file', async () => {
    const server = await own(dir);
    try {
      const visitors = Array.from({ length: 5 }, () => batch());
      for (const payload of visitors) expect(await server.post(payload)).toEqual({ ok: true });
      const others = Array.from({ length: 30 }, () => batch());
      const answers = await Promise.all([
        ...visitors.map((payload) => server.post(forgetOf(payload.anonymousId))),
        ...others.map((payload) => server.post(payload)),
      ]);
      expect(answers).toEqual(answers.map(() => ({ ok: true })));
      const lines = (await fileText()).trimEnd().split('\n').map((line) => JSON.parse(line));
      expect(lines.filter((line) => line.op !== 'forgotten')).toEqual(expect.arrayContaining(others));
      expect(lines).toHaveLength(others.length + visitors.length);
      for (const { anonymousId } of visitors) expect(lines).toContainEqual(tombstoneOf(anonymousId));
    } finally {
      await server.running.close();
    }
  });

  test('a forget that could not be written is a 500 and forgets nothing; its retry is accepted', async () => {
    const server = await own(dir);
    const file = path.join(dir, 'sync.ndjson');
    const original = console.error;
    console.error = () => {};
    try {
      const ada = batch();
      expect(await server.post(ada)).toEqual({ ok: true });
      const saved = await readFile(file);
      await rm(file);
      await mkdir(file); // reading a directory as the file fails
      const failed = await fetch(new URL('/seglet/sync', server.running.url), { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(forgetOf(ada.anonymousId)) });
      expect(failed.status).toBe(500);
      await rm(file, { recursive: true });
      await writeFile(file, saved);
      expect(await readdir(dir)).toEqual(['sync.ndjson']);
      expect(server.running.syncLog).toEqual([ada]);
      expect(await server.post(forgetOf(ada.anonymousId))).toEqual({ ok: true });
      expect(await fileText()).not.toContain(ada.anonymousId);
    } finally {
      console.error = original;
      await server.running.close();
    }
  });

  test('on start, deletes what the forget lines of an earlier server version only hid, and removes rewrite leftovers', async () => {
    const userId = sha256('ada@example.com');
    const ada = { ...batch(), userId };
    const bob = batch();
    const lateRetry = { ...batch(), anonymousId: ada.anonymousId, userId };
    const adaComesBack = { ...batch(), userId };
    const legacy = [ada, bob, forgetOf(ada.anonymousId, userId), lateRetry, adaComesBack, forgetOf(ada.anonymousId, userId)];
    await writeFile(path.join(dir, 'sync.ndjson'), legacy.map((payload) => `${JSON.stringify(payload)}\n`).join(''));
    await writeFile(path.join(dir, 'sync.ndjson.0123456789ab.tmp'), JSON.stringify(ada));
    const server = await own(dir);
    try {
      const text = await fileText();
      expect(text).not.toContain(ada.anonymousId);
      expect(text.trimEnd().split('\n').map((line) => JSON.parse(line))).toEqual([bob, tombstoneOf(ada.anonymousId), adaComesBack]);
      expect(await readdir(dir)).toEqual(['sync.ndjson']);
      expect(await server.post(ada)).toEqual({ ok: true, forgotten: true });
      expect(await server.post(adaComesBack)).toEqual({ ok: true, duplicate: true });
    } finally {
      await server.running.close();
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
    const res = await get('/seglet/sync', { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(batch()) });
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
