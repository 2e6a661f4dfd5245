import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The budget table of DESIGN.md, in gzip bytes: `goal` is printed by the bench, `limit` enforced by the size test. */
export const budgets: Record<string, { goal: number; limit: number }> = {
  'embed.js': { goal: 2048, limit: 2048 },
  'widgets/tracker-more.js': { goal: 1024, limit: 1126 },
  lit: { goal: 6656, limit: 7168 },
  'widgets/leadline-form.js': { goal: 8192, limit: 9011 },
  'widgets/leadline-chat.js': { goal: 12288, limit: 13517 },
  'widgets/leadline-admin.js': { goal: 40960, limit: 45056 },
  'widgets/leadline-capture.js': { goal: 1536, limit: 2048 },
  // Issue 24: at most 5 KB; limit = goal + 10 %, like the other widgets.
  'widgets/leadline-survey.js': { goal: 4654, limit: 5120 },
  'widgets/vitals.js': { goal: 3584, limit: 3942 },
  'widgets/impressions.js': { goal: 512, limit: 640 },
  'widgets/retry.js': { goal: 512, limit: 640 },
  locale: { goal: 2048, limit: 2253 },
};

/** What a first page view downloads of the tracker: embed.js and the chunk it loads at once (sizes bench). */
export const embedFirstView = ['embed.js', 'widgets/tracker-more.js'];

/** `file` (relative to `dist`) and every chunk it imports statically, transitively: what loads before it runs. */
function staticGraph(dist: string, file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(join(dist, file), 'utf8');
  for (const [, spec] of code.matchAll(/(?:^|;|\n)\s*import\s*(?:[^'"`;]*?from\s*)?["']([^"']+\.js)["']/g))
    staticGraph(dist, join(file, '..', spec!).replaceAll('\\', '/'), seen);
  return seen;
}

/**
 * The admin's first screen in gzip bytes, Lit aside (the budget is "without Lit"): its entry, the contacts view it
 * opens on, every chunk those import statically, and its largest catalogue. Other views load when opened.
 */
export function adminFirstScreen(dist: string): { bytes: number; files: string[] } {
  const gz = (f: string) => gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
  const chunks = readdirSync(join(dist, 'widgets/chunks')).filter((f) => f.endsWith('.js'));
  const contacts = chunks.find((f) => f.startsWith('contacts-view-'));
  const catalogues = chunks.filter((f) => /^admin-(en|ar|ur)-/.test(f)).map((f) => `widgets/chunks/${f}`);
  if (!contacts || !catalogues.length) throw new Error('the admin build has no contacts view chunk or catalogue');
  const largest = catalogues.reduce((a, b) => (gz(a) >= gz(b) ? a : b));
  const graph = new Set([
    ...staticGraph(dist, 'widgets/leadline-admin.js'),
    ...staticGraph(dist, `widgets/chunks/${contacts}`),
    largest,
  ]);
  const files = [...graph].filter((f) => !/\/lit-/.test(f));
  return { bytes: files.reduce((n, f) => n + gz(f), 0), files };
}
