// The reference server's /spa/ route: the built single-page app, with its index.html for the app's own routes.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer } from '../examples/server/index.mjs';

const INDEX = '<!doctype html><title>the app</title>\n';

/** @type {string} */
let root;
/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;

/**
 * A request with the path exactly as given (fetch would normalize `..` away).
 * @param {string} rawPath
 * @param {string} [method]
 * @returns {Promise<{ status: number, headers: http.IncomingHttpHeaders, body: string }>}
 */
function request(rawPath, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: rawPath, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'seglet-server-spa-'));
  await mkdir(path.join(root, 'examples/server'), { recursive: true });
  await mkdir(path.join(root, 'examples/spa/dist'), { recursive: true });
  await writeFile(path.join(root, 'examples/server/model.json'), '{"version":"a","rules":[]}\n');
  await writeFile(path.join(root, 'examples/spa/dist/index.html'), INDEX);
  await writeFile(path.join(root, 'examples/spa/dist/app.js'), 'export {};\n');
  await writeFile(path.join(root, 'secret.txt'), 'not for the web\n');
  server = await startServer({ port: 0, root, dataDir: path.join(root, 'data'), quiet: true });
});

afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

test('serves the app and its files under /spa/', async () => {
  expect(await request('/spa/')).toMatchObject({ status: 200, body: INDEX });
  const script = await request('/spa/app.js');
  expect(script.status).toBe(200);
  expect(script.headers['content-type']).toMatch(/^text\/javascript/);
});

test("answers the app's routes (paths without an extension) with its index.html", async () => {
  for (const route of ['/spa/products', '/spa/product/tent', '/spa/product/tent/', '/spa/a/b/c']) {
    const res = await request(route);
    expect(res, route).toMatchObject({ status: 200, body: INDEX });
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  }
  expect(await request('/spa/product/tent', 'HEAD')).toMatchObject({ status: 200, body: '' });
});

test('a missing file stays a 404, and refused paths are never the app', async () => {
  expect((await request('/spa/missing.js')).status).toBe(404);
  expect(await request('/spa/../secret.txt')).toMatchObject({ status: 400 });
  expect(await request('/spa/%2e%2e/secret.txt')).toMatchObject({ status: 400 });
  const hidden = await request('/spa/.env');
  expect(hidden.status).toBe(404);
  expect(hidden.body).not.toContain('the app');
  expect((await request('/spa/product/tent', 'POST')).status).toBe(405);
});

test('redirects /spa to /spa/, and says to build when the app is not built', async () => {
  expect(await request('/spa')).toMatchObject({ status: 308, headers: { location: '/spa/' } });
  await rm(path.join(root, 'examples/spa/dist'), { recursive: true });
  const res = await request('/spa/product/tent');
  expect(res.status).toBe(404);
  expect(res.body).toContain('npm run build');
});
