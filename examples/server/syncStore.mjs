/**
 * The sync endpoint's storage. Each accepted batch becomes one line of `<dataDir>/sync.ndjson` (on disk before it
 * is acknowledged) and one entry of an in-memory log. A `batchId` is stored once, across restarts too, so retried
 * deliveries from the SDK's outbox are harmless. A `forget` deletes the visitor: the file is rewritten without
 * their lines and with a tombstone instead (see forgetVisitors.mjs), and the log drops their batches; a late
 * retry of one of their batches is acknowledged and not stored. Each log entry remembers the browser that sent it
 * (the demo's viewer cookie, see viewerCookie.mjs), in memory only, so the shop's footer lists a visitor's own.
 */
import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createAppender } from './appender.mjs';
import { removeRewriteLeftovers } from './rewriteLines.mjs';
import { forgetVisitors, hashAnonymousId, readTombstone } from './forgetVisitors.mjs';
import { carriesVector } from './sync.mjs';

/** The in-memory log is for tests and the demo page; past this many entries the oldest are dropped. */
export const MAX_LOG_ENTRIES = 10_000;

/**
 * @typedef {import('./sync.mjs').SyncPayload} SyncPayload
 * @typedef {'stored' | 'duplicate' | 'forgotten'} AcceptResult `forgotten`: a batch of a forgotten visitor,
 *   acknowledged and not stored
 * @typedef {{ log: SyncPayload[], accept: (payload: SyncPayload, viewer?: string | null) => Promise<AcceptResult>,
 *   logOf: (viewer: string) => SyncPayload[], clear: (viewer?: string) => void, file: string,
 *   vectorBatches: () => number }} SyncStore
 *   `accept` takes the sending browser's viewer id (or `null`); `logOf` lists the log entries stored with it;
 *   `clear` empties the log, or with a viewer drops that browser's entries only.
 *   `vectorBatches` counts the stored batches a training run can learn from (see `carriesVector`), across
 *   restarts: the retraining schedule compares it with the count at the last run. A forget lowers it.
 */

/**
 * Reads what the store keeps in memory from `file`: the batch ids, the vector batch count, the forgotten
 * visitors, and the `forget` lines an earlier version of this server stored without deleting anything. A torn
 * last line (crash mid-write) is skipped.
 * @param {string} file
 */
async function readStored(file) {
  /** @type {Set<string>} */
  const ids = new Set();
  /** @type {Set<string>} */
  const forgotten = new Set();
  /** @type {import('./forgetVisitors.mjs').ForgetRequest[]} */
  const forgets = [];
  let vectors = 0;
  if (!(await stat(file).catch(() => null))) return { ids, vectors, forgotten, forgets };
  let line = 0;
  // Counted like the appender's rewrite counts, so a request's `line` is the same line there.
  for await (const text of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    const index = line++;
    let payload;
    try {
      payload = JSON.parse(text);
    } catch {
      continue; // not a complete JSON line: nothing to remember
    }
    if (payload === null || typeof payload !== 'object') continue;
    const hash = readTombstone(payload);
    if (hash !== null) forgotten.add(hash);
    else if (payload.op === 'forget' && typeof payload.anonymousId === 'string' && !forgets.some((f) => f.anonymousId === payload.anonymousId)) {
      // The first one counts: a repeated request is a retry of it, and what came between is a later visit.
      forgets.push({ anonymousId: payload.anonymousId, userId: typeof payload.userId === 'string' ? payload.userId : null, line: index });
    }
    if (typeof payload.batchId === 'string') ids.add(payload.batchId);
    if (carriesVector(payload)) vectors += 1;
  }
  return { ids, vectors, forgotten, forgets };
}

/**
 * Opens (creating if needed) the sync store in `dataDir`. Only one server may use a data directory at a time.
 * @param {string} dataDir
 * @returns {Promise<SyncStore>}
 */
