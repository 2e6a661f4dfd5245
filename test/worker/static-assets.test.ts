import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distDir } from '../../server/build.ts';
import { remoteApp } from './worker-app.ts';

/** Workers assets apply dist/_headers (written by the build): the same cross-origin, caching headers as on Node. */
describe('Workers static assets (wrangler dev)', () => {
  const app = remoteApp('http://127.0.0.1:9/');
  const lit = `/widgets/chunks/${readdirSync(join(distDir, 'widgets/chunks')).find((f) => /^lit-.*\.js$/.test(f))}`;
  const files: [string, string][] = [
    ['/embed.js', 'public, max-age=300'],
    ['/widgets/leadline-form.js', 'public, max-age=300'],
    [lit, 'public, max-age=31536000, immutable'],
  ];

  it.each(files)('%s answers any origin, cached as %s', async (path, cacheControl) => {
    const res = await app.request(path, { headers: { origin: 'https://shop.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('cache-control')).toBe(cacheControl);
    expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
    const etag = res.headers.get('etag');
    expect(etag).toBeTruthy();
    await res.arrayBuffer();
    const again = await app.request(path, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('access-control-allow-origin')).toBe('*');
  });

  // No browser preflights a script or an `import()` (a GET without custom headers); assets answer only GET and
  // HEAD, so a stray OPTIONS gets 405, still with the CORS headers of _headers (docs/decisions.md).
  it('answers a stray OPTIONS 405 with the CORS headers', async () => {
    const res = await app.request('/embed.js', { method: 'OPTIONS', headers: { origin: 'https://shop.example' } });
    expect(res.status).toBe(405);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('does not upload the .br/.gz siblings or the build stamp (dist/.assetsignore)', async () => {
    for (const path of ['/embed.js.br', '/widgets/leadline-form.js.gz', '/.built', '/_headers']) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });
});
