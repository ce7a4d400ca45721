/**
 * Static file serving for the reference server: turns a raw request path into a file inside one folder, or
 * refuses. Paths are checked after percent-decoding, because `%2e%2e%2f` is `../` to the file system.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { send, sendMethodNotAllowed } from './respond.mjs';

/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {import('node:http').ServerResponse} ServerResponse */
/** @typedef {{ status: number, reason: string }} Refusal */

/** @type {Record<string, string>} */
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

/**
 * Returns the `Content-Type` for a file name (`application/octet-stream` when unknown).
 * @param {string} file
 */
export function getContentType(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Decodes a raw URL path (starting with `/`) into a relative, traversal-free path, or explains the refusal.
 * Rejects `..` and `.` segments, backslashes, NUL and absolute paths (`//etc/passwd`) with 400, and hides
 * dot-files (`.env`, `.git/…`) behind a 404.
 * @param {string} rawPath
 * @returns {{ rel: string } | Refusal}
 */
export function toSafeRelativePath(rawPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { status: 400, reason: 'malformed percent-encoding' };
  }
  if (!decoded.startsWith('/') || decoded.startsWith('//')) return { status: 400, reason: 'absolute path' };
  if (decoded.includes('\0') || decoded.includes('\\')) return { status: 400, reason: 'forbidden character' };
  const rel = decoded.slice(1);
  const segments = rel.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return { status: 400, reason: 'path traversal' };
  if (segments.some((s) => s.startsWith('.'))) return { status: 404, reason: 'hidden file' };
  return { rel };
}

/**
 * Lists the files a relative path may mean: itself, `index.html` for folders, and `<path>.html` for
 * extension-less paths when `tryHtml` is set (so `/product-tent` finds `product-tent.html`).
 * @param {string} rel
 * @param {boolean} tryHtml
 */
function candidateFiles(rel, tryHtml) {
  if (rel === '' || rel.endsWith('/')) return [`${rel}index.html`];
  const candidates = [rel, `${rel}/index.html`];
  if (tryHtml && path.extname(rel) === '') candidates.splice(1, 0, `${rel}.html`);
  return candidates;
}

/**
 * Finds the first candidate that is a regular file inside `dir`, or `null`.
 * @param {string} dir absolute folder
 * @param {string} rel safe relative path
 * @param {boolean} tryHtml
 */
async function findFile(dir, rel, tryHtml) {
  for (const candidate of candidateFiles(rel, tryHtml)) {
    const file = path.resolve(dir, candidate);
    // Belt and braces: toSafeRelativePath already refused `..`, but a resolved path must never leave `dir`.
    if (!file.startsWith(dir + path.sep)) continue;
    const info = await stat(file).catch(() => null);
    if (info?.isFile()) return file;
  }
  return null;
}

/**
 * Serves a file from `dir` for a `GET` or `HEAD` request; other methods get 405, refused paths 400/404.
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {{ dir: string, rawPath: string, tryHtml: boolean,
 *   notFound: (res: ServerResponse, status: number, reason: string) => void | Promise<void> }} where
 *   `rawPath` is the still-encoded path below `dir`, starting with `/`
 */
export async function serveStatic(req, res, { dir, rawPath, tryHtml, notFound }) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendMethodNotAllowed(res, 'GET, HEAD');
  const safe = toSafeRelativePath(rawPath);
  if ('reason' in safe) return notFound(res, safe.status, safe.reason);
  const file = await findFile(path.resolve(dir), safe.rel, tryHtml);
  if (file === null) return notFound(res, 404, 'not found');
  const body = await readFile(file);
  send(res, 200, body, { 'Content-Type': getContentType(file) });
}
