/**
 * The README's words under the tables: for each goal missed, by how much and why, from the same results
 * (the profile of the seglet page, the latency breakdown, the load on the machine); then what to know about
 * the peers' setups.
 */

/** What each seglet source file does on the page, for the profile breakdown. */
const WHAT = {
  'src/client/connectEngine.ts': 'handing events to the worker: one structured-cloned `postMessage` per task that has events, one way',
  'src/client/createCaller.ts': 'calls that wait for an answer (start, flush on hide, seal)',
  'src/client/sendOnUnload.ts': 'the unload copy: serializing what the worker has still to deliver, and a `fetchLater` for it when the page is hidden or it waited 5 s (each such call costs the page about 0.6 ms in Chromium)',
  'src/dom/createPersonalizer.ts': 'applying segment changes (classes on `<html>`, personalized slots) and looking at the nodes the page adds',
  'src/dom/segmentCache.ts': 'the segment cache for the next first paint (`localStorage`, written on each change from the engine)',
  'src/tracker/getPath.ts': 'the page path of each event (its `utm_` parameters kept)',
  'src/tracker/trackPages.ts': 'page tracking (History API wrappers, page leave, dwell)',
  'src/tracker/trackScroll.ts': 'scroll depth (the scroll position read on each scroll event, once a frame)',
  'src/tracker/trackClicks.ts': 'click capture',
  'src/createInstance.ts': 'the instance (messages from the engine, events to listeners)',
};

