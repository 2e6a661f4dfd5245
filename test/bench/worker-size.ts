/**
 * The Workers bundle as `wrangler deploy --dry-run` builds it (offline): raw
 * and gzip size of worker.js, what counts against the Workers script limit
 * (3 MB gzip on the free plan, 10 MB paid).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export function workerBundleSize(root: string): void {
  const out = mkdtempSync(join(tmpdir(), 'leadline-worker-'));
  try {
    const r = spawnSync(join(root, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', out], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    });
    if (r.status !== 0)
      return void console.log(`\nWorker bundle: wrangler deploy --dry-run failed\n${r.stderr.slice(-1000)}`);
    const raw = readFileSync(join(out, 'worker.js'));
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log('\nWorker bundle (wrangler deploy --dry-run)');
    console.log(
      'worker.js'.padEnd(40),
      kb(raw.length).padStart(10),
      'raw',
      kb(gzipSync(raw, { level: 9 }).length).padStart(10),
      'gzip   (limit 3 MB gzip free, 10 MB paid)',
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
