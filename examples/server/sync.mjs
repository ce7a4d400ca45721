/**
 * The sync endpoint's validation and storage. Payloads are checked with the SDK's own zod schemas
 * (`parseSyncPayload` from `dist/engine.mjs`); each accepted payload becomes one line of `sync.ndjson`
 * (append-only, on disk before it is acknowledged) and one entry of an in-memory log. A `batchId` is stored
 * once, across restarts too, so retried deliveries from the SDK's outbox are harmless. A `forget` is stored as
 * a line of its own: everything that reads the file (training, the dashboard) leaves out what came before it
 * for that `anonymousId`, and the in-memory log drops that visitor's payloads at once.
 */
import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createAppender } from './appender.mjs';

/** The browser's keepalive budget: a batch the SDK could not send on `pagehide` is not a batch it sends. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Bodies are drained (not buffered) up to this size so the client can read the 413; beyond it we hang up. */
const MAX_DRAIN_BYTES = 16 * MAX_BODY_BYTES;

/** The in-memory log is for tests and the demo page; past this many entries the oldest are dropped. */
export const MAX_LOG_ENTRIES = 10_000;

/** The engine build of this checkout: the schemas come from the same source as the SDK's worker. */
const ENGINE_FILE = fileURLToPath(new URL('../../dist/engine.mjs', import.meta.url));

/**
 * @typedef {Record<string, unknown>} SyncPayload
 * @typedef {(value: unknown) => { ok: true, payload: SyncPayload } | { ok: false, reason: string }} ParseSyncPayload
 * @typedef {{ log: SyncPayload[], accept: (payload: SyncPayload) => Promise<'stored' | 'duplicate'>,
 *   clear: () => void, file: string, vectorBatches: () => number }} SyncStore
 *   `vectorBatches` counts the stored batches a training run can learn from (see {@link carriesVector}),
 *   across restarts: the retraining schedule compares it with the count at the last run.
 */

/**
 * Whether a stored payload is a feature vector for training: a batch carrying `features`, not from a bot.
 * @param {unknown} payload
 */
export function carriesVector(payload) {
  if (payload === null || typeof payload !== 'object') return false;
  const { features, bot, op } = /** @type {SyncPayload} */ (payload);
  return op === undefined && bot !== true && features !== null && typeof features === 'object' && !Array.isArray(features);
}

/**
 * Reads a request body up to `limit` bytes.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} [limit]
 * @returns {Promise<{ body: Buffer } | { refused: 'too-large' | 'aborted' }>}
 */
export function readBody(req, limit = MAX_BODY_BYTES) {
  // A declared size beyond the drain bound is refused before reading, so the client can still get the 413.
  if (Number(req.headers['content-length']) > MAX_DRAIN_BYTES) return Promise.resolve({ refused: 'too-large' });
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) req.destroy();
    });
    req.on('end', () => resolve(size > limit ? { refused: 'too-large' } : { body: Buffer.concat(chunks) }));
    // After `end` these are no-ops; before it they mean the client hung up (or we did, past the drain bound).
    req.on('close', () => resolve({ refused: size > limit ? 'too-large' : 'aborted' }));
    req.on('error', () => resolve({ refused: 'aborted' }));
  });
}

/**
 * Loads `parseSyncPayload` (the SDK's sync schemas) from `dist/engine.mjs`.
 * @returns {Promise<ParseSyncPayload>}
 * @throws when the build is missing: the endpoint does not run without the schemas
 */
export async function loadParseSyncPayload() {
  const built = await stat(ENGINE_FILE).then((info) => info.isFile(), () => false);
  if (!built) throw new Error(`${ENGINE_FILE} is missing: run npm run build (the sync endpoint validates with its schemas)`);
  const engine = await import(pathToFileURL(ENGINE_FILE).href);
  if (typeof engine.parseSyncPayload !== 'function') throw new Error(`${ENGINE_FILE} has no parseSyncPayload: run npm run build`);
  return engine.parseSyncPayload;
}

