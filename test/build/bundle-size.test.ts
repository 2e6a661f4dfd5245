import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { adminFirstScreen, budgets } from './budgets.ts';

const dist = join(import.meta.dirname, '../../dist');
const gz = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
/** The chunk files, without the .br/.gz siblings the build writes beside them. */
const chunkFiles = () => readdirSync(join(dist, 'widgets/chunks')).filter((f) => f.endsWith('.js'));

/** Hard limits of DESIGN.md (Budgets); `npm run bench` prints the sizes next to the goals. */
describe('bundle sizes (gzip)', () => {
  it('embed.js stays under its 2 KB hard limit, with no Lit and no zod inside', () => {
    expect(budgets['embed.js']!.limit).toBe(2048);
    expect(gz('embed.js')).toBeLessThanOrEqual(budgets['embed.js']!.limit);
    // The tracker's second part, loaded at once beside embed.js without being waited for (issue 25, round 4).
    expect(gz('widgets/tracker-more.js')).toBeLessThanOrEqual(budgets['widgets/tracker-more.js']!.limit);
    // What the first page view does not need is a chunk of its own, loaded beside embed.js when a page uses it.
    expect(gz('widgets/impressions.js')).toBeLessThanOrEqual(budgets['widgets/impressions.js']!.limit);
    expect(gz('widgets/retry.js')).toBeLessThanOrEqual(budgets['widgets/retry.js']!.limit);
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
    const first = adminFirstScreen(dist);
    expect(
      first.files.some((f) => /contacts-view-/.test(f)),
      'views are chunks of their own',
    ).toBe(true);
    expect(first.bytes).toBeLessThanOrEqual(budgets['widgets/leadline-admin.js']!.limit);
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
