import { describe, expect, it } from 'vitest';
import { migrate } from '../../server/db/migrate.ts';
import { markdownToNodes, MAX_MARKDOWN_DEPTH } from '../../server/kb/markdown.ts';
import { as, testApp } from './test-app.ts';

const SIZE = 100_000; // the body limit of an article
const fill = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);
const para = (v: string) => ({ t: 'p', c: [{ t: 'text', v }] });
const li = (v: string) => ({ t: 'li', c: [para(v)] });
const lines = (line: (i: number) => string) => {
  let s = '';
  for (let i = 0; s.length < SIZE; i++) s += `${line(i)}\n`;
  return s.slice(0, SIZE);
};

/** Inputs that made micromark quadratic (or overflow its stack), each 100 KB. */
const pathological: [string, string][] = [
  ['*a repeated', fill('*a')],
  ['**a repeated', fill('**a')],
  ['***a repeated', fill('***a')],
  ['_a repeated', fill('_a')],
  ['__a repeated', fill('__a')],
  ['mixed *_ runs', fill('*a_')],
  ['[ repeated', fill('[')],
  ['![ repeated', fill('![')],
  ['[a]( repeated', fill('[a](')],
  [']( repeated', fill('](')],
  ['[a](b( repeated', fill('[a](b(')],
  ['[a](b " repeated', fill('[a](b "')],
  ['[ nest then ](b)', '['.repeat(SIZE / 2) + fill('](b)').slice(0, SIZE / 2)],
  ['`a repeated', fill('`a')],
  ['``a repeated', fill('``a')],
  ['backtick runs of every length', lines((i) => `${'`'.repeat((i % 60) + 1)}a`)],
  ['> repeated', fill('>')],
  ['> > repeated', fill('> ')],
  ['1. repeated', fill('1. ')],
  ['- repeated', fill('- ')],
  ['list nesting by indent', lines((i) => `${'  '.repeat(i)}- a`)],
  ['* then a then *', `${'*'.repeat(SIZE / 2 - 1)}a${'*'.repeat(SIZE / 2)}`],
  ['< repeated', fill('<')],
  ['<https:// repeated', fill('<https://a')],
  ['&# repeated', fill('&#')],
  ['spaces inside a line', `a${' '.repeat(SIZE - 2)}b`],
  ['# then hashes', `# ${'#'.repeat(SIZE - 3)}x`],
  ['blank lines in a list', `- a${'\n'.repeat(SIZE - 3)}`],
  ['lazy quote lines', lines(() => '> a\nb')],
];

describe('Markdown parsing is bounded', () => {
  it.each(pathological)('%s (100 KB): previewed in well under a second or refused', async (_name, body) => {
    const { app, adminToken } = await testApp();
    const started = performance.now();
    const res = await app.request('/v1/admin/kb/preview', as(adminToken, 'POST', { body }));
    const ms = performance.now() - started;
    expect([200, 400]).toContain(res.status);
    if (res.status === 400) expect((await res.json()).error.code).toBe('validation_failed');
    expect(ms).toBeLessThan(1000); // micromark took 44 s for 80 KB of `*a`
  });

  it('answers 400 validation_failed, not 500, for nesting deeper than the limit, in previews and saves', async () => {
    const { app, adminToken } = await testApp();
    const deep = MAX_MARKDOWN_DEPTH + 1;
    for (const body of [
      '>'.repeat(deep) + ' a',
      Array.from({ length: deep }, (_, i) => `${'  '.repeat(i)}- a`).join('\n'),
      `${'*'.repeat(2 * deep)}a${'*'.repeat(2 * deep)}`,
      `${'!['.repeat(deep)}a${'](https://a.example/i.png)'.repeat(deep)}`,
      '>'.repeat(50_000),
    ]) {
      for (const path of ['/v1/admin/kb/preview', '/v1/admin/kb']) {
        const input = path.endsWith('preview') ? { body } : { locale: 'en', title: 'Deep', body };
        const res = await app.request(path, as(adminToken, 'POST', input));
        expect(res.status, `${path} ${body.slice(0, 30)}`).toBe(400);
        const { error } = await res.json();
        expect(error.code).toBe('validation_failed');
        expect(error.message).toMatch(/more than 16 levels deep/);
      }
    }
    const ok = await app.request('/v1/admin/kb/preview', as(adminToken, 'POST', { body: '>'.repeat(8) + ' a' }));
    expect(ok.status).toBe(200);
  });

  it('keeps the node tree the widget renders', () => {
    const md = '## Steps\n\n1. Pack *it*\n2. Ship it `now`\n\n> Note  \n> two\n\n```\na * b\n```';
    expect(markdownToNodes(md)).toEqual([
      { t: 'h', level: 3, c: [{ t: 'text', v: 'Steps' }] },
      {
        t: 'ol',
        c: [
          {
            t: 'li',
            c: [
              {
                t: 'p',
                c: [
                  { t: 'text', v: 'Pack ' },
                  { t: 'em', c: [{ t: 'text', v: 'it' }] },
                ],
              },
            ],
          },
          {
            t: 'li',
            c: [
              {
                t: 'p',
                c: [
                  { t: 'text', v: 'Ship it ' },
                  { t: 'code', c: [{ t: 'text', v: 'now' }] },
                ],
              },
            ],
          },
        ],
      },
      { t: 'quote', c: [{ t: 'p', c: [{ t: 'text', v: 'Note' }, { t: 'br' }, { t: 'text', v: 'two' }] }] },
      { t: 'pre', c: [{ t: 'text', v: 'a * b' }] },
    ]);
    expect(markdownToNodes('3. three\n4. four\n\n- a\n  - b')).toEqual([
      { t: 'ol', start: 3, c: [li('three'), li('four')] },
      { t: 'ul', c: [{ t: 'li', c: [para('a'), { t: 'ul', c: [li('b')] }] }] },
    ]);
    expect(markdownToNodes('***both*** snake_case_name <https://a.example> &amp; \\*')).toEqual([
      {
        t: 'p',
        c: [
          { t: 'em', c: [{ t: 'strong', c: [{ t: 'text', v: 'both' }] }] },
          { t: 'text', v: ' snake_case_name ' },
          { t: 'a', href: 'https://a.example', c: [{ t: 'text', v: 'https://a.example' }] },
          { t: 'text', v: ' & *' },
        ],
      },
    ]);
  });
});

describe('public reads and searches use what was stored at save', () => {
  it('serves the stored node tree and snippet text, not a parse of the body', async () => {
    const { app, db, adminToken, siteKey } = await testApp();
    const input = { locale: 'en', title: 'Lamp care', body: 'Dust the *lamp* weekly.' };
    const created = await (await app.request('/v1/admin/kb', as(adminToken, 'POST', input))).json();
    const sql = 'SELECT body_nodes, body_text FROM kb_articles WHERE id = ?';
    const stored = (await db.execute({ sql, args: [created.id] })).rows[0]!;
    expect(JSON.parse(String(stored.body_nodes))).toEqual([
      {
        t: 'p',
        c: [
          { t: 'text', v: 'Dust the ' },
          { t: 'em', c: para('lamp').c },
          { t: 'text', v: ' weekly.' },
        ],
      },
    ]);
    expect(stored.body_text).toBe('Dust the lamp weekly.');

    // A 100 KB pathological body behind the stored columns: reads and searches must not touch it.
    const marker = [{ t: 'p', c: [{ t: 'text', v: 'stored tree' }] }];
    await db.execute({
      sql: 'UPDATE kb_articles SET body = ?, body_nodes = ?, body_text = ? WHERE id = ?',
      args: [fill('*a'), JSON.stringify(marker), 'stored lamp text', created.id],
    });
    const started = performance.now();
    const article = await (await app.request(`/v1/kb/articles/${created.id}?site=${siteKey}`)).json();
    expect(article.body).toEqual(marker);
    const { results } = await (await app.request(`/v1/kb/search?site=${siteKey}&q=lamp`)).json();
    expect(results[0].snippet).toBe('stored lamp text');
    const { results: listed } = await (await app.request(`/v1/kb/search?site=${siteKey}`)).json();
    expect(listed[0].snippet).toBe('stored lamp text');
    expect(performance.now() - started).toBeLessThan(1000); // 5.8 s per read and 6.8 s per search before

    // A title-only change keeps the stored content; a body change re-parses it.
    await app.request(`/v1/admin/kb/${created.id}`, as(adminToken, 'PATCH', { title: 'Lamp care 2' }));
    expect((await (await app.request(`/v1/kb/articles/${created.id}?site=${siteKey}`)).json()).body).toEqual(marker);
    await app.request(`/v1/admin/kb/${created.id}`, as(adminToken, 'PATCH', { body: 'New **text**' }));
    expect((await (await app.request(`/v1/kb/articles/${created.id}?site=${siteKey}`)).json()).body).toEqual([
      {
        t: 'p',
        c: [
          { t: 'text', v: 'New ' },
          { t: 'strong', c: [{ t: 'text', v: 'text' }] },
        ],
      },
    ]);
  });

  it('fills articles saved before 0015 in the migrate step; a row without content is shown as text', async () => {
    const { app, db, siteKey } = await testApp();
    const site = (await db.execute({ sql: 'SELECT id FROM sites WHERE key = ?', args: [siteKey] })).rows[0]!;
    const insert = (body: string) =>
      db.execute({
        sql: `INSERT INTO kb_articles (site_id, locale, title, body, created_at, updated_at)
              VALUES (?, 'en', 'Old', ?, 0, 0) RETURNING id`,
        args: [site.id as number, body],
      });
    const old = Number((await insert('An *old* article')).rows[0]!.id);
    const tooDeep = Number((await insert('>'.repeat(40) + ' deep')).rows[0]!.id);
    const read = async (id: number) => (await (await app.request(`/v1/kb/articles/${id}?site=${siteKey}`)).json()).body;
    expect(await read(old)).toEqual([{ t: 'p', c: [{ t: 'text', v: 'An *old* article' }] }]);

    expect(await migrate(db)).toEqual([]);
    expect(await read(old)).toEqual([
      {
        t: 'p',
        c: [
          { t: 'text', v: 'An ' },
          { t: 'em', c: [{ t: 'text', v: 'old' }] },
          { t: 'text', v: ' article' },
        ],
      },
    ]);
    expect(await read(tooDeep)).toEqual([{ t: 'p', c: [{ t: 'text', v: '>'.repeat(40) + ' deep' }] }]);
  });
});
