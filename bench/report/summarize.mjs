/**
 * Turns the raw runs into what the tables show: per variant, medians over the repetitions (differences
 * from the baseline taken within each repetition first), latency percentiles, and the goals as
 * ratios against their targets.
 */
import { median, percentiles } from '../lib/stats.mjs';

/** seglet's worker script: downloaded, but run off the page's main thread. */
const WORKER_FILE = '/seglet/seglet.worker.js';

/**
 * @param {Awaited<ReturnType<typeof import('../page-cost/runPageCost.mjs').runPageCost>> | null} pageCost
 * @param {Awaited<ReturnType<typeof import('../latency/runLatency.mjs').runLatency>> | null} latency
 */
export function summarize(pageCost, latency) {
  const variants = pageCost ? summarizePageCost(pageCost) : [];
  const lat = latency ? summarizeLatency(latency) : null;
  return { variants, latency: lat, goals: judgeGoals(variants, lat) };
}

/** @param {NonNullable<Parameters<typeof summarize>[0]>} pageCost */
function summarizePageCost({ visits, variants, session }) {
  const interactions = Object.values(session).reduce((a, b) => a + b, 0);
  const baselineOf = (/** @type {number} */ run) => visits.find((v) => v.variant === 'baseline' && v.run === run);
  return variants.map((variant) => {
    const mine = visits.filter((v) => v.variant === variant.name);
    const over = (/** @type {(v: typeof mine[number]) => number} */ pick) =>
      median(mine.map((v) => pick(v) - pick(/** @type {typeof v} */ (baselineOf(v.run)))));
    const js = mine[0]?.js ?? { raw: 0, gzip: 0, files: [] };
    const pageFiles = js.files.filter((f) => f.path !== WORKER_FILE);
    return {
      name: variant.name,
      label: variant.label,
      sdk: variant.sdk,
      autocapture: variant.autocapture,
      runs: mine.length,
      js: {
        raw: median(mine.map((v) => v.js.raw)),
        gzip: median(mine.map((v) => v.js.gzip)),
        pageRaw: pageFiles.reduce((a, f) => a + f.raw, 0),
        pageGzip: pageFiles.reduce((a, f) => a + f.gzip, 0),
        files: js.files.map(({ path, raw, gzip }) => ({ path, raw, gzip })),
      },
      otherBytes: median(mine.map((v) => v.otherBytes)),
      mainThread: {
        taskMs: median(mine.map((v) => v.mainThread.total.task)),
        scriptMs: median(mine.map((v) => v.mainThread.total.script)),
        overBaseline: {
          loadTaskMs: over((v) => v.mainThread.load.task),
          taskMs: over((v) => v.mainThread.total.task),
          scriptMs: over((v) => v.mainThread.total.script),
          interactionTaskMs: over((v) => v.mainThread.interactions.task),
          interactionScriptMs: over((v) => v.mainThread.interactions.script),
        },
        perInteraction: {
          taskMs: over((v) => v.mainThread.interactions.task) / interactions,
          scriptMs: over((v) => v.mainThread.interactions.script) / interactions,
        },
      },
      longTasks: median(mine.map((v) => v.longTasks.count)),
      longTasksOverBaseline: over((v) => v.longTasks.count),
      sdkLongTasks: { median: median(mine.map((v) => v.longFrames.sdkLong)), max: Math.max(0, ...mine.map((v) => v.longFrames.sdkLong)) },
      longFramesWithSdk: median(mine.map((v) => v.longFrames.withSdk)),
      heapMiB: median(mine.map((v) => v.heapBytes / 2 ** 20)),
      heapOverBaselineMiB: over((v) => v.heapBytes / 2 ** 20),
      workerHeapMiB: variant.name === 'seglet' ? median(mine.map((v) => (v.workerHeapBytes ?? NaN) / 2 ** 20)) : null,
      requests: median(mine.map((v) => v.requests)),
      delivered: mine.map((v) => v.delivered),
      errors: [...new Set(mine.flatMap((v) => v.errors))].slice(0, 10),
    };
  });
}

