/**
 * Page cost, side by side: each repetition opens one visitor per variant (each in its own browser context,
 * so its own renderer process), loads them one after another, then plays the scripted visit in lockstep,
 * every step on every page in a fresh random order, so that whatever else the machine does at a moment falls
 * on all variants alike. Then it reads what each page cost, makes each visitor leave right after five custom
 * events, and counts what reached the sinks.
 */
import { buildPeers } from '../lib/buildPeers.mjs';
import { launchBrowser } from '../lib/launchBrowser.mjs';
import { startStack } from '../lib/startStack.mjs';
import { openVisitor, perform } from './openVisitor.mjs';
import { collectedHeap, readMetrics, sharedWorkerHeap } from './pageProbe.mjs';
import { summarizeVisit } from './summarizeVisit.mjs';
import { buildSession, countSteps } from './session.mjs';
import { LEAVE_EVENTS, VARIANTS } from './variants.mjs';

/** After the last input, timers and batches of the SDKs run out before the visit is read. */
const AFTER_VISIT_MS = 2000;
/** How long the sinks wait for what leaving pages sent. */
const AFTER_LEAVE_MS = 3000;

/**
 * @param {{ runs: number, variants?: string[], log: (line: string) => void }} options
 */
export async function runPageCost({ runs, variants: only, log }) {
  const variants = VARIANTS.filter((v) => !only || v.name === 'baseline' || only.includes(v.name));
  await buildPeers(variants.filter((v) => v.peer).map((v) => v.name), { log });
  const stack = await startStack(variants);
  const browser = await launchBrowser();
  const browserCdp = await browser.newBrowserCDPSession();
  const steps = buildSession();
  /** @type {ReturnType<typeof summarizeVisit>[]} */
  const visits = [];
  try {
    for (let run = 0; run < runs; run++) {
      stack.traffic.clear();
      const started = Date.now();
      const visitors = [];
      for (const variant of shuffle(variants)) visitors.push(await openVisitor(browser, variant, stack.site));
      for (const [i, step] of steps.entries()) {
        const due = Date.now() + step.gap;
        for (const visitor of shuffle(visitors)) await perform(visitor, step);
        if (i % 100 === 0) log(`run ${run + 1}/${runs}: step ${i}/${steps.length}`);
        await sleep(due - Date.now());
      }
      await sleep(AFTER_VISIT_MS);
      for (const visitor of visitors) visitor.marks.push(await readMetrics(visitor.cdp));
      const finals = [];
      for (const visitor of visitors) {
        const longTasks = await visitor.page.evaluate(() => /** @type {any} */ (window).__benchPerf);
        const heap = await collectedHeap(visitor.cdp);
        const workerHeap = visitor.variant.name === 'seglet' ? await sharedWorkerHeap(browserCdp, visitor.cdp).catch(() => null) : null;
        finals.push({ visitor, longTasks, heap, workerHeap });
      }
      for (const visitor of shuffle(visitors)) {
        await visitor.page.evaluate((names) => /** @type {any} */ (window).__benchLeave({ names }), LEAVE_EVENTS);
        await visitor.page.waitForURL(/\/bench\/bye\.html$/);
      }
      await sleep(AFTER_LEAVE_MS);
      for (const final of finals) {
        visits.push(summarizeVisit({ ...final, run, entries: stack.traffic.entries, sink: stack.sinkOf(final.visitor.variant.name) }));
        await final.visitor.context.close();
      }
      log(`run ${run + 1}/${runs} done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    await browser.close();
    await stack.close();
  }
  return { runs, session: countSteps(steps), variants: variants.map(({ name, label, sdk, autocapture }) => ({ name, label, sdk, autocapture })), visits };
}

/**
 * @template T
 * @param {T[]} list
 * @returns {T[]} a shuffled copy
 */
function shuffle(list) {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
