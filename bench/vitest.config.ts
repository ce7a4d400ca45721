import { defineConfig } from 'vitest/config';

// Benchmarks run as plain scripts inside vitest (which compiles the TypeScript), one at a time, with a
// collectable heap so memory figures mean something.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    testTimeout: 600_000,
    pool: 'forks',
    execArgv: ['--expose-gc'],
    fileParallelism: false,
  },
});
