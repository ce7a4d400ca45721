/**
 * One visitor's figures for one repetition: main-thread time by phase, heap, long tasks (and the long
 * animation frames an SDK's scripts ran in), the SDK's downloads, its requests home, and the leave events
 * that reached its sink.
 */
import { gzipSync } from 'node:zlib';
import { countDelivered } from './variants.mjs';

/** A task this long or longer is a long task (the Long Tasks API's threshold). */
const LONG_MS = 50;

/**
 * @typedef {object} VisitSummary
 * @property {string} variant
 * @property {number} run
 * @property {{ load: Phase, interactions: Phase, total: Phase }} mainThread milliseconds of main-thread time
 * @property {number} heapBytes the page's JS heap after a GC, at the end of the visit
 * @property {number | null} workerHeapBytes seglet's SharedWorker heap after a GC
 * @property {{ count: number, ms: number }} longTasks
 * @property {{ count: number, withSdk: number, sdkLong: number, sdkScriptMs: number, sdk: SdkFrame[] }} longFrames
 *   long animation frames; those in which the SDK's own scripts ran; those in which they alone ran 50 ms or
 *   more (a long task of the SDK's own making); how long its scripts ran in them; the first ten
 * @property {{ raw: number, gzip: number, files: { path: string, raw: number, gzip: number }[] }} js
 * @property {number} otherBytes non-script downloads of the SDK (model, settings, remote config)
 * @property {number} requests requests the SDK sent home (sync, events), preflights left out
 * @property {number} delivered of the 5 leave events
 * @property {string[]} errors
 */
/** @typedef {{ task: number, script: number, layout: number }} Phase */
/** @typedef {{ start: number, duration: number, scripts: { url: string, invoker: string, duration: number }[] }} SdkFrame */

/**
 * @param {object} input
 * @param {import('./openVisitor.mjs').Visitor} input.visitor
 * @param {{ longTasks: { duration: number }[], frames: SdkFrame[] }} input.longTasks
 * @param {number} input.heap
 * @param {number | null} input.workerHeap
 * @param {number} input.run
 * @param {import('../lib/trafficLog.mjs').TrafficEntry[]} input.entries
 * @param {string} input.sink the variant's sink origin ('' for none)
 * @returns {VisitSummary}
 */
export function summarizeVisit({ visitor, longTasks, heap, workerHeap, run, entries, sink }) {
  const { variant, marks } = visitor;
  const phase = (/** @type {number} */ from, /** @type {number} */ to) => ({
    task: (marks[to].task - marks[from].task) * 1000,
    script: (marks[to].script - marks[from].script) * 1000,
    layout: (marks[to].layout - marks[from].layout) * 1000,
  });
  const owned = entries.filter((e) => variant.owns(e));
  const files = owned.filter((e) => e.script).map((e) => ({ path: e.path, raw: e.bytes, gzip: gzipSync(/** @type {Buffer} */ (e.script), { level: 9 }).length }));
  // The SDK's own files: seglet's under /seglet/, a peer's bundle and chunks, and what it loads from its hosts.
  const isSdkScript = (/** @type {string} */ url) => {
    if (!variant.sdk || !url) return false;
    if (sink && url.startsWith(sink)) return true;
    const path = new URL(url).pathname;
    return variant.name === 'seglet' ? path.startsWith('/seglet/') : path.startsWith(`/vendor/${variant.name}/`);
  };
  const sdkMs = (/** @type {SdkFrame} */ f) => f.scripts.filter((s) => isSdkScript(s.url)).reduce((a, s) => a + s.duration, 0);
  const sdkFrames = longTasks.frames.filter((f) => f.scripts.some((s) => isSdkScript(s.url)));
  return {
    variant: variant.name,
    run,
    mainThread: { load: phase(0, 1), interactions: phase(1, 2), total: phase(0, 2) },
    heapBytes: heap,
    workerHeapBytes: workerHeap,
    longTasks: { count: longTasks.longTasks.length, ms: longTasks.longTasks.reduce((a, t) => a + t.duration, 0) },
    longFrames: {
      count: longTasks.frames.length,
      withSdk: sdkFrames.length,
      sdkLong: sdkFrames.filter((f) => sdkMs(f) >= LONG_MS).length,
      sdkScriptMs: sum(sdkFrames.map(sdkMs)),
      sdk: sdkFrames.slice(0, 10).map(({ start, duration, scripts }) => ({
        start: Math.round(start), duration: Math.round(duration),
        scripts: scripts.map((s) => ({ url: s.url.replace(/^https?:\/\/[^/]+/, ''), invoker: s.invoker, duration: Math.round(s.duration) })),
      })),
    },
    js: { raw: sum(files.map((f) => f.raw)), gzip: sum(files.map((f) => f.gzip)), files },
    otherBytes: sum(owned.filter((e) => !e.script && e.method === 'GET').map((e) => e.bytes)),
    requests: owned.filter((e) => e.method !== 'GET' && e.method !== 'OPTIONS' && e.method !== 'HEAD').length,
    delivered: variant.sdk ? countDelivered(variant, entries) : 0,
    errors: visitor.errors,
  };
}

/** @param {number[]} values */
const sum = (values) => values.reduce((a, b) => a + b, 0);
