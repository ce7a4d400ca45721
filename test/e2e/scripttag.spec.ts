import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
// @ts-expect-error: plain ESM JavaScript without type declarations
import { startServer } from '../../examples/server/index.mjs';
import { clickInTurn, expect, test as base } from './fixtures';

type Recorded = Array<Record<string, unknown>>;

interface Site {
  url: string;
  syncLog(): Promise<unknown[]>;
  /** Serves `html` at `/g/<name>` of the site and returns its URL. */
  page(name: string, html: string): Promise<string>;
}

const test = base.extend<{ site: Site; cdn: { url: string; requests: string[] } }>({
  /**
   * The reference server, as the fixture's `server`, plus pages written by the test under `/g/`: they name
   * the CDN's port, known only once the test runs. They are served for real rather than by `page.route`,
   * because Chromium treats a routed document as outside the loopback address space and then refuses its
   * requests to the CDN on 127.0.0.1.
   */
  site: async ({}, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'seglet-e2e-'));
    const pagesDir = await mkdtemp(join(tmpdir(), 'seglet-e2e-pages-'));
    const mounts = { '/t/': fileURLToPath(new URL('./pages/', import.meta.url)), '/g/': pagesDir };
    const server = await startServer({ port: 0, dataDir, quiet: true, mounts });
    const url = server.url.replace(/\/$/, '');
    await use({
      url,
      syncLog: async () => structuredClone(server.syncLog),
      page: async (name, html) => (await writeFile(join(pagesDir, name), html), `${url}/g/${name}`),
    });
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(pagesDir, { recursive: true, force: true });
  },
  /**
   * A second origin standing in for a CDN: 127.0.0.1 on a port of its own, serving only `dist/seglet.js` and
   * `dist/seglet.worker.js` under `/seglet/`, with no CORS headers (none are needed) and no model or sync
   * endpoint (a page-relative URL resolved against the CDN would fail). `requests` lists the paths asked for.
   */
  cdn: async ({}, use) => {
    const files: Record<string, string> = { '/seglet/seglet.js': 'seglet.js', '/seglet/seglet.worker.js': 'seglet.worker.js' };
    const requests: string[] = [];
    const cdn = http.createServer(async (req, res) => {
      const path = new URL(req.url ?? '/', 'http://cdn').pathname;
      requests.push(path);
      if (!files[path]) return void res.writeHead(404).end();
      const body = await readFile(new URL(`../../dist/${files[path]}`, import.meta.url));
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(body);
    });
    await new Promise<void>((resolve) => cdn.listen(0, '127.0.0.1', resolve));
    await use({ url: `http://127.0.0.1:${(cdn.address() as AddressInfo).port}`, requests });
    cdn.closeAllConnections();
    await new Promise((resolve) => cdn.close(resolve));
  },
});

/** The headline buttons of the seed model's `breaking-news-reader` rule (three clicks within a minute). */
const HEADLINES = `
  <p data-seglet-show="breaking-news-reader" hidden id="news">News fan</p>
  <button data-seglet-key="headline-a">A</button>
  <button data-seglet-key="headline-b">B</button>
  <button data-seglet-key="headline-c">C</button>`;

/**
 * A page whose `<head>` starts with `/t/csp-setup.js` (it records seglet's events in `window.__events` and CSP
 * violations in `window.__violations`, and turns the webdriver bot signal off), then has `head`.
 */
