/**
 * Decision latency, in real Chromium against the reference server: from a click (the input event's own
 * time stamp) to seglet's `enter` callback in the page, with a cold worker (a new visitor: the first click
 * right at `load`, or the first click once `ready` fired) and a warm one (the same page, trial after trial);
 * and from `track()` to the sync request that carries the change reaching the sync endpoint.
 */
import { launchBrowser, newVisitor } from '../lib/launchBrowser.mjs';
import { startStack } from '../lib/startStack.mjs';
import { VARIANTS } from '../page-cost/variants.mjs';
import { engineHost, syncArrival } from './observe.mjs';

/** Warm trials click at least this far apart: 15 clicks within 5 s is seglet's bot signal. */
const TRIAL_GAP_MS = 400;
/**
 * Trials per warm visitor, each with a rule of its own: a realistic number of rules listen to clicks (the
 * model's and these), since every rule on `click` is evaluated for every click.
 */
const TRIALS_PER_VISITOR = 25;
/** Clicks on a key no rule knows, before a visitor's warm trials: the worker has handled events already. */
const WARM_UP_CLICKS = 5;
/** Where latency.html puts the probe button. */
const PROBE = { x: 200, y: 130 };

/**
 * @param {{ warmTrials: number, coldTrials: number, syncTrials: number, log: (line: string) => void }} options
 */
export async function runLatency({ warmTrials, coldTrials, syncTrials, log }) {
  const stack = await startStack(VARIANTS.filter((v) => v.name === 'seglet'));
  const browser = await launchBrowser();
  const browserCdp = await browser.newBrowserCDPSession();
  const url = `${stack.site}/bench/latency.html?trials=${TRIALS_PER_VISITOR}`;
  /** @type {{ atLoad: Trial[], afterReady: Trial[] }} */
  const cold = { atLoad: [], afterReady: [] };
  /** @type {Trial[]} */
  const warm = [];
  /** @type {number[]} */
  const sync = [];
  const engines = new Set();
  try {
    for (let i = 0; i < coldTrials; i++) {
      for (const kind of /** @type {const} */ (['atLoad', 'afterReady'])) {
        const context = await newVisitor(browser);
        const page = await context.newPage();
        await page.goto(url, { waitUntil: 'load' }); // the async seglet.js has run by `load`
        if (kind === 'afterReady') await page.waitForFunction(() => /** @type {any} */ (window).__lat.ready > 0);
        await page.mouse.click(PROBE.x, PROBE.y);
        cold[kind].push(await enteredAfter(page, 'lat-0'));
        engines.add(await engineHost(browserCdp, page));
        await context.close();
      }
    }
    log(`latency: ${coldTrials} cold trials of each kind done`);
    /** @type {import('@playwright/test').Page | undefined} */
    let page;
    for (let i = 0; i < warmTrials; i++) {
      if (i % TRIALS_PER_VISITOR === 0) {
        await page?.context().close();
        page = await warmPage(await newVisitor(browser), url);
      }
      await trialAtPace(() => clickProbe(/** @type {import('@playwright/test').Page} */ (page), `lat-${i % TRIALS_PER_VISITOR}`).then((t) => void warm.push(t)));
    }
    await page?.context().close();
    log(`latency: ${warmTrials} warm trials done`);
    page = await warmPage(await newVisitor(browser), url);
    for (let i = 0; i < syncTrials; i++) {
      const from = stack.traffic.entries.length;
      const sent = await page.evaluate((n) => {
        const at = performance.timeOrigin + performance.now();
        /** @type {any} */ (window).seglet.track(`sync_probe_${n}`);
        return at;
      }, i);
      sync.push((await syncArrival(stack.traffic.entries, from, `sync-${i}`)) - sent);
    }
    log(`latency: ${syncTrials} track → sync trials done`);
    await page.context().close();
  } finally {
    await browser.close();
    await stack.close();
  }
  return { engine: [...engines].join(', '), coldAtLoad: cold.atLoad, coldAfterReady: cold.afterReady, warm, trackToSync: sync };
}

/**
 * A visitor's page, loaded, `ready`, and past a few clicks at a person's pace.
 * @param {import('@playwright/test').BrowserContext} context
 * @param {string} url
 */
async function warmPage(context, url) {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => /** @type {any} */ (window).__lat.ready > 0);
  await page.evaluate(() => document.getElementById('probe')?.setAttribute('data-seglet-key', 'warm-up'));
  for (let i = 0; i < WARM_UP_CLICKS; i++) await trialAtPace(() => page.mouse.click(PROBE.x, PROBE.y));
  return page;
}

/**
 * Runs `trial`, then waits out the rest of {@link TRIAL_GAP_MS}.
 * @param {() => Promise<unknown>} trial
 */
async function trialAtPace(trial) {
  const due = Date.now() + TRIAL_GAP_MS;
  await trial();
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
}

/**
 * Keys the probe for the trial's rule, clicks it, and times the decision.
 * @param {import('@playwright/test').Page} page
 * @param {string} key
 */
async function clickProbe(page, key) {
  await page.evaluate((k) => document.getElementById('probe')?.setAttribute('data-seglet-key', k), key);
  await page.mouse.click(PROBE.x, PROBE.y);
  return enteredAfter(page, key);
}

/**
 * @typedef {object} Trial milliseconds from the click's time stamp
 * @property {number} enter to the `enter` callback
 * @property {number} handled to the first click listener (the browser's input delay)
 * @property {number} posted to the page's message to the engine
 * @property {number} arrived to the engine's change arriving in the page
 */

/**
 * Times the click on the probe keyed `key` up to the `enter` callback for the segment `key`.
 * @param {import('@playwright/test').Page} page
 * @param {string} key
 * @returns {Promise<Trial>}
 */
function enteredAfter(page, key) {
  return page.evaluate(async (segment) => {
    const lat = /** @type {any} */ (window).__lat;
    await lat.whenEntered(segment);
    lat.pending = null;
    const since = (/** @type {number} */ t) => t - lat.inputs[segment];
    return { enter: since(lat.enters[segment]), handled: since(lat.handled[segment]), posted: since(lat.posted[segment]), arrived: since(lat.arrived[segment]) };
  }, key);
}
