import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ENCODINGS, staticHeaders, staticRules } from './static.ts';

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
/** Besides widgets/: what else decides the contents of dist/ (the two server files write its headers and siblings). */
const inputs = ['vite.config.ts', 'package-lock.json', 'server/build.ts', 'server/static.ts'];

/** True when dist/ is missing, or older than a file in widgets/ or one of `inputs`. */
export function buildIsStale(): boolean {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return [newest(join(root, 'widgets')), ...inputs.map((f) => statSync(join(root, f)).mtimeMs)].some((t) => t > built);
}

const compress: Record<(typeof ENCODINGS)[number]['name'], (data: Buffer) => Buffer> = {
  br: (data) =>
    brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
  gzip: (data) => gzipSync(data, { level: 9 }),
};

/** Writes `.br` and `.gz` beside each .js/.json file of `dir`, each only when smaller (else the raw file is served). */
function precompress(dir: string): void {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(js|json)$/.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    const data = readFileSync(path);
    for (const { name, suffix } of ENCODINGS) {
      const packed = compress[name](data);
      if (packed.length < data.length) writeFileSync(path + suffix, packed);
    }
  }
}

/** dist/_headers: the rules of server/static.ts in the format of Cloudflare's static assets. */
export function headersFile(): string {
  const rules = staticRules.map(({ pattern, cacheControl }) =>
    [pattern, ...Object.entries(staticHeaders(cacheControl)).map(([name, value]) => `  ${name}: ${value}`)].join('\n'),
  );
  return `# Written by server/build.ts from staticRules in server/static.ts.\n${rules.join('\n')}\n`;
}

/** dist/.assetsignore: what Workers assets must not upload (Cloudflare compresses by itself). */
const ASSETS_IGNORE = ['.built', ...ENCODINGS.map(({ suffix }) => `*${suffix}`)].join('\n') + '\n';

/**
 * Terser over Vite's minified embed.js (docs/performance.md "embed.js, round 3"): more passes, top-level names
 * mangled, arrows and methods shortened. A plain IIFE: nothing of it is visible to the page but `window.leadline`,
 * and no property is renamed (event fields, the API, dataset and storage keys are read by the page or the server).
 */
async function squeezeEmbed(): Promise<void> {
  const { minify } = await import('terser');
  const file = join(distDir, 'embed.js');
  const { code } = await minify(readFileSync(file, 'utf8'), {
    ecma: 2020,
    module: false,
    toplevel: true,
    compress: { passes: 3, pure_getters: true, unsafe_arrows: true, unsafe_methods: true },
  });
  writeFileSync(file, code!);
}

/**
 * Builds the browser bundles with Vite (the Lit widgets, then the embed.js
 * IIFE) and the custom-elements.json manifest, precompresses them (br, gzip)
 * for the Node server, writes the headers for Workers assets, then stamps dist/.
 */
export async function buildWidgets(): Promise<void> {
  const { build } = await import('vite');
  // Vite picks packages' `development` exports (Lit's dev build: 10 KB gzip instead of 6.5) unless NODE_ENV says
  // production, and a build started under vitest (NODE_ENV=test, dist stale) would ship them.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, logLevel: 'warn', mode: 'production' });
    await build({ root, logLevel: 'warn', mode: 'embed' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  await squeezeEmbed();
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js'),
      'analyze',
      '--litelement',
      '--globs',
      'widgets/**/*.ts',
      '--exclude',
      'widgets/embed.ts',
      '--exclude',
      'widgets/tracker/**',
      '--exclude',
      'widgets/vitals.ts',
      '--outdir',
      'dist',
    ],
    { cwd: root, stdio: 'ignore' },
  );
  precompress(distDir);
  writeFileSync(join(distDir, '_headers'), headersFile());
  writeFileSync(join(distDir, '.assetsignore'), ASSETS_IGNORE);
  writeFileSync(stamp, new Date().toISOString());
}
