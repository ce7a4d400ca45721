/**
 * Headless Chromium for the bench: the launch flags of playwright.config.ts (the e2e tests' browser), plus a
 * host resolver that knows only 127.0.0.1, so that no SDK reaches the network whatever it is configured to do.
 * Pages see a person's browser: no `navigator.webdriver`, no "HeadlessChrome" in the user agent, because
 * every SDK here drops or flags automated traffic (posthog drops all of it) and the bench measures what a
 * site's visitors get.
 */
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, executablePath } from '../../scripts/chromium.mjs';

const BENCH_ARGS = ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '--disable-blink-features=AutomationControlled'];

/** @returns {Promise<import('@playwright/test').Browser>} */
export function launchBrowser() {
  return chromium.launch({ headless: true, executablePath, args: [...CHROMIUM_ARGS, ...BENCH_ARGS] });
}

/**
 * A fresh visitor: a new browser context (empty storage, its own SharedWorkers) with a desktop viewport and
 * the user agent of the same Chromium when it is not headless.
 * @param {import('@playwright/test').Browser} browser
 */
export async function newVisitor(browser) {
  const probe = await browser.newPage();
  const userAgent = (await probe.evaluate(() => navigator.userAgent)).replace('HeadlessChrome', 'Chrome');
  await probe.close();
  return browser.newContext({ userAgent, viewport: { width: 1280, height: 720 } });
}
