#!/usr/bin/env node
/**
 * seglet's reference server: serves the demo shop and `dist/`, the model with an ETag, the sync endpoint that
 * stores each batch once, retraining from the stored feature vectors, and a dashboard. Node built-ins only.
 *
 *   node examples/server/index.mjs [--port 8080] [--host 127.0.0.1] [--retrain-every 10m] [--train-k auto|N]
 *                                  [--min-new-vectors 50]
 *   (env PORT / HOST / RETRAIN_EVERY / TRAIN_K / MIN_NEW_VECTORS work too; the schedule is off by default)
 *
 * Routes:
 *   GET  /seglet/model.json   <dataDir>/model.json once trained, else examples/server/model.json (the seed
 *                             model with the demo's rules); strong ETag from the content, 304 on If-None-Match
 *   POST /seglet/sync         a sync batch or forget request (application/json, ≤ 64 KiB), validated with the SDK's
 *                             zod schemas (dist/engine.mjs): 400/413/415 with { error } when refused; each batchId
 *                             stored once in <dataDir>/sync.ndjson, on disk before the 200; a forget deletes the
 *                             visitor's lines from it (syncStore.mjs) before its 200
 *   GET  /seglet/sync/log     the payloads of this run that the requesting browser sent, in arrival order (told
 *                             apart by the viewer cookie, see viewerCookie.mjs; none without it); DELETE clears
 *                             them. The whole log is `syncLog` of the running server, in-process only.
 *   POST /seglet/train        trains now from the latest vector of each visitor; 200 with the report, 409 while
 *                             a run is in progress, 422 with too few vectors (see training.mjs)
 *   GET  /seglet/dashboard    the dashboard page (clusters, members per segment, drift, "Retrain now")
 *   GET  /seglet/dashboard.json  its data
 *   GET  /seglet/<file>       <root>/dist/<file>
 *   GET  /<mount>/…           extra static folders (`mounts` option, for tests)
 *   GET  /spa/…               the single-page app example (examples/spa/dist); its routes get its index.html
 *   GET  /…                   examples/shop/ (`/` → index.html, `/cart` → cart.html)
 * The shop's responses give a browser without one the viewer cookie (viewerCookie.mjs); the SPA, the mounts
 * and /seglet/ set no cookie.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildDashboard, createMemberCache } from './dashboard.mjs';
import { send, sendJson, sendMethodNotAllowed, sendNotModified, sendText } from './respond.mjs';
import { SPA_PREFIX, serveSpa } from './serveSpa.mjs';
import { getContentType, serveStatic } from './static.mjs';
import { MAX_BODY_BYTES, describeSync, isJsonContentType, loadParseSyncPayload, readBody } from './sync.mjs';
import { createSyncStore } from './syncStore.mjs';
import { createTrainer, parseDuration } from './training.mjs';
import { ensureViewer, readViewer } from './viewerCookie.mjs';

/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {import('node:http').ServerResponse} ServerResponse */
/** @typedef {import('./syncStore.mjs').SyncStore} SyncStore */
/** @typedef {import('./sync.mjs').SyncPayload} SyncPayload */

/**
 * @typedef {object} ServerOptions
 * @property {number} [port] 0 picks a free port; default 8080
 * @property {string} [host] default 127.0.0.1
 * @property {string} [root] repository root (holds `dist/` and `examples/`); default derived from this file
 * @property {string} [dataDir] where `sync.ndjson`, the trained `model.json` and `training.json` go; default
 *   `<root>/examples/server/data`, created if missing
 * @property {Record<string, string>} [mounts] extra static folders, e.g. `{ '/t/': '/abs/fixtures' }`
 * @property {boolean} [quiet] no request log on stdout
 * @property {number} [retrainEvery] milliseconds between scheduled training checks; off when absent
 * @property {number} [minNewVectors] a scheduled run needs this many new vector batches since the last run
 *   (default 50)
 * @property {number | 'auto'} [trainK] clusters to train; default 'auto' (2…10 by silhouette)
 * @property {number} [trainSeed] the trainer's random seed (default 1)
 * @property {string[]} [trainFeatures] features to train on; default the model's, else the behaviour features
 */

