import { defineConfig } from 'vitest/config';

/**
 * The Workers run (`npm test` runs it after the Node run): the API suites
 * listed in suites.ts, unchanged, against the Worker under `wrangler dev`
 * and a real sqld (globalSetup), one sqld namespace per testApp().
 */
import { workerSuites } from './suites.ts';

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: [...workerSuites, 'test/worker/**/*.test.ts'],
    globalSetup: ['test/worker/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
