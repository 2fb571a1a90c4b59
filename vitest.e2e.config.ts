import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: the built UI in Debian's Chromium (playwright-core) against the web
 * shell with the real console services and reference handsets. One file at a time —
 * each starts its own console, handsets and browser.
 *
 * `CIMO_PREVIEW=1` runs the visual-development preview (test/e2e/dev/) instead: fixed
 * data for looking at the views, never the end-to-end proof.
 */
export default defineConfig({
  test: {
    include:
      process.env['CIMO_PREVIEW'] === '1'
        ? ['test/e2e/dev/**/*.test.ts']
        : ['test/e2e/**/*.e2e.test.ts'],
    exclude: ['node_modules', 'dist'],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['test/e2e/support/global-setup.ts'],
  },
});