/**
 * @typedef {object} Context
 * @property {string} distDir
 * @property {string} shopDir
 * @property {string} spaDir the built single-page app example
 * @property {string} modelFile
 * @property {[string, string][]} mounts `[prefix, absolute dir]`, longest prefix first
 * @property {SyncStore} store
 * @property {import('./sync.mjs').ParseSyncPayload} parseSyncPayload the SDK's sync schemas
 * @property {import('./training.mjs').Trainer} trainer
 * @property {string} trainedModelFile `<dataDir>/model.json`
 * @property {(file: string) => Promise<import('./visitors.mjs').MemberScan>} members
 * @property {(line: string) => void} log
 */

/**
 * @typedef {object} RunningServer
 * @property {string} url e.g. `http://127.0.0.1:8080/`
 * @property {number} port the port actually bound (useful with `port: 0`)
 * @property {() => Promise<void>} close stops accepting connections and resolves once the server is closed
 * @property {SyncPayload[]} syncLog the live in-memory log of every accepted sync payload of this run, whichever
 *   browser sent it (GET /seglet/sync/log lists only the requester's)
 */

const DEFAULT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The dashboard's own files live beside this module, whatever `root` is. */
const DASHBOARD_FILES = {
  '/seglet/dashboard': 'dashboard.html',
  '/seglet/dashboard.js': 'dashboard.js',
  '/seglet/dashboard.css': 'dashboard.css',
};
/** The dashboard loads nothing from elsewhere and runs no inline script or style. */
const DASHBOARD_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
  + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const DEFAULT_PORT = 8080;
const DEFAULT_HOST = '127.0.0.1';

/**
 * Starts the reference server and resolves once it listens.
 * @param {ServerOptions} [options]
 * @returns {Promise<RunningServer>}
 * @example
 * const server = await startServer({ port: 0, quiet: true });
 * await fetch(new URL('/seglet/model.json', server.url));
 * await server.close();
 */
export async function startServer(options = {}) {
  const root = path.resolve(options.root ?? DEFAULT_ROOT);
  const dataDir = path.resolve(options.dataDir ?? path.join(root, 'examples/server/data'));
  const parseSyncPayload = await loadParseSyncPayload();
  const store = await createSyncStore(dataDir);
  const log = options.quiet ? () => {} : (/** @type {string} */ line) => console.log(`${new Date().toTimeString().slice(0, 8)} ${line}`);
  const distDir = path.join(root, 'dist');
  const modelFile = path.join(root, 'examples/server/model.json');
  const trainer = await createTrainer({
    dataDir, seedModelFile: modelFile, distDir, store, log,
    k: options.trainK, seed: options.trainSeed, features: options.trainFeatures,
    retrainEvery: options.retrainEvery, minNewVectors: options.minNewVectors,
  });
  /** @type {Context} */
  const ctx = {
    distDir,
    shopDir: path.join(root, 'examples/shop'),
    spaDir: path.join(root, 'examples/spa/dist'),
    modelFile,
    mounts: normalizeMounts(options.mounts ?? {}),
    store,
    parseSyncPayload,
    trainer,
    trainedModelFile: path.join(dataDir, 'model.json'),
    members: createMemberCache(),
    log,
  };
  const server = http.createServer((req, res) => handle(req, res, ctx));
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  let port;
  try {
    port = await listen(server, options.port ?? DEFAULT_PORT, options.host ?? DEFAULT_HOST);
  } catch (error) {
    await trainer.stop();
    throw error;
  }
  return {
    url: `http://${displayHost(options.host ?? DEFAULT_HOST)}:${port}/`,
    port,
    close: () => trainer.stop().then(() => close(server)),
    syncLog: store.log,
  };
}

/**
 * Validates mount prefixes (`/t/`) and sorts them longest first so nested mounts win.
 * @param {Record<string, string>} mounts
 * @returns {[string, string][]}
 */
