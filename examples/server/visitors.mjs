/**
 * What the stored sync batches say about visitors now: the latest feature vector of each visitor (what
 * training learns from) and the latest segments of each visitor (what the dashboard counts). Both read
 * `sync.ndjson` as a stream, so a large file never sits in memory as text.
 *
 * "Latest" is by `sentAt` (a batch retried from the SDK's outbox may arrive after a newer one), and by arrival
 * when `sentAt` is missing or ties. A forgotten visitor is not in the file any more (syncStore.mjs), and its
 * tombstone line is neither a vector nor a batch.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/** Bad lines reported one by one; beyond this only a count. */
export const MAX_REPORTED_BAD_LINES = 20;

/**
 * @typedef {{ line: number, reason: string }} BadLine
 * @typedef {object} VectorScan
 * @property {Float64Array} data the vectors used, row-major, `features.length` numbers each
 * @property {number} count vectors used: one per visitor whose latest vector is a person's
 * @property {number} lines lines read
 * @property {number} vectorBatches batches that carried `features` (bots included)
 * @property {number} superseded vectors replaced by a newer one of the same visitor
 * @property {number} bots visitors whose latest vector came from a batch marked `bot: true`
 * @property {number} badCount lines that are not JSON, or vectors missing a feature or holding a non-number
 * @property {BadLine[]} bad the first {@link MAX_REPORTED_BAD_LINES} bad lines
 */

/**
 * @typedef {object} SegmentCount
 * @property {string} id
 * @property {'rule' | 'cluster'} source
 * @property {number} visitors visitors whose latest batch lists the segment
 */

/**
 * @typedef {object} MemberScan
 * @property {number} visitors visitors with at least one batch (bots excluded)
 * @property {number} bots visitors whose latest batch is marked `bot: true`
 * @property {number} unsegmented people whose latest batch lists no segment
 * @property {SegmentCount[]} segments by source (clusters first), then most members first
 */

/**
 * Calls `onPayload` for each stored line, in order; a line that is not a JSON object gets `null`.
 * @param {string} file
 * @param {(payload: Record<string, any> | null, line: number) => void} onPayload
 */
async function eachStored(file, onPayload) {
  const exists = await stat(file).then(() => true, () => false);
  if (!exists) return 0;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (text.trim() === '') continue;
    let value;
    try {
      value = JSON.parse(text);
    } catch {
      value = null;
    }
    onPayload(value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null, number);
  }
  return number;
}

/**
 * `sentAt` as a time, or NaN: a batch without one counts as newer than what came before it.
 * @param {Record<string, any>} payload
 */
const sentAt = (payload) => (typeof payload.sentAt === 'string' ? Date.parse(payload.sentAt) : Number.NaN);

/**
 * Whether a batch sent at `at` replaces one sent at `previous` (arrived earlier).
 * @param {number} at
 * @param {number} previous
 */
const isNewer = (at, previous) => !(at < previous);

/**
 * The latest feature vector of every visitor in `file`, in `features` order, for training. Batches without
 * `features` (segment changes only, tombstones) are not vectors and not bad; a visitor whose latest vector comes
 * from a bot is left out.
 *
 * @param {string} file `sync.ndjson`
 * @param {string[]} features the vector layout
 * @returns {Promise<VectorScan>}
 */
export async function readLatestVectors(file, features) {
  /** @type {Map<string, { at: number, bot: boolean, values: number[] | null }>} */
  const latest = new Map();
  const scan = { lines: 0, vectorBatches: 0, superseded: 0, badCount: 0, bad: /** @type {BadLine[]} */ ([]) };
  const reject = (/** @type {number} */ line, /** @type {string} */ reason) => {
    scan.badCount += 1;
    if (scan.bad.length < MAX_REPORTED_BAD_LINES) scan.bad.push({ line, reason });
  };
  scan.lines = await eachStored(file, (payload, line) => {
    if (payload === null) return reject(line, 'not a JSON object');
    const id = payload.anonymousId;
    const source = payload.features;
    if (source === null || typeof source !== 'object' || Array.isArray(source)) return;
    scan.vectorBatches += 1;
    if (typeof id !== 'string' || id === '') return reject(line, 'a batch with features but no anonymousId');
    const bot = payload.bot === true;
    /** @type {number[] | null} */
    let values = null;
    if (!bot) {
      values = [];
      for (const name of features) {
        const v = source[name];
        if (v === undefined) return reject(line, `missing feature "${name}"`);
        if (typeof v !== 'number' || !Number.isFinite(v)) return reject(line, `feature "${name}" is not a finite number`);
        values.push(v);
      }
    }
    const at = sentAt(payload);
    const previous = latest.get(id);
    if (previous && !isNewer(at, previous.at)) {
      scan.superseded += 1; // an older vector that arrived late
      return;
    }
    if (previous) scan.superseded += 1;
    latest.set(id, { at, bot, values });
  });
  const d = features.length;
  const people = [...latest.values()].filter((entry) => entry.values !== null);
  const data = new Float64Array(people.length * d);
  people.forEach((entry, i) => data.set(/** @type {number[]} */ (entry.values), i * d));
  return { ...scan, data, count: people.length, bots: latest.size - people.length };
}

/**
 * Members per segment: the segments listed in each visitor's latest batch (one that carries `segments`).
 *
 * @param {string} file `sync.ndjson`
 * @returns {Promise<MemberScan>}
 */
export async function countMembers(file) {
  /** @type {Map<string, { at: number, bot: boolean, segments: { id: string, source: 'rule' | 'cluster' }[] }>} */
  const latest = new Map();
  await eachStored(file, (payload) => {
    if (payload === null || typeof payload.anonymousId !== 'string') return;
    if (!Array.isArray(payload.segments)) return;
    const at = sentAt(payload);
    const previous = latest.get(payload.anonymousId);
    if (previous && !isNewer(at, previous.at)) return;
    const segments = payload.segments
      .filter((s) => s !== null && typeof s === 'object' && typeof s.id === 'string' && s.id !== '')
      .map((s) => ({ id: String(s.id).slice(0, 100), source: s.source === 'cluster' ? /** @type {const} */ ('cluster') : /** @type {const} */ ('rule') }));
    latest.set(payload.anonymousId, { at, bot: payload.bot === true, segments });
  });
  /** @type {Map<string, SegmentCount>} */
  const counts = new Map();
  let bots = 0;
  let unsegmented = 0;
  for (const visitor of latest.values()) {
    if (visitor.bot) {
      bots += 1;
      continue;
    }
    if (visitor.segments.length === 0) unsegmented += 1;
    for (const { id, source } of new Map(visitor.segments.map((s) => [s.id, s])).values()) {
      const key = `${source}\u0000${id}`;
      const count = counts.get(key) ?? { id, source, visitors: 0 };
      count.visitors += 1;
      counts.set(key, count);
    }
  }
  const segments = [...counts.values()].sort(
    (a, b) => (a.source === b.source ? 0 : a.source === 'cluster' ? -1 : 1) || b.visitors - a.visitors || a.id.localeCompare(b.id),
  );
  return { visitors: latest.size - bots, bots, unsegmented, segments };
}
