/**
 * One variant's visitor in a repetition: a fresh browser context with the probes installed, the page loaded
 * and settled, and the places of the controls the visit clicks.
 */
import { newVisitor } from '../lib/launchBrowser.mjs';
import { enableMetrics, readMetrics, recordLongTasks } from './pageProbe.mjs';
import { TARGETS } from './session.mjs';

/** After `load`, SDKs fetch their configuration and settle: the load phase ends this much later. */
export const SETTLE_MS = 2000;

/**
 * @typedef {object} Visitor
 * @property {import('./variants.mjs').Variant} variant
 * @property {import('@playwright/test').BrowserContext} context
 * @property {import('@playwright/test').Page} page
 * @property {import('@playwright/test').CDPSession} cdp
 * @property {Record<string, { x: number, y: number }>} targets centre of each clickable, by selector
 * @property {import('./pageProbe.mjs').Metrics[]} marks metrics before load, after load, after the visit
 * @property {string[]} errors uncaught page errors and console errors of the page
 */

/**
 * @param {import('@playwright/test').Browser} browser
 * @param {import('./variants.mjs').Variant} variant
 * @param {string} site the bench site's origin
 * @returns {Promise<Visitor>}
 */
export async function openVisitor(browser, variant, site) {
  const context = await newVisitor(browser);
  const page = await context.newPage();
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && errors.push(`console: ${message.text()}`));
  await page.addInitScript(recordLongTasks);
  const cdp = await context.newCDPSession(page);
  await enableMetrics(cdp);
  const marks = [await readMetrics(cdp)];
  await page.goto(`${site}/v/${variant.name}/`, { waitUntil: 'load' });
  await page.waitForTimeout(SETTLE_MS);
  const targets = await page.evaluate((selectors) => Object.fromEntries(selectors.map((selector) => {
    const box = /** @type {Element} */ (document.querySelector(selector)).getBoundingClientRect();
    return [selector, { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) }];
  })), TARGETS);
  // The wheel scrolls the article, so the pointer rests over it.
  await page.mouse.move(400, 360);
  marks.push(await readMetrics(cdp));
  return { variant, context, page, cdp, targets, marks, errors };
}

/**
 * Performs one step of the visit on a visitor's page.
 * @param {Visitor} visitor
 * @param {import('./session.mjs').Step} step
 */
export async function perform(visitor, step) {
  const { page, targets } = visitor;
  if (step.kind === 'wheel') return page.mouse.wheel(0, 120);
  if (step.kind === 'key') return page.keyboard.press(/** @type {string} */ (step.key));
  const { x, y } = targets[/** @type {string} */ (step.target)];
  // The wheel steps that follow scroll the document wherever the pointer rests (fixed bars do not scroll).
  await page.mouse.click(x, y);
}
