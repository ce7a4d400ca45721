/**
 * GET /spa/…: the single-page app example, built by `npm run build` into `examples/spa/dist/`. A file there is
 * served as it is; any other path without an extension is one of the app's routes and gets the app's
 * `index.html` (200), so a deep link or a reload of `/spa/product/tent` starts the app, which renders the route.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { send, sendText } from './respond.mjs';
import { serveStatic } from './static.mjs';

/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {import('node:http').ServerResponse} ServerResponse */

export const SPA_PREFIX = '/spa/';

/**
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {string} dir the built app (`examples/spa/dist`)
 * @param {string} rawPath the request path, `/spa` or starting with `/spa/`
 */
export async function serveSpa(req, res, dir, rawPath) {
  if (rawPath === '/spa') return send(res, 308, '', { Location: SPA_PREFIX });
  const rel = rawPath.slice(SPA_PREFIX.length - 1);
  /** @type {(r: ServerResponse, status: number, reason: string) => Promise<void>} */
  const fallback = async (r, status, reason) => {
    // A missing file (`/spa/app.js` before the build) stays a 404; so do refused paths.
    if (status !== 404 || reason !== 'not found' || path.extname(rel) !== '') return sendText(r, status, `${reason} in examples/spa/dist/`);
    const page = await readFile(path.join(dir, 'index.html')).catch(() => null);
    if (page === null) return sendText(r, 404, `seglet: ${dir}/index.html is missing: run npm run build`);
    send(r, 200, page, { 'Content-Type': 'text/html; charset=utf-8' });
  };
  return serveStatic(req, res, { dir, rawPath: rel, tryHtml: false, notFound: fallback });
}