function normalizeMounts(mounts) {
  return Object.entries(mounts)
    .map(([prefix, dir]) => {
      const normalized = `/${prefix.replace(/^\/+|\/+$/g, '')}/`;
      if (normalized === '//') throw new Error('a mount prefix cannot be "/"');
      return /** @type {[string, string]} */ ([normalized, path.resolve(dir)]);
    })
    .sort((a, b) => b[0].length - a[0].length);
}

/**
 * @param {http.Server} server
 * @param {number} port
 * @param {string} host
 * @returns {Promise<number>} the bound port
 */
function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(/** @type {import('node:net').AddressInfo} */ (server.address()).port);
    });
  });
}

/**
 * Stops accepting connections, lets requests in progress finish for up to `graceMs`, then closes every connection
 * still open (a client holding a request open would otherwise hold close() open for ever).
 * @param {http.Server} server
 * @param {number} [graceMs]
 */
function close(server, graceMs = 1000) {
  return new Promise((resolve, reject) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close((error) => (clearTimeout(force), error ? reject(error) : resolve(undefined)));
    server.closeIdleConnections(); // keep-alive sockets would otherwise hold close() open
  });
}

/** @param {string} host */
function displayHost(host) {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Runs one request; whatever goes wrong becomes a 500 for this request only, never a crash.
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {Context} ctx
 */
function handle(req, res, ctx) {
  req.on('error', () => {}); // a client that hangs up mid-body is not our error
  route(req, res, ctx).catch((error) => {
    console.error(`seglet server: ${req.method} ${req.url} failed:`, error);
    if (!res.headersSent) sendJson(res, 500, { error: 'internal server error' });
    else res.destroy();
  });
}

/**
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {Context} ctx
 */
async function route(req, res, ctx) {
  const rawPath = (req.url ?? '').split('?')[0];
  if (!rawPath.startsWith('/')) return sendJson(res, 400, { error: 'request target must be a path' });
  if (rawPath === '/seglet/model.json') return serveModel(req, res, ctx);
  if (rawPath === '/seglet/sync') return receiveSync(req, res, ctx);
  if (rawPath === '/seglet/sync/log') return serveSyncLog(req, res, ctx);
  if (rawPath === '/seglet/train') return receiveTrain(req, res, ctx);
  if (rawPath === '/seglet/dashboard.json') return serveDashboardData(req, res, ctx);
  if (Object.hasOwn(DASHBOARD_FILES, rawPath)) return serveDashboardFile(req, res, rawPath);
  if (rawPath.startsWith('/seglet/')) return serveDist(req, res, ctx, rawPath.slice('/seglet'.length));
  const mount = ctx.mounts.find(([prefix]) => rawPath.startsWith(prefix));
  if (mount) {
    const [prefix, dir] = mount;
    return serveStatic(req, res, { dir, rawPath: rawPath.slice(prefix.length - 1), tryHtml: true, notFound: plainNotFound });
  }
  if (rawPath === '/spa' || rawPath.startsWith(SPA_PREFIX)) return serveSpa(req, res, ctx.spaDir, rawPath);
  const notFound = (/** @type {ServerResponse} */ r, /** @type {number} */ s, /** @type {string} */ why) =>
    shopNotFound(r, s, why, ctx);
  // The shop's footer lists what this browser's batches carried: the cookie tells browsers apart.
  if (req.method === 'GET' || req.method === 'HEAD') ensureViewer(req, res);
  return serveStatic(req, res, { dir: ctx.shopDir, rawPath, tryHtml: true, notFound });
}

/**
 * GET /seglet/model.json: the trained model when there is one, else the seed; re-read per request, so a new
 * training run or an edit of the file changes the ETag.
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {Context} ctx
 */
async function serveModel(req, res, ctx) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendMethodNotAllowed(res, 'GET, HEAD');
  const file = await ctx.trainer.modelFile();
  const body = await readFile(file).catch(() => null);
  if (body === null) return sendJson(res, 404, { error: `no model at ${file}` });
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  if (etagMatches(req.headers['if-none-match'], etag)) return sendNotModified(res, etag);
  send(res, 200, body, { 'Content-Type': 'application/json; charset=utf-8', ETag: etag });
}

