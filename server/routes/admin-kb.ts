import type { Row } from '@libsql/client';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import { articleContent } from '../kb/markdown.ts';
import { storedNodes, storedText } from '../kb/fill-content.ts';
import { indexArticleStatements } from '../kb/search.ts';
import { can } from '../middleware/roles.ts';
import { validate } from '../middleware/validate.ts';
import type { Locale } from '../schemas/config.ts';
import { kbArticleAdmin, kbArticleInput, kbArticleUpdate, type KbArticleAdmin } from '../schemas/kb.ts';
import { routeDoc } from './route-doc.ts';

const idParam = z.object({ id: z.coerce.number().int().positive() });
const doc = routeDoc('admin: knowledge base');

const toArticle = (r: Row): KbArticleAdmin => ({
  id: Number(r.id),
  locale: String(r.locale) as Locale,
  title: String(r.title),
  body: String(r.body),
  tags: JSON.parse(String(r.tags)) as string[],
  product: r.product == null ? null : String(r.product),
  published: Boolean(r.published),
  helpfulYes: Number(r.helpful_yes),
  helpfulNo: Number(r.helpful_no),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

/** Knowledge-base articles: everyone reads; owners and reps write. */
export const adminKbRoutes = () =>
  new Hono<AppEnv>()
    .get(
      '/v1/admin/kb',
      doc('List articles', z.object({ articles: z.array(kbArticleAdmin) })),
      can.read,
      validate('query', z.object({ locale: z.enum(['en', 'ar', 'ur']).optional() })),
      async (c) => {
        const { locale } = c.req.valid('query');
        const { rows } = await c.var.deps.db.execute({
          sql: `SELECT * FROM kb_articles WHERE site_id = ? ${locale ? 'AND locale = ?' : ''} ORDER BY updated_at DESC`,
          args: [c.var.auth.site.id, ...(locale ? [locale] : [])],
        });
        return c.json({ articles: rows.map(toArticle) });
      },
    )
    .post(
      '/v1/admin/kb',
      doc('Write an article', kbArticleAdmin),
      can.write,
      validate('json', kbArticleInput),
      async (c) => {
        const a = c.req.valid('json');
        const now = Date.now();
        const content = articleContent(a.body);
        const [inserted] = await c.var.deps.writes.run([
          {
            sql: `INSERT INTO kb_articles
                (site_id, locale, title, body, body_nodes, body_text, tags, product, published, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
            args: [
              c.var.auth.site.id,
              a.locale,
              a.title,
              a.body,
              JSON.stringify(content.nodes),
              content.text,
              JSON.stringify(a.tags),
              a.product ?? null,
              Number(a.published),
              now,
              now,
            ],
          },
          ...indexArticleStatements({ sql: 'last_insert_rowid()' }, a.title, content.text),
        ]);
        return c.json(toArticle(inserted!.rows[0]!), 201);
      },
    )
    .post(
      '/v1/admin/kb/preview',
      doc('The node tree an article body becomes (for live previews)'),
      can.read,
      validate('json', z.object({ body: z.string().max(100_000) })),
      (c) => c.json({ body: articleContent(c.req.valid('json').body).nodes }),
    )
    .get(
      '/v1/admin/kb/:id',
      doc('Read an article', kbArticleAdmin),
      can.read,
      validate('param', idParam),
      async (c) => {
        const { rows } = await c.var.deps.db.execute({
          sql: 'SELECT * FROM kb_articles WHERE id = ? AND site_id = ?',
          args: [c.req.valid('param').id, c.var.auth.site.id],
        });
        if (!rows[0]) throw new ApiError(404, 'not_found', 'no such article');
        return c.json(toArticle(rows[0]));
      },
    )
    .patch(
      '/v1/admin/kb/:id',
      doc('Change an article', kbArticleAdmin),
      can.write,
      validate('param', idParam),
      validate('json', kbArticleUpdate),
      async (c) => {
        const { id } = c.req.valid('param');
        const { rows } = await c.var.deps.db.execute({
          sql: 'SELECT * FROM kb_articles WHERE id = ? AND site_id = ?',
          args: [id, c.var.auth.site.id],
        });
        if (!rows[0]) throw new ApiError(404, 'not_found', 'no such article');
        const patch = c.req.valid('json');
        const next = { ...toArticle(rows[0]), ...patch };
        // Only a new body is parsed; otherwise what was stored at the last save stays.
        const content =
          patch.body !== undefined
            ? articleContent(patch.body)
            : { nodes: storedNodes(rows[0]), text: storedText(rows[0]) };
        const [updated] = await c.var.deps.writes.run([
          {
            sql: `UPDATE kb_articles SET locale = ?, title = ?, body = ?, body_nodes = ?, body_text = ?, tags = ?,
                product = ?, published = ?, updated_at = ? WHERE id = ? RETURNING *`,
            args: [
              next.locale,
              next.title,
              next.body,
              JSON.stringify(content.nodes),
              content.text,
              JSON.stringify(next.tags),
              next.product ?? null,
              Number(next.published),
              Date.now(),
              id,
            ],
          },
          ...indexArticleStatements(id, next.title, content.text),
        ]);
        return c.json(toArticle(updated!.rows[0]!));
      },
    )
    .delete('/v1/admin/kb/:id', doc('Delete an article'), can.write, validate('param', idParam), async (c) => {
      const { id } = c.req.valid('param');
      const [deleted] = await c.var.deps.writes.run([
        { sql: 'DELETE FROM kb_articles WHERE id = ? AND site_id = ?', args: [id, c.var.auth.site.id] },
        { sql: 'DELETE FROM kb_fts WHERE rowid = ? AND (SELECT changes()) > 0', args: [id] },
      ]);
      if (!deleted!.rowsAffected) throw new ApiError(404, 'not_found', 'no such article');
      return c.body(null, 204);
    });