const html = (head: string, body = HEADLINES) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>seglet script tag</title>
<script src="/t/csp-setup.js"></script>
${head}
</head><body>${body}</body></html>`;

/** Two local rules that tell the order of `step_a` and `step_b` apart, and one that counts page views. */
const RULES = [
  { id: 'a-then-b', when: { sequence: ['step_a', 'step_b'], within: '1h' } },
  { id: 'b-then-a', when: { sequence: ['step_b', 'step_a'], within: '1h' } },
  { id: 'two-views', when: { count: 'page_view', within: '1h', gte: 2 } },
];

const recorded = (page: Page) => page.evaluate(() => (window as unknown as { __events?: Recorded }).__events ?? []);
const errorEvents = async (page: Page) => (await recorded(page)).filter((e) => e.type === 'error');
const whenReady = (page: Page) => expect.poll(async () => (await recorded(page)).map((e) => e.type)).toContain('ready');
const entered = async (page: Page) => (await recorded(page)).filter((e) => e.type === 'enter').map((e) => e.segment);
const onMainThread = (page: Page) => page.evaluate(() => typeof (window as any).__segletEngine !== 'undefined');
const seglet = <T>(page: Page, call: string) => page.evaluate(`window.seglet.${call}`) as Promise<T>;
const segmentIds = async (page: Page) => (await seglet<{ id: string }[]>(page, 'segments()')).map((s) => s.id);
const syncedChanges = async (site: Site) =>
  ((await site.syncLog()) as Array<{ changes?: Array<{ id: string; op: string }> }>).flatMap((b) => b.changes ?? []).map((c) => `${c.op} ${c.id}`);
const hasDatabase = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === 'seglet'));

async function becomeNewsReader(page: Page): Promise<void> {
  await clickInTurn(page, ['a', 'b', 'c'].map((key) => page.locator(`[data-seglet-key="headline-${key}"]`)));
  await expect.poll(() => entered(page)).toContain('breaking-news-reader');
  await expect(page.locator('#news')).toBeVisible();
}

for (const loading of ['async', 'defer']) {
  test(`<script ${loading}> reads its data-model and replays what was pushed before it ran`, async ({ page, site }) => {
    // Pushed after the tag: a deferred script has not run yet, an async one may or may not have.
    await page.goto(await site.page(`${loading}.html`, html(`
      <script ${loading} src="/seglet/seglet.js" data-model="/seglet/model.json"></script>
      <script>
        window.__ranBeforeParse = Array.isArray(window.seglet);
        seglet.push(['config', { rules: ${JSON.stringify(RULES)} }], ['track', 'step_a'], ['track', 'step_b']);
      </script>`)));
    await whenReady(page);
    if (loading === 'defer') expect(await page.evaluate(() => (window as any).__ranBeforeParse)).toBe(true);
    await expect.poll(() => entered(page)).toEqual(['a-then-b']);
    await becomeNewsReader(page); // the model's rule: data-model was read
    expect(await onMainThread(page)).toBe(false);
    expect(await errorEvents(page)).toEqual([]);
  });
}

test('calls pushed before load are replayed in order; push keeps working after load', async ({ page, site }) => {
  await page.goto(await site.page('queue.html', html(`
    <script>
      window.__log = [];
      seglet.push(['on', 'enter', function (e) { __log.push('first ' + e.segment); }]);
      seglet.push(['track', 'step_a']);
      seglet.push(['on', 'enter', function (e) { __log.push('second ' + e.segment); }]);
      seglet.push(['on', 'ready', function () { __log.push('ready'); }]);
      seglet.push(['track', 'step_b']);
      // A config command is read before start, wherever it is in the queue.
      seglet.push(['config', { rules: ${JSON.stringify(RULES)} }]);
    </script>
    <script async src="/seglet/seglet.js"></script>`)));
  const log = () => page.evaluate(() => (window as any).__log as string[]);
  // step_a then step_b, in that order; the two listeners in the order they were pushed; ready once started.
  await expect.poll(log).toEqual(['ready', 'first a-then-b', 'second a-then-b']);
  expect(await segmentIds(page)).toEqual(['a-then-b']);

  expect(await page.evaluate(() => Array.isArray((window as any).seglet))).toBe(false);
  await page.evaluate(() => (window as any).seglet.push(['track', 'step_b'], ['track', 'step_a'], ['nonsense']));
  await expect.poll(log).toEqual(['ready', 'first a-then-b', 'second a-then-b', 'first b-then-a', 'second b-then-a']);
  expect((await segmentIds(page)).sort()).toEqual(['a-then-b', 'b-then-a']);
  expect(await errorEvents(page)).toEqual([]);
});

test('data-model and data-sync take effect', async ({ page, site }) => {
  await page.goto(await site.page('attributes.html', html(`
    <script async src="/seglet/seglet.js" data-model="/seglet/model.json" data-sync="/seglet/sync"></script>`)));
  await whenReady(page);
  await becomeNewsReader(page);
  await seglet(page, 'flush()'); // saves now, and sends now rather than after the batching delay
  await expect.poll(() => syncedChanges(site)).toEqual(['enter breaking-news-reader']);
  expect(await hasDatabase(page)).toBe(true);
});

test('data-require-consent keeps everything in memory until consent is given', async ({ page, site }) => {
  await page.goto(await site.page('require-consent.html', html(`
    <script async src="/seglet/seglet.js" data-model="/seglet/model.json" data-sync="/seglet/sync" data-require-consent></script>`)));
  await whenReady(page);
  await becomeNewsReader(page); // segments work in memory
  await seglet(page, 'flush()'); // resolves once the state is saved, if it is to be
  expect(await hasDatabase(page)).toBe(false);
  expect(await syncedChanges(site)).toEqual([]);

  await page.evaluate(() => (window as any).seglet.push(['consent', 'granted']));
  await seglet(page, 'flush()');
  await expect.poll(() => syncedChanges(site)).toEqual(['enter breaking-news-reader']);
  expect(await hasDatabase(page)).toBe(true);
});

test('data-consent="denied" wins over data-require-consent="false": nothing is processed', async ({ page, site }) => {
  await page.goto(await site.page('denied.html', html(`
    <script async src="/seglet/seglet.js" data-model="/seglet/model.json" data-sync="/seglet/sync"
      data-require-consent="false" data-consent="denied"></script>`)));
  await whenReady(page);
  await clickInTurn(page, ['a', 'b', 'c'].map((key) => page.locator(`[data-seglet-key="headline-${key}"]`)));
  await seglet(page, 'flush()');
  // Events are dropped in the page: once the flush that follows them is done, they would have counted.
  expect(await segmentIds(page)).toEqual([]);
  expect(await syncedChanges(site)).toEqual([]);
  expect(await hasDatabase(page)).toBe(false);
});

test('a script included twice loads once', async ({ page, site }) => {
  await page.goto(await site.page('twice.html', html(`
    <script>seglet.push(['config', { rules: ${JSON.stringify(RULES)} }]);</script>
    <script src="/seglet/seglet.js"></script>
    <script>window.__first = window.seglet;</script>
    <script src="/seglet/seglet.js"></script>`)));
  await whenReady(page);
  expect(await page.evaluate(() => (window as any).seglet === (window as any).__first)).toBe(true);
  expect((await recorded(page)).filter((e) => e.type === 'ready')).toHaveLength(1);
  await seglet(page, 'flush()');
  // One tracker: the load is one page view, not two.
  const explained = await seglet<{ member: boolean; condition: { value: number } }>(page, "explain('two-views')");
  expect(explained).toMatchObject({ member: false, condition: { value: 1 } });
});

test.describe('from a CDN (another origin)', () => {
  test('runs in a worker started from a blob, with the model and sync endpoint the page names', async ({ page, site, cdn }) => {
    await page.goto(await site.page('cdn.html', html(`
      <script async src="${cdn.url}/seglet/seglet.js" data-model="/seglet/model.json" data-sync="/seglet/sync"></script>`)));
    await whenReady(page);
    await becomeNewsReader(page);
    expect(await onMainThread(page)).toBe(false);
    expect(page.workers().map((worker) => worker.url())).toEqual([expect.stringMatching(/^blob:/)]);
    expect(cdn.requests).toEqual(expect.arrayContaining(['/seglet/seglet.js', '/seglet/seglet.worker.js']));
    await seglet(page, 'flush()');
    await expect.poll(() => syncedChanges(site)).toEqual(['enter breaking-news-reader']);
    expect(await hasDatabase(page)).toBe(true); // the page origin's storage: the blob is of the page's origin
    expect(await errorEvents(page)).toEqual([]);
  });

  test('runs under a strict CSP without unsafe-eval, with no violation', async ({ page, site, cdn }) => {
    const csp = `default-src 'none'; script-src 'self' ${cdn.url}; worker-src 'self' blob:; connect-src 'self'`;
    await page.goto(await site.page('cdn-csp.html', html(`
      <meta http-equiv="Content-Security-Policy" content="${csp}">
      <script async src="${cdn.url}/seglet/seglet.js" data-model="/seglet/model.json"></script>`)));
    await whenReady(page);
    await becomeNewsReader(page);
    expect(await onMainThread(page)).toBe(false);
    expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
    expect(await errorEvents(page)).toEqual([]);
  });

  test('a CSP without blob: in worker-src moves the engine to the main thread', async ({ page, site, cdn }) => {
    const csp = `default-src 'none'; script-src 'self' ${cdn.url}; worker-src 'self'; connect-src 'self'`;
    await page.goto(await site.page('cdn-csp-no-blob.html', html(`
      <meta http-equiv="Content-Security-Policy" content="${csp}">
      <script async src="${cdn.url}/seglet/seglet.js" data-model="/seglet/model.json"></script>`)));
    await whenReady(page);
    await becomeNewsReader(page);
    expect(await onMainThread(page)).toBe(true);
    // The refused blob worker is the one violation: the engine never tried the CDN's URL as a worker.
    expect(await page.evaluate(() => (window as any).__violations)).toEqual([expect.stringMatching(/^worker-src blob/)]);
  });

  test('a same-origin worker file that imports the CDN one keeps one engine for all tabs', async ({ page, site, cdn }) => {
    await site.page('seglet.worker.js', `importScripts(${JSON.stringify(`${cdn.url}/seglet/seglet.worker.js`)});\n`);
    const url = await site.page('cdn-shared.html', html(`
      <script>seglet.push(['config', { worker: '/g/seglet.worker.js' }]);</script>
      <script async src="${cdn.url}/seglet/seglet.js" data-model="/seglet/model.json"></script>`));
    const second = await page.context().newPage();
    const errors: Error[] = [];
    second.on('pageerror', (error) => errors.push(error));
    for (const tab of [page, second]) {
      await tab.goto(url);
      await whenReady(tab);
    }
    // Clicks split across the tabs count toward one rule: one engine, in a SharedWorker (not listed as a
    // page's worker).
    const headline = (tab: Page, key: string) => tab.locator(`[data-seglet-key="headline-${key}"]`);
    await clickInTurn(page, [headline(page, 'a'), headline(page, 'b')]);
    await second.waitForTimeout(80); // a person's pace between clicks (see clickInTurn)
    await headline(second, 'c').click();
    for (const tab of [page, second]) {
      await expect.poll(() => entered(tab)).toContain('breaking-news-reader');
      expect(await onMainThread(tab)).toBe(false);
      expect(tab.workers()).toEqual([]);
    }
    expect(errors).toEqual([]);
  });
});
