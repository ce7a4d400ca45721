import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/*.test.mjs', 'test/simulate/**/*.test.mjs', 'test/train/**/*.test.mjs'],
    exclude: ['test/e2e/**', 'test/size.test.mjs', 'node_modules/**'],
    environment: 'node',
  },
});
