// Real-Chromium tests for embed.js and the Lit widgets (npm test runs this, under tsx:
//   node --import tsx node_modules/@web/test-runner/dist/bin.js --config test/web-test-runner.config.mjs).
// Chromium comes from Debian's package (/usr/bin/chromium); Playwright's own download is not used.
import { writeFileSync } from 'node:fs';
import { defaultReporter } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { collector } from './widgets/fixtures/collector.mjs';

/** Counts results for test/run-all.ts's summary line. */
function countingReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      const walk = (suite) => {
        for (const t of suite?.tests ?? []) if (!t.skipped) t.passed ? passed++ : failed++;
        for (const s of suite?.suites ?? []) walk(s);
      };
      for (const s of sessions) {
        walk(s.testResults);
        if (!s.passed && !s.testResults?.tests.length && !s.testResults?.suites.length) failed++;
        failed += s.errors.length && s.passed === false && !s.testResults ? 1 : 0;
      }
      if (file) writeFileSync(file, JSON.stringify({ passed, failed }));
    },
  };
}

export default {
  rootDir: '.',
  files: 'test/widgets/**/*.test.ts',
  nodeResolve: true,
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 180000,
  middleware: [collector()],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' })],
  reporters: [defaultReporter(), countingReporter(process.env.WTR_COUNTS_FILE)],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      // A regular desktop UA: the API (rightly) treats HeadlessChrome as a bot.
      createBrowserContext: ({ browser }) =>
        browser.newContext({
          userAgent:
            'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
        }),
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        // localhost pages calling 127.0.0.1 (a cross-origin API in setup-problems.test.ts) need no local-network prompt.
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults',
        ],
      },
    }),
  ],
};
