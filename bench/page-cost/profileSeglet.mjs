/**
 * Where seglet's main-thread time goes: a CPU profile of the seglet page over the first part of the scripted
 * visit (alone, since the profiler slows what it watches), each sample charged to the innermost seglet source
 * file on its stack (through `dist/seglet.js.map`), so that a browser call (postMessage, localStorage,
 * fetchLater) counts for the seglet module that made it.
 */
import { readFile } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../lib/launchBrowser.mjs';
import { startStack } from '../lib/startStack.mjs';
import { openVisitor, perform } from './openVisitor.mjs';
import { buildSession } from './session.mjs';
import { VARIANTS } from './variants.mjs';

const SOURCE_MAP = fileURLToPath(new URL('../../dist/seglet.js.map', import.meta.url));
/** Native calls seglet makes on the page's behalf from its wrappers: not charged to seglet. */
const PASS_THROUGH = new Set(['pushState', 'replaceState']);
/** Steps of the visit to profile: ten of its twenty pages. */
const STEPS = 250;

export async function profileSeglet() {
  const variant = /** @type {import('./variants.mjs').Variant} */ (VARIANTS.find((v) => v.name === 'seglet'));
  const map = new SourceMap(JSON.parse(await readFile(SOURCE_MAP, 'utf8')));
  const stack = await startStack([variant]);
  const browser = await launchBrowser();
  try {
    const visitor = await openVisitor(browser, variant, stack.site);
    await visitor.cdp.send('Profiler.enable');
    await visitor.cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await visitor.cdp.send('Profiler.start');
    const steps = buildSession().slice(0, STEPS);
    for (const step of steps) {
      const due = Date.now() + step.gap;
      await perform(visitor, step);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const { profile } = await visitor.cdp.send('Profiler.stop');
    return { steps: steps.length, byFile: chargeToFiles(profile, map) };
  } finally {
    await browser.close();
    await stack.close();
  }
}

/**
 * @typedef {{ id: number, children?: number[], callFrame: { url: string, functionName: string, lineNumber: number, columnNumber: number } }} ProfileNode
 * @typedef {{ nodes: ProfileNode[], samples?: number[], timeDeltas?: number[] }} Profile what CDP `Profiler.stop` returns
 */

/**
 * Milliseconds per seglet source file (innermost seglet frame of each sample), largest first.
 * @param {Profile} profile
 * @param {SourceMap} map
 */
function chargeToFiles(profile, map) {
  const nodes = new Map(profile.nodes.map((/** @type {ProfileNode} */ n) => [n.id, n]));
  /** @type {Map<number, number>} */
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  /** @type {Map<number, string | null>} */
  const fileOf = new Map();
  const segletFile = (/** @type {number} */ id) => {
    if (!fileOf.has(id)) {
      const frame = /** @type {any} */ (nodes.get(id)).callFrame;
      const entry = frame.url.endsWith('/seglet/seglet.js') ? map.findEntry(frame.lineNumber, frame.columnNumber) : null;
      fileOf.set(id, entry && 'originalSource' in entry ? String(entry.originalSource).replace(/^.*?(src\/|node_modules\/)/, '$1') : null);
    }
    return fileOf.get(id);
  };
  /** @type {Map<string, number>} */
  const ms = new Map();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((/** @type {number} */ sample, /** @type {number} */ i) => {
    // The History API calls seglet's wrappers pass on are the page's own work (the baseline makes them too).
    if (PASS_THROUGH.has(/** @type {any} */ (nodes.get(sample)).callFrame.functionName)) return;
    for (let id = /** @type {number | undefined} */ (sample); id !== undefined; id = parents.get(id)) {
      const file = segletFile(id);
      if (file) return void ms.set(file, (ms.get(file) ?? 0) + (deltas[i] ?? 0) / 1000);
    }
  });
  return [...ms].sort((a, b) => b[1] - a[1]).map(([file, time]) => ({ file, ms: Math.round(time * 10) / 10 }));
}