/**
 * Whether a request says its body is JSON (`application/json`, any parameters): what the SDK always sends.
 * @param {string | undefined} header `Content-Type`
 */
export function isJsonContentType(header) {
  return (header ?? '').split(';')[0].trim().toLowerCase() === 'application/json';
}

/**
 * Collects the batch ids already in `file` and counts its vector batches; a torn last line (crash mid-write)
 * is skipped.
 * @param {string} file
 */
async function readStoredBatches(file) {
  /** @type {Set<string>} */
  const ids = new Set();
  let vectors = 0;
  const exists = await stat(file).then(() => true, () => false);
  if (!exists) return { ids, vectors };
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    try {
      const payload = JSON.parse(line);
      if (typeof payload?.batchId === 'string') ids.add(payload.batchId);
      if (carriesVector(payload)) vectors += 1;
    } catch {
      // Not a complete JSON line: nothing to deduplicate against.
    }
  }
  return { ids, vectors };
}

/**
 * Opens (creating if needed) the sync store in `dataDir`.
 * @param {string} dataDir
 * @returns {Promise<SyncStore>}
 */
export async function createSyncStore(dataDir) {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, 'sync.ndjson');
  const { ids: seen, vectors: storedVectors } = await readStoredBatches(file);
  const append = await createAppender(file);
  let vectorBatches = storedVectors;
  /** @type {SyncPayload[]} */
  const log = [];

  /** @param {SyncPayload} payload a payload `parseSyncPayload` accepted */
  async function accept(payload) {
    const id = typeof payload.batchId === 'string' ? payload.batchId : null;
    if (id !== null && seen.has(id)) return 'duplicate';
    if (id !== null) seen.add(id); // before the await, so a concurrent retry is already a duplicate
    try {
      await append(JSON.stringify(payload));
    } catch (error) {
      if (id !== null) seen.delete(id); // not stored, so the client's retry must be accepted
      throw error;
    }
    if (carriesVector(payload)) vectorBatches += 1;
    if (payload.op === 'forget') forgetInLog(payload.anonymousId);
    log.push(payload);
    if (log.length > MAX_LOG_ENTRIES) log.splice(0, log.length - MAX_LOG_ENTRIES);
    return 'stored';
  }

  /**
   * Drops a forgotten visitor's batches from the log, in place (`startServer()` hands out this array).
   * @param {unknown} anonymousId
   */
  function forgetInLog(anonymousId) {
    const kept = log.filter((entry) => entry.anonymousId !== anonymousId);
    log.splice(0, log.length, ...kept);
  }

  // `log.length = 0` keeps the array identity that `startServer()` hands out as `syncLog`.
  return { log, accept, clear: () => void (log.length = 0), file, vectorBatches: () => vectorBatches };
}

/**
 * One concise line describing an accepted payload, for the CLI's request log.
 * @param {SyncPayload} payload
 * @param {'stored' | 'duplicate'} result
 */
export function describeSync(payload, result) {
  const short = (/** @type {unknown} */ id) => (typeof id === 'string' ? id.slice(0, 8) : '-');
  if (payload.op === 'forget') return `sync forget anonymousId=${short(payload.anonymousId)}`;
  const ids = (/** @type {unknown} */ list) =>
    Array.isArray(list) ? list.map((s) => (s && typeof s === 'object' ? s.id : s)) : [];
  const changes = Array.isArray(payload.changes)
    ? payload.changes.map((c) => `${c?.op === 'exit' ? '-' : '+'}${c?.id}`)
    : [];
  const parts = [`sync batch=${short(payload.batchId)}`, `segments=[${ids(payload.segments).join(',')}]`];
  if (changes.length > 0) parts.push(`changes=${changes.join(' ')}`);
  if (payload.bot === true) parts.push('bot');
  if (result === 'duplicate') parts.push('(duplicate, not stored)');
  return parts.join(' ');
}
