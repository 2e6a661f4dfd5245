import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The import directions of docs/architecture.md, checked on the source text. */
const root = resolve(import.meta.dirname, '../..');

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f).replaceAll('\\', '/'));
}

interface Import {
  file: string;
  spec: string;
  target: string;
  typeOnly: boolean;
}

/** Static and dynamic imports and re-exports of `file`; `target` is the repo path for relative ones. */
function importsOf(file: string): Import[] {
  const text = readFileSync(join(root, file), 'utf8');
  const found = [
    ...text.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm),
    ...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g),
  ];
  return found.map((m) => {
    const spec = m.length === 3 ? m[2]! : m[1]!;
    const target = spec.startsWith('.')
      ? relative(root, resolve(root, dirname(file), spec)).replaceAll('\\', '/')
      : spec;
    return { file, spec, target, typeOnly: m.length === 3 && !!m[1] };
  });
}

const show = (list: Import[]) => list.map((i) => `${i.file} → ${i.spec}`);

describe('import directions', () => {
  it('server/schemas depend on zod and each other only', () => {
    const bad = filesUnder('server/schemas')
      .flatMap(importsOf)
      .filter((i) => i.spec !== 'zod' && !i.spec.startsWith('./'));
    expect(show(bad)).toEqual([]);
  });

  it('server/db knows no HTTP: no hono, errors, middleware, routes or app', () => {
    const http = /^(hono\b|server\/(errors|app|app-env)\.ts$|server\/(middleware|routes)\/)/;
    const bad = filesUnder('server/db')
      .flatMap(importsOf)
      .filter((i) => http.test(i.target));
    expect(show(bad)).toEqual([]);
  });

  it('no server module imports an entry (node.ts, worker.ts, cli.ts)', () => {
    const entries = new Set(['server/node.ts', 'server/worker.ts', 'server/cli.ts']);
    const bad = filesUnder('server')
      .flatMap(importsOf)
      .filter((i) => entries.has(i.target));
    expect(show(bad)).toEqual([]);
  });

  it('a widget imports no other widget folder, and server code only as types', () => {
    const widgetFolders = ['lead-form', 'support-chat', 'admin-dashboard', 'form-capture', 'survey'];
    const imports = filesUnder('widgets').flatMap(importsOf);
    const folderOf = (path: string) => widgetFolders.find((w) => path.startsWith(`widgets/${w}/`));
    const crossing = imports.filter((i) => folderOf(i.target) && folderOf(i.file) !== folderOf(i.target));
    const serverValues = imports.filter((i) => i.target.startsWith('server/') && !i.typeOnly);
    expect(show(crossing)).toEqual([]);
    expect(show(serverValues)).toEqual([]);
  });

  it('reads the imports it checks (a guard against a regex that matches nothing)', () => {
    expect(importsOf('widgets/support-chat/support-chat.ts')).toContainEqual({
      file: 'widgets/support-chat/support-chat.ts',
      spec: '../internal/events.ts',
      target: 'widgets/internal/events.ts',
      typeOnly: false,
    });
    const form = importsOf('widgets/lead-form/lead-form.ts').filter((i) => i.target.startsWith('server/'));
    expect(form.map((i) => i.target)).toContain('server/schemas/forms.ts');
    expect(form.every((i) => i.typeOnly)).toBe(true);
  });
});
