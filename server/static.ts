/**
 * The Node server's static files: embed.js and the widget chunks of dist/, read into memory once with the
 * `.br`/`.gz` siblings the build wrote. A marketer's page on another origin runs embed.js and `import()`s
 * the chunks, so every answer (304s and preflights too) allows any origin. One list, `staticRules`, says
 * which URLs are static files and how long they keep; the build writes the same list to dist/_headers,
 * which Workers assets apply.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Hono } from 'hono';

/** What lets another origin's page load and run the files. */
export const CROSS_ORIGIN = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' };

const SHORT = 'public, max-age=300';

/**
 * The static URLs and their caching. `:file` is one path segment, as in Hono routes and Cloudflare's
 * _headers: entries keep stable names (embed.js, widgets/NAME.js) and keep briefly; chunks carry a content
 * hash and never change.
 */
export const staticRules = [
  { pattern: '/embed.js', cacheControl: SHORT },
  { pattern: '/widgets/:file', cacheControl: SHORT },
  { pattern: '/widgets/chunks/:file', cacheControl: 'public, max-age=31536000, immutable' },
];

/** The headers of every static answer under `cacheControl`, in the order dist/_headers lists them. */
export const staticHeaders = (cacheControl: string) => ({
  ...CROSS_ORIGIN,
  Vary: 'Accept-Encoding',
  'Cache-Control': cacheControl,
});

/** The precompressed siblings the build writes beside each file, in the server's order of preference. */
export const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

interface Variant {
  encoding: string | null;
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

/** Every .js file under `dir` by URL path, each with its encodings (identity last). */
function load(dir: string): Map<string, Variant[]> {
  const files = new Map<string, Variant[]>();
  if (!existsSync(dir)) return files;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const path = join(entry.parentPath, entry.name);
    const body = new Uint8Array(readFileSync(path));
    // The ETag names the content; the suffix tells the encodings apart (a cache must not swap them).
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22);
    const variants: Variant[] = [];
    for (const { name, suffix } of ENCODINGS) {
      if (!existsSync(path + suffix)) continue;
      variants.push({ encoding: name, body: new Uint8Array(readFileSync(path + suffix)), etag: `"${hash}-${name}"` });
    }
    variants.push({ encoding: null, body, etag: `"${hash}"` });
    files.set(`/${relative(dir, path).split(sep).join('/')}`, variants);
  }
  return files;
}

/** The content codings `Accept-Encoding` allows (q > 0; none named and no `*` means not allowed). */
function acceptable(header: string | undefined): (name: string) => boolean {
  const q = new Map<string, number>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    const weight = params.find((p) => p.startsWith('q='));
    if (name) q.set(name, weight ? Number(weight.slice(2)) : 1);
  }
  return (name) => (q.get(name) ?? q.get('*') ?? 0) > 0;
}

/** True when `If-None-Match` names `etag` (weak comparison, as RFC 9110 asks for GET) or is `*`. */
function notModified(header: string | undefined, etag: string): boolean {
  return !!header && header.split(',').some((t) => ['*', etag].includes(t.trim().replace(/^W\//, '')));
}

const PREFLIGHT = {
  ...CROSS_ORIGIN,
  'Access-Control-Allow-Methods': 'GET, HEAD',
  'Access-Control-Allow-Headers': '*',
  'Access-Control-Max-Age': '86400',
};

/**
 * Serves the static files of `dir` on `server` at the URLs of `staticRules`: br > gzip > identity by
 * `Accept-Encoding`, 304 on a matching `If-None-Match`, 204 to preflights. A URL without a file falls through
 * to the next handler (the app's 404). The files are read now: restart the server after a build.
 */
export function mountStaticFiles(server: Hono, dir: string): void {
  const files = load(dir);
  for (const { pattern, cacheControl } of staticRules) {
    server.get(pattern, async (c, next) => {
      const variants = files.get(c.req.path);
      if (!variants) return next();
      const allows = acceptable(c.req.header('accept-encoding'));
      const v = variants.find((x) => x.encoding === null || allows(x.encoding))!;
      const headers = { ...staticHeaders(cacheControl), ETag: v.etag };
      if (notModified(c.req.header('if-none-match'), v.etag)) return c.body(null, 304, headers);
      const encoding: Record<string, string> = v.encoding ? { 'Content-Encoding': v.encoding } : {};
      const type = { 'Content-Type': 'text/javascript; charset=utf-8', 'Content-Length': String(v.body.length) };
      return c.body(v.body, 200, { ...headers, ...encoding, ...type });
    });
    server.options(pattern, (c) => c.body(null, 204, PREFLIGHT));
  }
}
