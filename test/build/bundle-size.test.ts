import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { budgets } from './budgets.ts';

const dist = join(import.meta.dirname, '../../dist');
const gz = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
/** The chunk files, without the .br/.gz siblings the build writes beside them. */
const chunkFiles = () => readdirSync(join(dist, 'widgets/chunks')).filter((f) => f.endsWith('.js'));

/** `file` and every chunk it imports statically, transitively (what loads before it runs); dynamic imports excluded. */
function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(join(dist, file), 'utf8');
  for (const [, spec] of code.matchAll(/(?:^|;|\n)\s*import\s*(?:[^'"`;]*?from\s*)?["']([^"']+\.js)["']/g))
    staticGraph(join(file, '..', spec!).replaceAll('\\', '/'), seen);
  return seen;
}

/** Hard limits of DESIGN.md (Budgets); `npm run bench` prints the sizes next to the goals. */
describe('bundle sizes (gzip)', () => {
  it('embed.js stays under its 3 KB hard limit, with no Lit and no zod inside', () => {
    expect(gz('embed.js')).toBeLessThanOrEqual(budgets['embed.js']!.limit);
    const code = readFileSync(join(dist, 'embed.js'), 'utf8');
    expect(code).not.toMatch(/lit-html|LitElement|ZodError|_zod/);
  });

  it('the Lit chunk stays under 7 KB', () => {
    const lit = chunkFiles().find((f) => f.startsWith('lit-'));
    expect(lit).toBeDefined();
    expect(gz(`widgets/chunks/${lit}`)).toBeLessThanOrEqual(budgets.lit!.limit);
  });

  it('every widget chunk has a budget and stays within it, without Lit inside', () => {
    const files = readdirSync(join(dist, 'widgets')).filter((f) => f.endsWith('.js'));
    expect(files).toContain('leadline-form.js');
    for (const f of files) {
      const budget = budgets[`widgets/${f}`];
      expect(budget, `a budget for widgets/${f}`).toBeDefined();
      expect(gz(`widgets/${f}`), f).toBeLessThanOrEqual(budget!.limit);
      expect(readFileSync(join(dist, 'widgets', f), 'utf8'), f).not.toMatch(/lit-html@|Lit is in dev mode/);
    }
  });

  it('the admin’s first screen (shell, the contacts view, their chunks, the largest catalogue) stays within 40 KB + 10 %', () => {
    const catalogue = Math.max(
      ...chunkFiles()
        .filter((f) => /^admin-(en|ar|ur)-/.test(f))
        .map((f) => gz(`widgets/chunks/${f}`)),
    );
    expect(catalogue).toBeGreaterThan(0);
    const contacts = chunkFiles().find((f) => f.startsWith('contacts-view-'));
    expect(contacts, 'views are chunks of their own, loaded when opened').toBeDefined();
    const firstScreen = [...staticGraph('widgets/leadline-admin.js'), ...staticGraph(`widgets/chunks/${contacts}`)];
    const bytes = [...new Set(firstScreen)].filter((f) => !/\/lit-/.test(f)).reduce((n, f) => n + gz(f), 0);
    expect(bytes + catalogue).toBeLessThanOrEqual(budgets['widgets/leadline-admin.js']!.limit);
  });

  it('each admin view, loaded when its section opens, stays under 12 KB', () => {
    const views = chunkFiles().filter((f) => /-view-/.test(f));
    expect(views.length).toBeGreaterThanOrEqual(15);
    for (const f of views) expect(gz(`widgets/chunks/${f}`), f).toBeLessThanOrEqual(12 * 1024);
  });

  it('each widget locale catalogue stays under 2.2 KB', () => {
    for (const f of chunkFiles().filter((f) => /^(en|ar|ur)-/.test(f))) {
      expect(gz(`widgets/chunks/${f}`), f).toBeLessThanOrEqual(budgets.locale!.limit);
    }
  });
});
