/**
 * How seglet's tests and benchmarks launch Chromium: Debian's `/usr/bin/chromium` when present (no browser
 * downloads here; `CHROMIUM_PATH` overrides; elsewhere Playwright's own browser), headless-friendly flags.
 * Used by playwright.config.ts and bench/lib/launchBrowser.mjs.
 */
import { existsSync } from 'node:fs';

/** @type {string | undefined} */
export const executablePath = process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/** Flags for a container without a GPU, sandbox or network beyond loopback. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