/**
 * `If-None-Match` uses the weak comparison (RFC 9110 §13.1.2): `W/"x"` matches `"x"`, and `*` matches anything.
 * @param {string | undefined} header
 * @param {string} etag
 */
function etagMatches(header, etag) {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/**
 * POST /seglet/sync: validate with the SDK's schemas, store once (on disk), acknowledge.
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {Context} ctx
 */
async function receiveSync(req, res, ctx) {
  if (req.method !== 'POST') return sendMethodNotAllowed(res, 'POST');
  const refuse = (/** @type {number} */ status, /** @type {string} */ error) => {
    ctx.log(`sync ${status} ${error}`);
    // After a 413 the rest of the body may still be in flight: close rather than parse it as the next request.
    sendJson(res, status, { error }, status === 413 ? { Connection: 'close' } : {});
  };
  const read = await readBody(req, MAX_BODY_BYTES);
  if ('refused' in read && read.refused === 'aborted') return ctx.log('sync aborted by the client');
  if ('refused' in read) return refuse(413, `body larger than ${MAX_BODY_BYTES} bytes`);
  if (!isJsonContentType(req.headers['content-type'])) return refuse(415, 'content-type must be application/json');
  let value;
  try {
    value = JSON.parse(read.body.toString('utf8'));
  } catch (error) {
    return refuse(400, `invalid JSON: ${/** @type {Error} */ (error).message}`);
  }
  const parsed = ctx.parseSyncPayload(value);
  if (!parsed.ok) return refuse(400, parsed.reason);
  const payload = parsed.payload;
  const result = await ctx.store.accept(payload, readViewer(req));
  ctx.log(describeSync(payload, result));
  sendJson(res, 200, result === 'stored' ? { ok: true } : { ok: true, [result]: true });
}

/**
 * GET /seglet/sync/log lists what this run accepted from the requesting browser (by its viewer cookie; nothing
 * without one): the shop's footer shows a visitor their own batches, never another visitor's. DELETE drops
 * them from the list (the file is kept).
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {Context} ctx
 */
function serveSyncLog(req, res, ctx) {
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'DELETE') return sendMethodNotAllowed(res, 'GET, HEAD, DELETE');
  const viewer = readViewer(req);
  if (req.method !== 'DELETE') return sendJson(res, 200, viewer === null ? [] : ctx.store.logOf(viewer));
  if (viewer !== null) ctx.store.clear(viewer);
  sendJson(res, 200, { ok: true });
}

/**
 * POST /seglet/train: one training run now; answers with its report (or why there is none).
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {Context} ctx
 */
async function receiveTrain(req, res, ctx) {
  if (req.method !== 'POST') return sendMethodNotAllowed(res, 'POST');
  // A page on another site may not retrain this server (a form post carries its Origin).
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host}` && origin !== `https://${req.headers.host}`) {
    return sendJson(res, 403, { error: 'cross-origin training requests are refused' });
  }
  req.resume(); // the body, if any, means nothing
  const { status, body } = await ctx.trainer.run('manual');
  sendJson(res, status, body);
}

/**
 * GET /seglet/dashboard.json: the dashboard's data, computed per request (member counts cached per file state).
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {Context} ctx
 */
async function serveDashboardData(req, res, ctx) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendMethodNotAllowed(res, 'GET, HEAD');
  const data = await buildDashboard({
    modelFile: await ctx.trainer.modelFile(), trainedFile: ctx.trainedModelFile, syncFile: ctx.store.file,
    training: ctx.trainer.status(), members: ctx.members,
  });
  sendJson(res, 200, data);
}

/**
 * GET /seglet/dashboard (and its script and style sheet), with a strict CSP.
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {string} rawPath one of the keys of DASHBOARD_FILES
 */