const f = (/** @type {number} */ v, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

/**
 * @param {import('./types.mjs').Results} results
 * @returns {string[]} markdown lines
 */
export function explainMisses(results) {
  const { goals, variants, latency } = results.summary;
  const missed = goals.filter((g) => !g.met);
  const lines = [missed.length ? '**Goals missed, by how much and why.**' : '**All goals met in this run.**', ''];
  // The load average was read at the start and after each stage: [start, page cost, latency, engine].
  const load = Math.max(...results.machine.loadAverage.slice(1, 3));
  for (const goal of missed) {
    if (goal.id.startsWith('main-thread')) lines.push(...mainThread(goal, results), '');
    else if (goal.id === 'latency' && latency) {
      lines.push(
        `- *Decision latency*: p99 ${f(goal.value)} ms against one frame, ${f(goal.ratio ?? NaN, 2)}× the goal. Of a warm trial, the browser's own input delay (before any listener runs) is ${f(latency.warm.inputDelay.p50)} ms at p50 and ${f(latency.warm.inputDelay.p99)} ms at p99; the round trip page → worker → page is ${f(latency.warm.engineRoundTrip.p50)} / ${f(latency.warm.engineRoundTrip.p99)} ms; the page's work from the answer to the callback ${f(latency.warm.answerToCallback.p99)} ms at p99. The engine's own work is microseconds per event (engine table); the rest of the round trip is the worker's handling around it and two threads (the page's, the worker's) each waiting for a core on a machine whose 1-minute load average was up to ${f(load)} on ${results.machine.cores} cores around the latency trials. What seglet itself can still take out of the round trip is the worker's per-event overhead around the engine (event validation, the change and the outbox copy sent back to every tab).`,
        '',
      );
    } else if (goal.id === 'long-tasks') {
      const own = (results.pageCost?.visits ?? []).filter((v) => v.variant === 'seglet').flatMap((v) => v.longFrames.sdk);
      const seglet = variants.find((v) => v.name === 'seglet');
      const long = own.filter((fr) => fr.scripts.filter((s) => s.url.startsWith('/seglet/')).reduce((a, s) => a + s.duration, 0) >= 50);
      lines.push(`- *Long tasks*: seglet's scripts ran 50 ms or more in one frame ${goal.value} time(s) in its worst run (median over runs: ${seglet?.sdkLongTasks.median}): ${long.slice(0, 3).map((fr) => fr.scripts.map((s) => `${s.url} ${s.duration} ms (${s.invoker.replace(/^https?:\/\/[^/]+/, '')})`).join(', ')).join('; ')}. Long animation frames are wall-clock time, while seglet's whole load phase cost the main thread ${f(seglet?.mainThread.overBaseline.loadTaskMs ?? NaN)} ms of thread time over the baseline (median). On a machine this loaded, a frame of a few milliseconds of work can be stretched past 50 ms; the bench counts it all the same.`, '');
    } else if (goal.id === 'bundle') {
      lines.push(`- *Bundle*: the host-page bundle is ${f(goal.value / 1024)} KiB gzip, ${f(goal.ratio ?? NaN, 2)}× ${goal.against}.`, '');
    } else if (goal.id === 'unload') {
      const seglet = variants.find((v) => v.name === 'seglet');
      lines.push(`- *Unload delivery*: ${seglet?.delivered.join(', ')} of 5 per run reached the sync endpoint.`, '');
    }
  }
  lines.push(...peerNotes(results));
  return lines;
}

/**
 * @param {import('./types.mjs').Goal} goal
 * @param {import('./types.mjs').Results} results
 */
function mainThread(goal, results) {
  const baseline = (results.pageCost?.visits ?? []).filter((v) => v.variant === 'baseline').map((v) => v.mainThread.total.task);
  const spread = baseline.length > 1 ? Math.max(...baseline) - Math.min(...baseline) : NaN;
  const head = `- *Main-thread ${goal.id.endsWith('tasks') ? 'tasks' : 'script'} per interaction*: seglet adds ${f(goal.value, 3)} ms, ${goal.against} ${f(goal.reference, 3)} ms: ratio ${f(goal.ratio ?? NaN, 2)} against 0.20, missed by ${f((goal.ratio ?? NaN) / 0.2, 1)}×.`;
  if (goal.id.endsWith('tasks')) {
    return [`${head} All task time includes the page's own style, layout and paint, which varied by ${f(spread, 0)} ms between the baseline's runs, about as much as seglet adds in all; the script-time row is the sharper measure.`];
  }
  const byFile = results.profile?.byFile ?? [];
  const total = byFile.reduce((a, b) => a + b.ms, 0);
  return [
    `${head} Where it goes, from a CPU profile of the seglet page over ${results.profile?.steps ?? 0} steps of the visit (${f(total, 0)} ms of seglet script under the profiler, charged to the innermost seglet module on each stack):`,
    '',
    ...byFile.slice(0, 6).map((e) => `  - \`${e.file}\` ${f(e.ms)} ms (${Math.round((e.ms / total) * 100)}%): ${WHAT[/** @type {keyof WHAT} */ (e.file)] ?? ''}`),
    '',
    '  Each is small per event; together they come to more than the fifth of the cheapest peer\'s cost that the goal allows. Already taken out: a timeout `Error` (with its stack) built for every call; a reply, a promise and a timer per batch of events (events now go one way); a `requestAnimationFrame` per scrolled frame; a `fetchLater` for every copy of the outbox (now only for a copy still undelivered after 5 s, or when the page is hidden). What is left is mostly the price of the design: the engine is in another thread, so every task with events posts a message (a structured clone and a hand-off between threads), and a decision must come back within a frame, so events are not held back to be batched across interactions. A peer pays for building and sending requests instead, which is why seglet\'s total is below theirs, though not five times below.',
  ];
}

/** @param {import('./types.mjs').Results} results */
function peerNotes(results) {
  const { variants } = results.summary;
  const byName = Object.fromEntries(variants.map((v) => [v.name, v]));
  const notes = [
    '**About the peers.** Versions: posthog-js 1.449.2, @snowplow/browser-tracker 4.6.8 with its link, button and form tracking plugins 4.6.8 (the plugins go no further, and need the tracker at ~4.6.8), @segment/analytics-next 1.84.3, @amplitude/analytics-browser 2.47.1 (the newest whose dependencies the registry has).',
    'Segment captures nothing by itself (the page calls `page()` and `track()`), so it is not a full-featured peer for the main-thread goal.',
  ];
  const posthog = byName.posthog;
  if (posthog?.js.files.some((/** @type {{ path: string }} */ file) => file.path.includes('surveys'))) {
    notes.push('posthog-js loads its surveys script lazily as soon as the remote configuration arrives, even for a project with no surveys; it is counted.');
  }
  const amplitude = byName.amplitude;
  if (amplitude && Math.max(...amplitude.delivered) < 5) {
    notes.push(`Amplitude delivered ${amplitude.delivered.join(', ')} of 5 leave events: it batches events and flushes with \`fetch\` every second; its documentation adds a \`pagehide\` handler switching the transport to \`beacon\`, which its autocapture snippet (used here) does not include.`);
  }
  return [notes.join(' ')];
}
