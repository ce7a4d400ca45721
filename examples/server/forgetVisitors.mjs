/**
 * What a forget deletes from `sync.ndjson`, and the line that remembers it without personal data.
 *
 * A forget `{ v: 1, op: 'forget', anonymousId, userId }` deletes every line stored before it whose `anonymousId`
 * is the request's or whose `userId` is the request's non-null `userId` (a line that is not JSON, such as one
 * torn by a crash, goes when its text contains either). In their place the file keeps one tombstone per visitor:
 *
 *   {"v":1,"op":"forgotten","anonymousIdSha256":"<hex>","at":"<ISO-8601, when the data was deleted>"}
 *
 * The SHA-256 of a random UUID cannot be turned back into the id, yet it recognizes the visitor's batches when they
 * come again: the SDK starts over with a new `anonymousId` after `forget()`, so a batch with the old one is a late
 * retry from before the forget, and the store answers it without storing it. The request's `userId` is not kept:
 * the same person on another device goes on syncing under that device's `anonymousId`, and is stored again.
 */
import { createHash } from 'node:crypto';
import { carriesVector } from './sync.mjs';

/** The `op` of a tombstone line. */
export const FORGOTTEN_OP = 'forgotten';

/**
 * @typedef {object} ForgetRequest
 * @property {string} anonymousId
 * @property {string | null} userId
 * @property {number} [line] where the request itself is in the file (only for a `forget` line an earlier version
 *   of this server stored): lines after it with its `userId` are that person's later visits, and are kept
 */

/**
 * The key a forgotten visitor is remembered by.
 * @param {string} anonymousId
 */
export const hashAnonymousId = (anonymousId) => createHash('sha256').update(anonymousId).digest('hex');

/**
 * The hash a tombstone line holds, or `null` when `payload` is not one.
 * @param {Record<string, unknown>} payload
 */
export const readTombstone = (payload) =>
  payload.op === FORGOTTEN_OP && typeof payload.anonymousIdSha256 === 'string' ? payload.anonymousIdSha256 : null;

/**
 * @param {string} hash
 * @param {string} at
 */
const tombstone = (hash, at) => JSON.stringify({ v: 1, op: FORGOTTEN_OP, anonymousIdSha256: hash, at });

/**
 * The line edit (for the appender's `rewrite`) that deletes the visitors of `requests`. Stored `forget` lines
 * become tombstones; a second tombstone for the same visitor is dropped; the tombstones still missing are added
 * at the end. `dropped` counts what went, for the store's bookkeeping.
 * @param {ForgetRequest[]} requests
 * @param {string} [at] the deletion time the new tombstones record
 */
export function forgetVisitors(requests, at = new Date().toISOString()) {
  const ids = new Set(requests.map((request) => request.anonymousId));
  /** The last line before which each `userId` is deleted. */
  const users = new Map();
  for (const { userId, line = Infinity } of requests) {
    if (userId !== null) users.set(userId, Math.max(line, users.get(userId) ?? -Infinity));
  }
  const needles = [...ids, ...users.keys()];
  /** @type {Set<string>} */
  const recorded = new Set();
  /** @type {{ lines: number, vectors: number, batchIds: string[] }} */
  const dropped = { lines: 0, vectors: 0, batchIds: [] };

  /**
   * @param {string} hash
   * @param {string} line what stays when this is the visitor's first tombstone
   */
  const once = (hash, line) => {
    if (recorded.has(hash)) return null;
    recorded.add(hash);
    return line;
  };
  const drop = () => {
    dropped.lines += 1;
    return null;
  };

  /** @type {import('./rewriteLines.mjs').EditLine} */
  const edit = (line, index) => {
    if (line.trim() === '') return null;
    /** @type {Record<string, unknown> | null} */
    let payload = null;
    try {
      const value = JSON.parse(line);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) payload = value;
    } catch {
      // Not JSON: matched by its text below.
    }
    if (payload === null) return needles.some((needle) => line.includes(needle)) ? drop() : line;
    const hash = readTombstone(payload);
    if (hash !== null) return once(hash, line);
    if (payload.op === 'forget' && typeof payload.anonymousId === 'string') {
      const forgotten = hashAnonymousId(payload.anonymousId);
      return once(forgotten, tombstone(forgotten, at));
    }
    const user = typeof payload.userId === 'string' ? users.get(payload.userId) : undefined;
    if (!ids.has(/** @type {string} */ (payload.anonymousId)) && !(user !== undefined && index < user)) return line;
    if (typeof payload.batchId === 'string') dropped.batchIds.push(payload.batchId);
    if (carriesVector(payload)) dropped.vectors += 1;
    return drop();
  };
  const tail = () =>
    [...ids].map(hashAnonymousId).filter((hash) => !recorded.has(hash)).map((hash) => tombstone(hash, at));
  return { edit, tail, dropped };
}
