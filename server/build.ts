import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
export const distDir = join(root, 'dist');

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const stamp = join(distDir, '.built');

/** True when dist/ is missing, or older than a file in widgets/, vite.config.ts or package-lock.json. */
export function buildIsStale(): boolean {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return [newest(join(root, 'widgets')), ...['vite.config.ts', 'package-lock.json'].map((f) => statSync(join(root, f)).mtimeMs)].some((t) => t > built);
}

/**
 * Builds the browser bundles with Vite (the Lit widgets, then the embed.js
 * IIFE) and the custom-elements.json manifest, then stamps dist/.
 */
export async function buildWidgets(): Promise<void> {
  const { build } = await import('vite');
  await build({ root, logLevel: 'warn', mode: 'production' });
  await build({ root, logLevel: 'warn', mode: 'embed' });
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js'), 'analyze', '--litelement', '--globs', 'widgets/**/*.ts',
      '--exclude', 'widgets/embed.ts', '--exclude', 'widgets/tracker/**', '--exclude', 'widgets/vitals.ts', '--outdir', 'dist'],
    { cwd: root, stdio: 'ignore' },
  );
  writeFileSync(stamp, new Date().toISOString());
}
