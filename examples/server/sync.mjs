/**
 * The sync endpoint's request side: reading the body, validating it with the SDK's own zod schemas
 * (`parseSyncPayload` from `dist/engine.mjs`), and describing what was accepted. Storage is syncStore.mjs.
 */
import { stat } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The browser's keepalive budget: a batch the SDK could not send on `pagehide` is not a batch it sends. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Bodies are drained (not buffered) up to this size so the client can read the 413; beyond it we hang up. */
const MAX_DRAIN_BYTES = 16 * MAX_BODY_BYTES;

/** The engine build of this checkout: the schemas come from the same source as the SDK's worker. */
const ENGINE_FILE = fileURLToPath(new URL('../../dist/engine.mjs', import.meta.url));

/**
 * @typedef {Record<string, unknown>} SyncPayload
 * @typedef {(value: unknown) => { ok: true, payload: SyncPayload } | { ok: false, reason: string }} ParseSyncPayload
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
 * One concise line describing an accepted payload, for the CLI's request log.
 * @param {SyncPayload} payload
 * @param {import('./syncStore.mjs').AcceptResult} result
 */
export function describeSync(payload, result) {
  // A forgotten visitor's id is not written to the console either.
  if (payload.op === 'forget') return `sync forget: ${result === 'duplicate' ? 'repeated, already deleted' : "the visitor's batches deleted"}`;
  const short = (/** @type {unknown} */ id) => (typeof id === 'string' ? id.slice(0, 8) : '-');
  const ids = (/** @type {unknown} */ list) =>
    Array.isArray(list) ? list.map((s) => (s && typeof s === 'object' ? s.id : s)) : [];
  const changes = Array.isArray(payload.changes)
    ? payload.changes.map((c) => `${c?.op === 'exit' ? '-' : '+'}${c?.id}`)
    : [];
  const parts = [`sync batch=${short(payload.batchId)}`, `segments=[${ids(payload.segments).join(',')}]`];
  if (changes.length > 0) parts.push(`changes=${changes.join(' ')}`);
  if (payload.bot === true) parts.push('bot');
  if (result === 'duplicate') parts.push('(duplicate, not stored)');
  if (result === 'forgotten') parts.push('(forgotten visitor, not stored)');
  return parts.join(' ');
}
