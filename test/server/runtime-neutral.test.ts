import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('server/app.ts', () => {
  it('bundles for Workers without any node: module (worker.ts → app.ts and everything it imports)', async () => {
    const result = await build({
      entryPoints: ['server/worker.ts'],
      bundle: true,
      write: false,
      platform: 'neutral',
      format: 'esm',
      mainFields: ['browser', 'module', 'main'], // as wrangler resolves for Workers
      conditions: ['workerd', 'worker', 'browser'],
      metafile: true,
      logLevel: 'silent',
      external: ['node:*'],
    });
    const imports = Object.values(result.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
    expect(imports.filter((p) => p.startsWith('node:'))).toEqual([]);
  });
});
