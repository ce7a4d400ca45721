/**
 * The bench site on 127.0.0.1: the test page for each variant (`/v/<variant>/…`, every path the page's
 * router knows), its shared app files (`/bench/…`), the peer bundles (`/vendor/<peer>/…`), and `/seglet/…`
 * passed through to the reference server (seglet's script, worker, model and sync). Every response lands in
 * the traffic log with its size, so the bench counts what each SDK downloads by URL.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PEERS_DIR } from './buildPeers.mjs';
import { countResponseBytes, preciseNow, readRequestBody } from './trafficLog.mjs';

const SITE_DIR = fileURLToPath(new URL('../page-cost/site/', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/**
 * @param {object} options
 * @param {string} options.referenceUrl the reference server, e.g. `http://127.0.0.1:1234/`
 * @param {(variant: string) => string | undefined} options.headFor the markup a variant adds to `<head>`
 *   (undefined: no such variant)
 * @param {import('./trafficLog.mjs').TrafficEntry[]} options.entries
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function startSite({ referenceUrl, headFor, entries }) {
  const reference = new URL(referenceUrl);
  const server = http.createServer(async (req, res) => {
    const [rawPath, query = ''] = (req.url ?? '/').split('?');
    const record = (/** @type {string} */ body, /** @type {number} */ at) => countResponseBytes(res, (bytes, script) => entries.push({
      server: 'site', method: req.method ?? '', path: rawPath, query, status: res.statusCode,
      contentType: String(res.getHeader('content-type') ?? ''), bytes, script, body, at,
    }));
    try {
      if (rawPath.startsWith('/seglet/')) return await proxy(req, res, reference, record);
      record('', preciseNow());
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'GET only');
      const variantPage = /^\/v\/([\w-]+)(\/.*)?$/.exec(rawPath);
      if (variantPage) return await servePage(res, variantPage[1], headFor(variantPage[1]));
      if (rawPath.startsWith('/bench/')) return await serveFile(res, SITE_DIR, rawPath.slice('/bench/'.length));
      if (rawPath === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
      if (rawPath.startsWith('/vendor/')) return await serveFile(res, PEERS_DIR, rawPath.slice('/vendor/'.length));
      send(res, 404, 'text/plain', 'not found');
    } catch (error) {
      if (!res.headersSent) send(res, 500, 'text/plain', String(error));
      else res.destroy();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => (server.close(() => resolve()), server.closeAllConnections())),
  };
}

/**
 * The page template with the variant's markup in `<head>` and the router's base path.
 * @param {http.ServerResponse} res
 * @param {string} variant
 * @param {string | undefined} head
 */
async function servePage(res, variant, head) {
  if (head === undefined) return send(res, 404, 'text/plain', `no variant ${variant}`);
  const template = await readFile(path.join(SITE_DIR, 'page.html'), 'utf8');
  const html = template.replace('<!-- variant -->', head).replace('data-base=""', `data-base="/v/${variant}"`);
  send(res, 200, TYPES['.html'], html);
}

/**
 * @param {http.ServerResponse} res
 * @param {string} dir
 * @param {string} rel
 */
async function serveFile(res, dir, rel) {
  if (!/^[\w.-]+(\/[\w.-]+)*$/.test(rel) || rel.split('/').some((s) => s.startsWith('.'))) return send(res, 400, 'text/plain', 'bad path');
  const body = await readFile(path.join(dir, rel)).catch(() => null);
  if (!body) return send(res, 404, 'text/plain', 'not found');
  send(res, 200, TYPES[/** @type {keyof TYPES} */ (path.extname(rel))] ?? 'application/octet-stream', body);
}

/**
 * Passes a request through to the reference server, recording the request body (sync batches) and when it
 * arrived.
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {URL} reference
 * @param {(body: string, at: number) => void} record
 */
async function proxy(req, res, reference, record) {
  const { raw, text } = await readRequestBody(req);
  record(text, preciseNow());
  const upstream = http.request({
    host: reference.hostname, port: reference.port, method: req.method, path: req.url,
    headers: { ...req.headers, host: reference.host },
  });
  upstream.on('response', (answer) => {
    for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined) res.setHeader(name, value);
    res.writeHead(answer.statusCode ?? 502);
    answer.on('data', (chunk) => res.write(chunk));
    answer.on('end', () => res.end());
  });
  upstream.on('error', (error) => (res.headersSent ? res.destroy() : send(res, 502, 'text/plain', String(error))));
  upstream.end(raw);
}

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {string} type
 * @param {string | Buffer} body
 */
function send(res, status, type, body) {
  // setHeader rather than writeHead(…, headers): the traffic log reads the type back with getHeader.
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', 'no-cache');
  res.writeHead(status);
  res.end(body);
}
