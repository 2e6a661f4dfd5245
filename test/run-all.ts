/**
 * `npm test`: type-check, check the formatting (prettier) and dead code (knip), build the browser bundles, run the server and e2e
 * suites (vitest), the API suites again on the Worker (workerd + sqld) and
 * the real-Chromium suites (@web/test-runner), then print
 * one closing line `N passed, N failed` over all of them (CI reads it).
 * Exits non-zero when anything failed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'leadline-test-'));
const bin = (name: string) => join(root, 'node_modules/.bin', name);
let passed = 0;
let failed = 0;

function step(title: string, cmd: string, args: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function counts(file: string): { passed: number; failed: number } | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { passed: number; failed: number };
  } catch {
    return null;
  }
}

if (step('typecheck (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', '.'])) passed++;
else failed++;

if (step('format (prettier --check, 120 columns)', bin('prettier'), ['--check', '--log-level=warn', '.'])) passed++;
else failed++;

if (step('lint (knip: unused files, exports, dependencies)', bin('knip'), [])) passed++;
else failed++;

if (step('build (vite: widgets + embed.js, custom-elements.json)', bin('tsx'), ['server/cli.ts', 'build'])) passed++;
else failed++;

/** Runs vitest with a JSON report and adds its counts (a suite that failed to load counts as a failure). */
function vitest(title: string, args: string[], name: string): void {
  const json = join(tmp, `${name}.json`);
  const ok = step(title, bin('vitest'), [
    'run',
    ...args,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${json}`,
  ]);
  const v = (() => {
    try {
      const r = JSON.parse(readFileSync(json, 'utf8')) as { numPassedTests: number; numFailedTests: number };
      return { passed: r.numPassedTests, failed: r.numFailedTests };
    } catch {
      return null;
    }
  })();
  passed += v?.passed ?? 0;
  failed += v ? v.failed : 1;
  if (!ok && v && v.failed === 0) failed++;
}

vitest('server + e2e (vitest, real libSQL)', [], 'vitest');
// The same API suites again, in workerd (wrangler dev) against a real sqld: test/worker/.
vitest(
  'API suites on the Worker (wrangler dev offline + sqld)',
  ['--config', 'test/worker/vitest.config.ts'],
  'vitest-worker',
);

const wtrJson = join(tmp, 'wtr.json');
// Under tsx: the test server mounts the real app (test/widgets/fixtures/real-api.ts).
const wtrOk = step(
  'widgets (@web/test-runner, real Chromium)',
  process.execPath,
  [
    '--import',
    'tsx',
    join(root, 'node_modules/@web/test-runner/dist/bin.js'),
    '--config',
    'test/web-test-runner.config.mjs',
  ],
  { WTR_COUNTS_FILE: wtrJson },
);
const w = counts(wtrJson);
passed += w?.passed ?? 0;
failed += w ? w.failed : 1;
if (!wtrOk && w && w.failed === 0) failed++;

rmSync(tmp, { recursive: true, force: true });
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
