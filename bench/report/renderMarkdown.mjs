/**
 * The bench's markdown: page cost side by side, decision latency, engine throughput, the goals, and the
 * machine they were measured on. Printed by `npm run bench` and written into the README by
 * `npm run bench:readme`, from the same `bench/results/latest.json`.
 */

const kib = (/** @type {number} */ bytes) => (bytes / 1024).toFixed(1);
const ms = (/** @type {number} */ value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const signed = (/** @type {number} */ value, digits = 1) => (Number.isFinite(value) ? `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}` : '–');

/**
 * @param {import('./types.mjs').Results} results
 */
export function renderMarkdown(results) {
  const parts = [];
  if (results.summary.variants.length) parts.push(pageCostTable(results), '');
  if (results.summary.latency) parts.push(latencyTable(results.summary.latency), '');
  if (results.engine?.length) parts.push(engineTable(results.engine), '');
  if (results.summary.goals.length) parts.push(goalsTable(results.summary.goals), '');
  parts.push(machineLine(results));
  return parts.join('\n');
}

/** @param {import('./types.mjs').Results} results */
function pageCostTable(results) {
  const { variants } = results.summary;
  const session = results.pageCost?.session ?? { wheel: 0, click: 0, navigate: 0, key: 0 };
  const interactions = Object.values(session).reduce((a, b) => a + b, 0);
  const rows = variants.filter((v) => v.sdk).map((v) => {
    const m = v.mainThread;
    return `| ${v.label} | ${kib(v.js.raw)} / ${kib(v.js.gzip)} | ${kib(v.js.pageGzip)} | ${signed(m.overBaseline.taskMs, 0)} / ${signed(m.overBaseline.scriptMs, 0)} | ${signed(m.perInteraction.taskMs, 3)} / ${signed(m.perInteraction.scriptMs, 3)} | ${v.longTasks} / ${v.sdkLongTasks.max} | ${signed(v.heapOverBaselineMiB, 2)}${v.workerHeapMiB !== null ? ` (+${ms(v.workerHeapMiB, 2)} in its worker)` : ''} | ${v.requests} | ${v.delivered.join(', ')} |`;
  });
  const base = variants.find((v) => v.name === 'baseline');
  return [
    `**Page cost** (one scripted visit per variant, ${results.pageCost?.runs ?? 0} repetition${results.pageCost?.runs === 1 ? '' : 's'}, medians; ${session.wheel} wheel steps, ${session.click} clicks, ${session.navigate} SPA navigations, ${session.key} keystrokes = ${interactions} interactions):`,
    '',
    '| SDK | JS downloaded, KiB raw / gzip | of it on the page, KiB gzip | main thread over baseline, ms: tasks / script | per interaction, ms: tasks / script | long tasks: all / SDK\'s own (max) | JS heap over baseline, MiB | requests sent | leave events delivered (of 5, per run) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    base
      ? `The baseline page (no SDK) itself: ${ms(base.mainThread.taskMs, 0)} ms of main-thread tasks (${ms(base.mainThread.scriptMs, 0)} ms script), ${base.longTasks} long tasks, ${ms(base.heapMiB, 2)} MiB JS heap. Main-thread time is CDP \`TaskDuration\` / \`ScriptDuration\` in thread time; "SDK's own" long tasks are long animation frames in which the SDK's scripts alone ran 50 ms or more.`
      : '',
  ].join('\n');
}

/** @param {NonNullable<import('./types.mjs').Results['summary']['latency']>} latency */
function latencyTable(latency) {
  const row = (/** @type {string} */ name, /** @type {import('./types.mjs').Percentiles} */ p) =>
    `| ${name} | ${p.n} | ${ms(p.p50)} | ${ms(p.p95)} | ${ms(p.p99)} | ${ms(p.max)} |`;
  return [
    `**Decision latency** (engine in a ${latency.engine}; milliseconds):`,
    '',
    '| from → to | trials | p50 | p95 | p99 | max |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    row('click → `enter` callback, warm worker', latency.warm.enter),
    row('  of which input delay (browser, before any listener)', latency.warm.inputDelay),
    row('  of which page → engine → page (worker thread)', latency.warm.engineRoundTrip),
    row('click → `enter`, first click after `ready` (new visitor)', latency.coldAfterReady.enter),
    row('click → `enter`, first click at `load` (new visitor, worker starting)', latency.coldAtLoad.enter),
    row('`track()` → sync request at the endpoint', latency.trackToSync),
  ].join('\n');
}

/** @param {import('./types.mjs').EngineRow[]} engine */
function engineTable(engine) {
  return [
    '**Engine throughput** (`npm run bench:engine`: the engine alone in Node, one visitor, a plausible event mix at a brisk human pace; rule sets grow with rules on other events, as a site adds campaigns; median of three runs, each over 20,000 events after the history):',
    '',
    '| rules | history (events) | µs per event | events/s | process heap after (MiB) | state (KiB, JSON) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...engine.map((r) => `| ${r.rules} | ${r.history.toLocaleString('en')} | ${r.usPerEvent.toFixed(2)} | ${r.eventsPerSecond.toLocaleString('en')} | ${r.heapMiB.toFixed(1)} | ${r.stateKiB.toFixed(0)} |`),
  ].join('\n');
}

/** @param {import('./types.mjs').Goal[]} goals */
function goalsTable(goals) {
  const value = (/** @type {import('./types.mjs').Goal} */ g, /** @type {number} */ v) =>
    g.unit === 'ms' ? `${ms(v, Math.abs(v) < 1 ? 3 : 1)} ms` : g.unit === 'B' ? `${kib(v)} KiB` : `${v}${g.unit ? ` ${g.unit}` : ''}`;
  return [
    '**Goals** (seglet against the reference; ratio = seglet / reference):',
    '',
    '| goal | seglet | reference | ratio | goal ratio | met |',
    '| --- | ---: | --- | ---: | ---: | :---: |',
    ...goals.map((g) => `| ${g.goal} | ${value(g, g.value)} | ${value(g, g.reference)}, ${g.against} | ${g.ratio === null ? '–' : g.ratio.toFixed(2)} | ${g.limit} | ${g.met ? 'yes' : '**no**'} |`),
  ].join('\n');
}

/** @param {import('./types.mjs').Results} results */
function machineLine({ machine, date }) {
  const load = machine.loadAverage.map((l) => l.toFixed(1)).join(' → ');
  return `Measured ${date.slice(0, 10)} by \`npm run bench\` on ${machine.cpu} (${machine.cores} cores), ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, Chromium ${machine.chromium}; 1-minute load average ${load} during the run (other jobs shared the machine); seglet ${machine.commit}.`;
}
