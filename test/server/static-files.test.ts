import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { distDir, headersFile } from '../../server/build.ts';
import { createNodeServer, DEMO_CSP } from '../../server/node.ts';
import { testApp } from './test-app.ts';

/**
 * The static files of the Node server over the real dist/ (npm test builds it first): what a marketer's
 * page on another origin needs to run embed.js and `import()` the widget chunks, compressed and cacheable.
 */
let server: ReturnType<typeof createNodeServer>;
const lit = `/widgets/chunks/${readdirSync(join(distDir, 'widgets/chunks')).find((f) => /^lit-.*\.js$/.test(f))}`;
const files = { embed: '/embed.js', entry: '/widgets/leadline-form.js', chunk: lit };
const raw = (path: string) => new Uint8Array(readFileSync(join(distDir, path)));
const get = (path: string, headers: Record<string, string> = {}) => server.request(path, { headers });
const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());

beforeAll(async () => {
  const { app, siteKey } = await testApp();
  server = createNodeServer(app, () => siteKey);
});

describe('static files (Node server)', () => {
  it.each(Object.entries(files))('%s answers any origin, with its type, length, ETag and Vary', async (_kind, path) => {
    const res = await get(path, { origin: 'https://shop.example' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    // No Accept-Encoding: the file as built.
    expect(res.headers.get('content-encoding')).toBeNull();
    const body = await bytes(res);
    expect(body).toEqual(raw(path));
    expect(res.headers.get('content-length')).toBe(String(body.length));
  });

  it('keeps hashed chunks for a year (immutable), embed.js and entries for five minutes', async () => {
    expect((await get(files.chunk)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const path of [files.embed, files.entry]) {
      expect((await get(path)).headers.get('cache-control')).toBe('public, max-age=300');
    }
  });

  it('picks br over gzip over identity by Accept-Encoding, honouring q=0', async () => {
    const cases: [string, string | null][] = [
      ['gzip, deflate, br, zstd', 'br'],
      ['br;q=0.1, gzip;q=1', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['BR;Q=0, *', 'gzip'],
      ['*', 'br'],
      ['*;q=0', null],
      ['br;q=0, gzip;q=0', null],
      ['identity', null],
      ['deflate', null],
    ];
    for (const [accept, encoding] of cases) {
      const res = await get(files.entry, { 'accept-encoding': accept });
      expect(res.headers.get('content-encoding'), accept).toBe(encoding);
      expect(res.headers.get('content-length'), accept).toBe(String((await bytes(res)).length));
    }
  });

  it.each(Object.entries(files))('%s: br and gzip decode to the raw bytes, each its own ETag', async (_kind, path) => {
    const br = await get(path, { 'accept-encoding': 'br' });
    const gz = await get(path, { 'accept-encoding': 'gzip' });
    const plain = await get(path);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(new Uint8Array(brotliDecompressSync(await bytes(br)))).toEqual(raw(path));
    expect(new Uint8Array(gunzipSync(await bytes(gz)))).toEqual(raw(path));
    expect(new Set([br, gz, plain].map((r) => r.headers.get('etag'))).size).toBe(3);
    for (const res of [br, gz]) expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers 304 with the CORS headers when If-None-Match names the ETag of that encoding', async () => {
    for (const path of Object.values(files)) {
      const first = await get(path, { 'accept-encoding': 'br' });
      const etag = first.headers.get('etag')!;
      for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const res = await get(path, { 'accept-encoding': 'br', 'if-none-match': ifNoneMatch });
        expect(res.status, ifNoneMatch).toBe(304);
        expect(await res.text()).toBe('');
        expect(res.headers.get('etag')).toBe(etag);
        expect(res.headers.get('access-control-allow-origin')).toBe('*');
        expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
        expect(res.headers.get('vary')).toBe('Accept-Encoding');
        expect(res.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
      }
      // The same tag does not stand for the gzip or the raw bytes.
      expect((await get(path, { 'accept-encoding': 'gzip', 'if-none-match': etag })).status).toBe(200);
      expect((await get(path, { 'if-none-match': etag })).status).toBe(200);
    }
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const res = await server.request(files.embed, { method: 'HEAD', headers: { 'accept-encoding': 'br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('content-length')).toBe(String(readFileSync(join(distDir, 'embed.js.br')).length));
    expect(await res.text()).toBe('');
  });

  it.each(Object.entries(files))('%s: preflights answer 204 with CORS', async (_kind, path) => {
    const res = await server.request(path, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'GET' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it.each([
    '/widgets/../package.json',
    '/widgets/%2e%2e/package.json',
    '/widgets/%2E%2E/%2E%2E/package.json',
    '/widgets/..%2fpackage.json',
    '/widgets/%2e%2e%2fpackage.json',
    '/widgets/..%5cpackage.json',
    '/widgets/%252e%252e/package.json',
    '/widgets/chunks/..%2f..%2f..%2fpackage.json',
    '/widgets/chunks/%2e%2e/%2e%2e/%2e%2e/server/app.ts',
    '/embed.js/../package.json',
    '/widgets/leadline-form.js.br',
    '/widgets/nope.js',
    '/widgets/chunks/',
    '/custom-elements.json',
    '/.built',
  ])('%s → 404, nothing from outside the served files', async (path) => {
    const res = await get(path, { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(text).not.toContain('"name": "leadline"');
    expect(text).not.toContain('createApp');
  });

  it('leaves the demo pages as they were: their CSP, no cross-origin headers', async () => {
    const res = await get('/demo/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(DEMO_CSP);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the build for Workers assets', () => {
  it('writes the same rules to dist/_headers, chunks alone immutable', () => {
    const written = readFileSync(join(distDir, '_headers'), 'utf8');
    expect(written).toBe(headersFile());
    const rules = Object.fromEntries(
      written
        .split(/\n(?=\/)/)
        .slice(1)
        .map((block) => {
          const [path, ...lines] = block.trim().split('\n');
          return [path, Object.fromEntries(lines.map((l) => l.trim().split(/:\s+/)))];
        }),
    );
    expect(Object.keys(rules)).toEqual(['/embed.js', '/widgets/:file', '/widgets/chunks/:file']);
    const cors = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' };
    for (const headers of Object.values(rules)) expect(headers).toMatchObject(cors);
    expect(rules['/widgets/chunks/:file']['Cache-Control']).toBe('public, max-age=31536000, immutable');
    expect(rules['/widgets/:file']['Cache-Control']).toBe('public, max-age=300');
  });

  it('keeps the .br/.gz siblings and the stamp out of the Workers upload', () => {
    const ignored = readFileSync(join(distDir, '.assetsignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['*.br', '*.gz', '.built']));
  });
});
