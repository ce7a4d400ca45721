/**
 * What a bench server saw: one entry per request, written when its response finishes, with the bytes the
 * response body carried and (for requests with a body) the body itself, so that the bench can count the
 * JavaScript an SDK downloads by URL and find the events that reached a sink.
 */
import { gunzipSync } from 'node:zlib';

/**
 * @typedef {object} TrafficEntry
 * @property {string} server which server answered ('site', 'posthog', …)
 * @property {string} method
 * @property {string} path the path without the query
 * @property {string} query
 * @property {number} status
 * @property {string} contentType of the response
 * @property {number} bytes of the response body as sent
 * @property {Buffer} [script] the response body, kept for JavaScript responses only (to gzip it)
 * @property {string} body the request body as text (gunzipped when it came gzipped), '' when none
 * @property {number} at epoch milliseconds (fractional) when the request's body had arrived
 */

/** @returns {{ entries: TrafficEntry[], clear(): void }} */
export function createTrafficLog() {
  /** @type {TrafficEntry[]} */
  const entries = [];
  return { entries, clear: () => void entries.splice(0) };
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable with a page's timeOrigin + now(). */
export const preciseNow = () => performance.timeOrigin + performance.now();

/**
 * Counts the body bytes a response sends (write and end), calling `done` once when it finished or broke
 * off, with the body itself when it is JavaScript.
 * @param {import('node:http').ServerResponse} res
 * @param {(bytes: number, script: Buffer | undefined) => void} done
 */
export function countResponseBytes(res, done) {
  /** @type {Buffer[]} */
  const chunks = [];
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  const keep = (/** @type {unknown} */ chunk, /** @type {unknown} */ encoding) => {
    if (typeof chunk === 'string') chunks.push(Buffer.from(chunk, typeof encoding === 'string' ? /** @type {BufferEncoding} */ (encoding) : 'utf8'));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  res.write = /** @type {typeof res.write} */ ((/** @type {any} */ chunk, /** @type {any[]} */ ...rest) => (keep(chunk, rest[0]), write(chunk, ...rest)));
  res.end = /** @type {typeof res.end} */ ((/** @type {any} */ chunk, /** @type {any[]} */ ...rest) => (typeof chunk !== 'function' && keep(chunk, rest[0]), end(chunk, ...rest)));
  let reported = false;
  const report = () => {
    if (reported) return;
    reported = true;
    const body = Buffer.concat(chunks);
    done(body.length, /javascript/.test(String(res.getHeader('content-type'))) ? body : undefined);
  };
  res.on('finish', report);
  res.on('close', report);
}

/**
 * Reads a request body whole; a gzipped body (by header or magic bytes, as posthog-js sends) is unzipped.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<{ raw: Buffer, text: string }>}
 */
export async function readRequestBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const raw = Buffer.concat(chunks);
  let text = raw.toString('utf8');
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      text = gunzipSync(raw).toString('utf8');
    } catch {}
  }
  return { raw, text };
}
