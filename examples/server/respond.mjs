/**
 * Response helpers shared by the reference server's routes. Every response says `no-cache` (the demo must
 * always revalidate, so an edited page or model shows up on reload) and `nosniff` (types are always explicit).
 */

/** @typedef {import('node:http').ServerResponse} ServerResponse */

/** @type {Record<string, string>} */
const BASE_HEADERS = { 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' };

/**
 * Sends a complete response; for `HEAD` requests only the headers go out.
 * @param {ServerResponse} res
 * @param {number} status
 * @param {string | Buffer} body
 * @param {Record<string, string>} [headers]
 */
export function send(res, status, body, headers = {}) {
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Length': String(Buffer.byteLength(body)), ...headers });
  res.end(res.req?.method === 'HEAD' ? undefined : body);
}

/**
 * Sends a JSON response.
 * @param {ServerResponse} res
 * @param {number} status
 * @param {unknown} value
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, value, headers = {}) {
  send(res, status, JSON.stringify(value), { 'Content-Type': 'application/json; charset=utf-8', ...headers });
}

/**
 * Sends a plain-text response.
 * @param {ServerResponse} res
 * @param {number} status
 * @param {string} text
 */
export function sendText(res, status, text) {
  send(res, status, `${text}\n`, { 'Content-Type': 'text/plain; charset=utf-8' });
}

/**
 * Sends `304 Not Modified`: no body, only the validator.
 * @param {ServerResponse} res
 * @param {string} etag
 */
export function sendNotModified(res, etag) {
  res.writeHead(304, { ...BASE_HEADERS, ETag: etag });
  res.end();
}

/**
 * Sends `405 Method Not Allowed` with the `Allow` header the client should have respected.
 * @param {ServerResponse} res
 * @param {string} allow e.g. `'GET, HEAD'`
 */
export function sendMethodNotAllowed(res, allow) {
  sendJson(res, 405, { error: `method not allowed, use ${allow}` }, { Allow: allow });
}