/** @param {NonNullable<Parameters<typeof summarize>[1]>} latency */
function summarizeLatency(latency) {
  const parts = (/** @type {{ enter: number, handled: number, posted: number, arrived: number }[]} */ trials) => ({
    enter: percentiles(trials.map((t) => t.enter)),
    // Where the time goes: the browser's input delay, the page's own work up to its message to the engine,
    // the engine's round trip (worker thread), and the page's work from the answer to the callback.
    inputDelay: percentiles(trials.map((t) => t.handled)),
    pageToPost: percentiles(trials.map((t) => t.posted - t.handled)),
    engineRoundTrip: percentiles(trials.map((t) => t.arrived - t.posted)),
    answerToCallback: percentiles(trials.map((t) => t.enter - t.arrived)),
  });
  return {
    engine: latency.engine,
    coldAtLoad: parts(latency.coldAtLoad),
    coldAfterReady: parts(latency.coldAfterReady),
    warm: parts(latency.warm),
    trackToSync: percentiles(latency.trackToSync),
  };
}

/**
 * The goals: seglet's value, what it is compared with, their ratio, and the ratio the goal allows.
 * @param {ReturnType<typeof summarizePageCost>} variants
 * @param {ReturnType<typeof summarizeLatency> | null} latency
 */
function judgeGoals(variants, latency) {
  const seglet = variants.find((v) => v.name === 'seglet');
  const peers = variants.filter((v) => v.sdk && v.name !== 'seglet');
  const fullFeatured = peers.filter((v) => v.autocapture);
  /** @type {{ id: string, goal: string, unit: string, value: number, reference: number, against: string, ratio: number | null, limit: string, met: boolean }[]} */
  const goals = [];
  // Judged on both CDP measures: all task time (the measure, but it carries the page's own style,
  // layout and paint, whose run-to-run spread is as large as seglet's whole cost) and script time alone.
  for (const [metric, name] of /** @type {const} */ ([['taskMs', 'tasks'], ['scriptMs', 'script']])) {
    if (!seglet || !fullFeatured.length) break;
    const cheapest = fullFeatured.reduce((a, b) => (b.mainThread.perInteraction[metric] < a.mainThread.perInteraction[metric] ? b : a));
    const value = seglet.mainThread.perInteraction[metric];
    const reference = cheapest.mainThread.perInteraction[metric];
    goals.push({ id: `main-thread-${name}`, goal: `main-thread ${name} added per interaction`, unit: 'ms', value, reference, against: `${cheapest.name} (cheapest full-featured peer)`, ratio: value / reference, limit: '≤ 0.20', met: value <= reference / 5 });
  }
  if (seglet) {
    const worst = seglet.sdkLongTasks.max;
    goals.push({ id: 'long-tasks', goal: 'long tasks of seglet\'s own making (its scripts ≥ 50 ms in one frame), worst run', unit: '', value: worst, reference: 0, against: 'none allowed', ratio: null, limit: '0', met: worst === 0 });
  }
  if (seglet && peers.length) {
    const smallest = peers.reduce((a, b) => (b.js.gzip < a.js.gzip ? b : a));
    const value = seglet.js.pageGzip;
    goals.push({ id: 'bundle', goal: 'host-page bundle (gzip)', unit: 'B', value, reference: smallest.js.gzip, against: `${smallest.name} (smallest peer SDK)`, ratio: value / smallest.js.gzip, limit: '< 1', met: value < smallest.js.gzip });
  }
  if (latency) {
    const value = latency.warm.enter.p99;
    goals.push({ id: 'latency', goal: 'click → `enter` callback p99, warm worker', unit: 'ms', value, reference: 16, against: 'one frame (16 ms)', ratio: value / 16, limit: '≤ 1', met: value <= 16 });
  }
  if (seglet) {
    const worst = Math.min(...seglet.delivered);
    goals.push({ id: 'unload', goal: 'events fired in the last 50 ms before leaving that reached the endpoint, worst run', unit: 'of 5', value: worst, reference: 5, against: 'all 5', ratio: worst / 5, limit: '= 1', met: worst === 5 });
  }
  return goals;
}