export async function createSyncStore(dataDir) {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, 'sync.ndjson');
  await removeRewriteLeftovers(file);
  const writer = await createAppender(file);
  let stored = await readStored(file);
  if (stored.forgets.length > 0) {
    // `forget` lines only hid what came before them: delete it now, and keep tombstones in their place.
    const { edit } = forgetVisitors(stored.forgets);
    await writer.rewrite(edit);
    stored = await readStored(file);
  }
  const seen = stored.ids;
  let vectorBatches = stored.vectors;
  /** Forgotten visitors by `hashAnonymousId`, each with its deletion (settled unless in progress). */
  const forgotten = new Map([...stored.forgotten].map((hash) => [hash, Promise.resolve()]));
  /** @type {SyncPayload[]} */
  const log = [];
  /** The browser each log entry came from, when it said. */
  const viewers = /** @type {WeakMap<SyncPayload, string>} */ (new WeakMap());

  /**
   * Stores `payload` (a batch or a forget) once it is on disk.
   * @param {SyncPayload} payload a payload `parseSyncPayload` accepted
   * @param {string | null} [viewer] the sending browser's viewer id
   * @returns {Promise<AcceptResult>}
   */
  async function accept(payload, viewer = null) {
    if (payload.op === 'forget') return forget(/** @type {import('./forgetVisitors.mjs').ForgetRequest} */ (payload), viewer);
    if (forgotten.has(hashAnonymousId(String(payload.anonymousId)))) return 'forgotten';
    const id = typeof payload.batchId === 'string' ? payload.batchId : null;
    if (id !== null && seen.has(id)) return 'duplicate';
    if (id !== null) seen.add(id); // before the await, so a concurrent retry is already a duplicate
    try {
      await writer.append(JSON.stringify(payload));
    } catch (error) {
      if (id !== null) seen.delete(id); // not stored, so the client's retry must be accepted
      throw error;
    }
    if (carriesVector(payload)) vectorBatches += 1;
    remember(payload, viewer);
    return 'stored';
  }

  /** @param {SyncPayload} payload @param {string | null} viewer */
  function remember(payload, viewer) {
    if (viewer !== null) viewers.set(payload, viewer);
    log.push(payload);
    if (log.length > MAX_LOG_ENTRIES) log.splice(0, log.length - MAX_LOG_ENTRIES);
  }

  /**
   * Deletes a visitor from the file, then from the log. Invariants: the visitor counts as forgotten from the
   * moment the request arrives (their batches arriving meanwhile are not stored, and those queued before it are
   * written first and deleted with the rest); the request is answered once the rewritten file is on disk; a
   * repeated request waits for that and is a duplicate. If the rewrite fails the visitor is not forgotten and
   * the client's retry starts over.
   * @param {import('./forgetVisitors.mjs').ForgetRequest} request
   * @param {string | null} viewer
   * @returns {Promise<AcceptResult>}
   */
  async function forget(request, viewer) {
    const hash = hashAnonymousId(request.anonymousId);
    const earlier = forgotten.get(hash);
    if (earlier) return earlier.then(() => 'duplicate');
    const { edit, tail, dropped } = forgetVisitors([request]);
    const deletion = writer.rewrite(edit, tail);
    forgotten.set(hash, deletion);
    try {
      await deletion;
    } catch (error) {
      forgotten.delete(hash);
      throw error;
    }
    for (const batchId of dropped.batchIds) seen.delete(batchId); // as after a restart, which reads the file
    vectorBatches -= dropped.vectors;
    const kept = log.filter((entry) => entry.anonymousId !== request.anonymousId && (request.userId === null || entry.userId !== request.userId));
    log.splice(0, log.length, ...kept); // in place: `startServer()` hands out this array
    remember(/** @type {SyncPayload} */ (request), viewer); // what this run received, as the demo page shows it
    return 'stored';
  }

  /** @param {string} viewer */
  const logOf = (viewer) => log.filter((entry) => viewers.get(entry) === viewer);
  /** @param {string} [viewer] */
  function clear(viewer) {
    // In place: `startServer()` hands out this array as `syncLog`.
    const kept = viewer === undefined ? [] : log.filter((entry) => viewers.get(entry) !== viewer);
    log.splice(0, log.length, ...kept);
  }

  return { log, accept, logOf, clear, file, vectorBatches: () => vectorBatches };
}
