/**
 * The demo's first-party cookie that tells one browser's sync batches from another's, so the shop's footer shows
 * a visitor what their own browser sent and nobody else's. It is a random id (128 bits) with no meaning of its
 * own, given with shop pages: HttpOnly (no script of the page reads it), SameSite=Lax (a request from another
 * site does not carry it), kept in memory with the log entries and never written to `sync.ndjson`. The worker's
 * sync requests are same-origin, so they carry it.
 */
import { randomBytes } from 'node:crypto';

/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {import('node:http').ServerResponse} ServerResponse */

export const VIEWER_COOKIE = 'seglet_demo_viewer';

/** 16 random bytes in base64url; anything else in the cookie is not ours and is ignored. */
const VIEWER_ID = /^[A-Za-z0-9_-]{22}$/;

/**
 * The viewer id a request carries, or `null` when it has none (or a malformed one).
 * @param {IncomingMessage} req
 * @returns {string | null}
 */
export function readViewer(req) {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== VIEWER_COOKIE) continue;
    const value = pair.slice(at + 1).trim();
    if (VIEWER_ID.test(value)) return value;
  }
  return null;
}

/**
 * Gives a browser that has no viewer id a new one, with the page `res` is about to send. Only a navigation gets
 * it (or a client that does not say what it fetches): a favicon or a style sheet another site's page asks for
 * here does not.
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 */
export function ensureViewer(req, res) {
  const dest = req.headers['sec-fetch-dest'];
  if (dest !== undefined && dest !== 'document') return;
  if (readViewer(req) !== null) return;
  const id = randomBytes(16).toString('base64url');
  res.setHeader('Set-Cookie', `${VIEWER_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`);
}
