import { defineConfig } from '@playwright/test';
// @ts-expect-error: plain ESM JavaScript without type declarations (shared with the benchmarks)
import { CHROMIUM_ARGS, executablePath } from './scripts/chromium.mjs';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  forbidOnly: true,
  timeout: 30_000,
  // The machine is small and shared: give conditions time before calling them broken.
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath, args: CHROMIUM_ARGS },
  },
});
