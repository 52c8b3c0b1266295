import { defineConfig } from 'vitest/config';

/** Browser tests (`npm run test:browser`): real Chromium, one file at a time. */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.test.ts', 'channels/**/*.browser.test.ts'],
    exclude: ['node_modules/**', '.data/**'],
    testTimeout: 90_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
