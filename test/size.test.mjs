// Size budgets: measured, then set just above. Lower them when the bundles shrink; never raise one
// without saying why in the commit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGETS = [
  // The host-page bundle: tracker, API, DOM personalization, worker client (SharedWorker, Worker, main thread).
  { file: 'dist/seglet.js', gzip: 5395 },
  { file: 'dist/seglet.mjs', gzip: 5225 },
  // The worker: the engine (the whole rule language, features, explain, clusters), rule and model validation
  // (zod/mini), the model's lifecycle (ETag, cache, refresh), sync (outbox, retries), the many-tab host,
  // IndexedDB (idb), the call protocol (workers/serve.ts), every call's arguments checked at the boundary, the
  // visitor's lifecycle table, page rules remembered across pages, bot reasons in words, the page's copy of the
  // outbox ready to send on unload (bodies within 64 KiB, the batches to seal), start URLs resolved, a stored model
  // brought into force when consent comes after start-up, an identify() that outlived a forget() dropped, page_leave
  // measures kept within their bounds and weights never negative.
  { file: 'dist/seglet.worker.js', gzip: 24540 },
  // Added to the page only with `consent: 'tcf' | 'gcm'`, `dataLayer: true` or `cookie: true`: the TCF client (stub,
  // locator frame, postMessage), Consent Mode's commands, the dataLayer reader, the GA4 commerce mapping and the
  // opt-in cookie mirror (moved here from the page bundle).
  { file: 'dist/seglet.integrations.js', gzip: 1730 },
  // Added to the page only once it has a variant slot: the renderer of <template data-seglet-variant>.
  { file: 'dist/seglet.variants.js', gzip: 420 },
];

for (const { file, gzip } of BUDGETS) {
  test(`${file} stays within ${gzip} bytes gzipped`, () => {
    const source = readFileSync(new URL(`../${file}`, import.meta.url));
    const size = gzipSync(source, { level: 9 }).length;
    console.log(`${file}: ${source.length} bytes, ${size} bytes gzip (budget ${gzip})`);
    assert.ok(size <= gzip, `${file} is ${size} bytes gzipped, over its budget of ${gzip}`);
  });
}

test('the host-page bundle carries no zod, idb or eval', () => {
  for (const file of ['dist/seglet.js', 'dist/seglet.mjs', 'dist/seglet.integrations.js']) {
    const source = readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
    assert.doesNotMatch(source, /ZodError|\$ZodType|indexedDB|openDB/, `${file} bundles zod or idb`);
    assert.doesNotMatch(source, /\beval\(|new Function\(/, `${file} uses eval`);
  }
});

test('the worker never generates code (runs under a CSP without unsafe-eval)', () => {
  const source = readFileSync(new URL('../dist/seglet.worker.js', import.meta.url), 'utf8');
  assert.doesNotMatch(source, /\beval\(|new Function\(/);
  // zod is configured jitless, so its `new Function` paths are never taken; the configuration must be there.
  assert.match(source, /jitless:\s*!0|jitless:\s*true/);
});
