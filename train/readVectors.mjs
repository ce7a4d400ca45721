// @ts-check
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** Bad lines reported one by one; beyond this only a count, so a broken file cannot flood the terminal. */
export const MAX_REPORTED_BAD_LINES = 20;
/** Lines between progress messages: about one message a second on a laptop. */
const PROGRESS_EVERY = 250_000;

/**
 * @typedef {{ line: number, reason: string }} BadLine
 * @typedef {object} VectorFile
 * @property {string[]} features the chosen features, in vector order
 * @property {Float64Array} data `count` vectors, row-major, `features.length` numbers each
 * @property {number} count valid vectors
 * @property {number} lines lines read, blank ones included
 * @property {BadLine[]} bad the first {@link MAX_REPORTED_BAD_LINES} bad lines
 * @property {number} badCount all bad lines
 * @property {number} botCount sync batches marked `bot: true`, skipped (neither valid nor bad)
 */

/**
 * Streams an NDJSON file of feature vectors line by line. A line is a sync batch carrying `features`, or a
 * plain object of feature name → number. Bad lines are recorded and skipped, never thrown.
 *
 * @param {string | NodeJS.ReadableStream} input a path, or a stream such as `process.stdin`
 * @param {{ features?: string[], onProgress?: (message: string) => void }} [options]
 *   `features` fixes the vector layout; without it, the numeric keys of the first valid line decide
 * @returns {Promise<VectorFile>}
 * @example const { data, count, features } = await readVectors('vectors.ndjson');
 */
export async function readVectors(input, options = {}) {
  const stream = /** @type {NodeJS.ReadableStream} */ (typeof input === 'string' ? createReadStream(input, { encoding: 'utf8' }) : input);
  // createReadStream reports a missing file asynchronously; surface it as a rejection of this call.
  const failed = new Promise((_, reject) => stream.once('error', reject));
  /** @type {VectorFile} */
  const result = { features: options.features ?? [], data: new Float64Array(0), count: 0, lines: 0, bad: [], badCount: 0, botCount: 0 };
  const buffer = createRowBuffer();
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  await Promise.race([failed, readLines(lines, result, buffer, options.onProgress)]);
  result.data = buffer.toArray();
  return result;
}

/**
 * @param {AsyncIterable<string>} lines
 * @param {VectorFile} result
 * @param {ReturnType<typeof createRowBuffer>} buffer
 * @param {((message: string) => void) | undefined} onProgress
 */
async function readLines(lines, result, buffer, onProgress) {
  for await (const text of lines) {
    result.lines += 1;
    if (result.lines % PROGRESS_EVERY === 0) onProgress?.(`read ${result.lines} lines`);
    if (text.trim() === '') continue;
    const parsed = parseVectorLine(text, result.features);
    if ('bot' in parsed) result.botCount += 1;
    else if ('reason' in parsed) {
      result.badCount += 1;
      if (result.bad.length < MAX_REPORTED_BAD_LINES) result.bad.push({ line: result.lines, reason: parsed.reason });
    } else {
      if (result.features.length === 0) result.features = parsed.features;
      buffer.push(parsed.values);
      result.count += 1;
    }
  }
}

/**
 * Parses one non-blank line. With no features chosen yet (`features` empty), the line's own numeric keys
 * become the features.
 *
 * @param {string} text
 * @param {string[]} features
 * @returns {{ values: number[], features: string[] } | { reason: string } | { bot: true }}
 */
export function parseVectorLine(text, features) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return { reason: 'not valid JSON' };
  }
  if (!isObject(value)) return { reason: 'not a JSON object' };
  // Bots leave every segment (DESIGN "Features"); their vectors would only teach the model a bot cluster.
  if (value.bot === true) return { bot: true };
  const source = isObject(value.features) ? value.features : value;
  const names = features.length > 0 ? features : Object.keys(source).filter((k) => Number.isFinite(source[k]));
  if (names.length === 0) return { reason: 'no numeric features' };
  const values = [];
  for (const name of names) {
    const v = source[name];
    if (v === undefined) return { reason: `missing feature "${name}"` };
    if (typeof v !== 'number' || !Number.isFinite(v)) return { reason: `feature "${name}" is not a finite number` };
    values.push(v);
  }
  return { values, features: names };
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, any>}
 */
function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A growable Float64Array: a large file never becomes millions of small JS arrays. */
function createRowBuffer() {
  let array = new Float64Array(1 << 16);
  let length = 0;
  return {
    /** @param {number[]} values */
    push(values) {
      if (length + values.length > array.length) {
        const bigger = new Float64Array(Math.max(array.length * 2, length + values.length));
        bigger.set(array);
        array = bigger;
      }
      array.set(values, length);
      length += values.length;
    },
    toArray() {
      return array.slice(0, length);
    },
  };
}