async function serveDashboardFile(req, res, rawPath) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendMethodNotAllowed(res, 'GET, HEAD');
  const name = DASHBOARD_FILES[/** @type {keyof typeof DASHBOARD_FILES} */ (rawPath)];
  const body = await readFile(new URL(name, import.meta.url));
  send(res, 200, body, { 'Content-Type': getContentType(name), 'Content-Security-Policy': DASHBOARD_CSP, 'Referrer-Policy': 'no-referrer' });
}

/**
 * GET /seglet/<file> from `dist/`, with a hint when the build has not run.
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {Context} ctx
 * @param {string} rawPath
 */
async function serveDist(req, res, ctx, rawPath) {
  const built = await stat(ctx.distDir).then((info) => info.isDirectory(), () => false);
  if (!built && (req.method === 'GET' || req.method === 'HEAD')) {
    return sendText(res, 404, `seglet: ${ctx.distDir} does not exist: run npm run build`);
  }
  const notFound = (/** @type {ServerResponse} */ r, /** @type {number} */ status, /** @type {string} */ why) =>
    sendText(r, status, `seglet: ${why} in dist/ (is the build up to date? run npm run build)`);
  return serveStatic(req, res, { dir: ctx.distDir, rawPath, tryHtml: false, notFound });
}

/**
 * @param {ServerResponse} res
 * @param {number} status
 * @param {string} reason
 */
function plainNotFound(res, status, reason) {
  sendText(res, status, `${status === 404 ? 'Not found' : 'Bad request'}: ${reason}`);
}

/**
 * The shop's own 404 page (`404.html`) when it exists, so a mistyped link still looks like the shop.
 * @param {ServerResponse} res
 * @param {number} status
 * @param {string} reason
 * @param {Context} ctx
 */
async function shopNotFound(res, status, reason, ctx) {
  const page = status === 404 ? await readFile(path.join(ctx.shopDir, '404.html')).catch(() => null) : null;
  if (page === null) return plainNotFound(res, status, reason);
  send(res, 404, page, { 'Content-Type': 'text/html; charset=utf-8' });
}

/**
 * Reads the command line (or the environment) and starts the server; exits with a message on bad input.
 * @param {string[]} argv
 */
async function main(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' }, host: { type: 'string' }, 'retrain-every': { type: 'string' }, 'train-k': { type: 'string' },
      'min-new-vectors': { type: 'string' },
    },
  });
  const portText = values.port ?? process.env.PORT ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new Error(`invalid port "${portText}"`);
  const retrainEvery = parseDuration(values['retrain-every'] ?? process.env.RETRAIN_EVERY ?? '');
  const kText = values['train-k'] ?? process.env.TRAIN_K ?? 'auto';
  if (kText !== 'auto' && !/^[1-9]\d*$/.test(kText)) throw new Error(`invalid --train-k "${kText}": use auto or a positive integer`);
  const minText = values['min-new-vectors'] ?? process.env.MIN_NEW_VECTORS;
  if (minText !== undefined && !/^\d+$/.test(minText)) throw new Error(`invalid --min-new-vectors "${minText}"`);
  const server = await startServer({
    port, host: values.host ?? process.env.HOST ?? DEFAULT_HOST, retrainEvery,
    trainK: kText === 'auto' ? 'auto' : Number(kText), minNewVectors: minText === undefined ? undefined : Number(minText),
  });
  console.log(`seglet demo: ${server.url}  (dashboard: ${server.url}seglet/dashboard)`);
  if (retrainEvery !== undefined) console.log(`seglet: retraining every ${values['retrain-every'] ?? process.env.RETRAIN_EVERY} when enough new vectors arrived`);
  const built = await stat(path.join(DEFAULT_ROOT, 'dist/seglet.js')).then(() => true, () => false);
  if (!built) console.error('seglet: dist/seglet.js is missing: run npm run build (the pages will load without the SDK)');
  const stop = () => server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((/** @type {Error} */ error) => {
    console.error(`seglet server: ${error.message}`);
    process.exit(1);
  });
}
