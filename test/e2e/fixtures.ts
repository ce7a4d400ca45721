import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
// @ts-expect-error: plain ESM JavaScript without type declarations
import { startServer } from '../../examples/server/index.mjs';

interface Server {
  url: string;
  syncLog(): Promise<unknown[]>;
}

/**
 * A real reference server per test (static pages, `dist/`, model, sync log) on 127.0.0.1 with a random
 * port, plus the test pages in `test/e2e/pages` under `/t/`.
 */
export const test = base.extend<{ server: Server }>({
  server: async ({}, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'seglet-e2e-'));
    const pages = fileURLToPath(new URL('./pages/', import.meta.url));
    const server = await startServer({ port: 0, dataDir, quiet: true, mounts: { '/t/': pages } });
    await use({
      url: server.url.replace(/\/$/, ''),
      // Every visitor's batches, read in-process: GET /seglet/sync/log lists only the requesting browser's.
      syncLog: async () => structuredClone(server.syncLog),
    });
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  },
  page: async ({ page }, use) => {
    // Playwright's browser admits to being automated (navigator.webdriver); these tests are about a
    // person's visit, so that signal is off unless a test turns it back on.
    await page.addInitScript(() => {
      (window as unknown as { seglet: unknown[] }).seglet = [['config', { bot: { webdriver: false } }]];
    });
    // Page errors are test failures: seglet must never throw into the host page.
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    await use(page);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };

/** Records every seglet event of the page into `window.__events` from the first script on. */
export async function recordEvents(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __events: unknown[]; seglet: unknown[] };
    w.__events = [];
    w.seglet = w.seglet || [];
    for (const type of ['change', 'enter', 'exit', 'error', 'ready']) {
      w.seglet.push(['on', type, (e: unknown) => w.__events.push({ type, ...(e as object) })]);
    }
  });
}

/** The events recorded by {@link recordEvents}. */
export function events(page: Page): Promise<Array<Record<string, unknown>>> {
  return page.evaluate(() => (window as unknown as { __events: Array<Record<string, unknown>> }).__events);
}

/**
 * Clicks each locator in turn at a person's pace. Clicks less than 50 ms apart are faster than any
 * person and seglet ignores them (a bot signal), which back-to-back automated clicks can be.
 */
export async function clickInTurn(page: Page, locators: Array<ReturnType<Page['locator']>>): Promise<void> {
  for (const [i, locator] of locators.entries()) {
    if (i) await page.waitForTimeout(80);
    await locator.click();
  }
}
