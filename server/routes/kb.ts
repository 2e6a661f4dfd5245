import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { hashSecret } from '../auth/secrets.ts';
import type { DailySalt } from '../privacy/daily-salt.ts';
import type { SiteCache } from '../db/site-cache.ts';
import { clientInfo } from '../tracking/client-info.ts';
import { ApiError } from '../errors.ts';
import { storedNodes } from '../kb/fill-content.ts';
import { searchArticles } from '../kb/search.ts';
import { publicBody } from '../middleware/public-body.ts';
import { validate } from '../middleware/validate.ts';
import type { Locale } from '../schemas/config.ts';
import {
  kbArticlePublic,
  kbArticleQuery,
  kbSearchAnswer,
  kbSearchQuery,
  kbVote,
  type KbArticlePublic,
  type KbSearchAnswer,
} from '../schemas/kb.ts';
import { publicSite } from '../site-access.ts';

const idParam = z.object({ id: z.coerce.number().int().positive() });

/** The public side of the knowledge base: search, read, vote. */
export const kbRoutes = (sites: SiteCache, salt: DailySalt) =>
  new Hono<AppEnv>()
    .get(
      '/v1/kb/search',
      describeRoute({
        tags: ['public'],
        summary: 'Search the knowledge base',
        description:
          'Ranked published articles with match ranges (never markup). Arabic and Urdu are matched without vowel marks and letter variants; any characters are safe.',
        responses: {
          200: { description: 'Results', content: { 'application/json': { schema: resolver(kbSearchAnswer) } } },
        },
      }),
      validate('query', kbSearchQuery),
      async (c) => {
        const q = c.req.valid('query');
        const { site } = await publicSite(c, sites, q.site);
        c.header('Cache-Control', 'public, max-age=30');
        return c.json<KbSearchAnswer>({
          results: await searchArticles(c.var.deps.db, site.id, q.q, q.locale, q.limit),
        });
      },
    )
    .get(
      '/v1/kb/articles/:id',
      describeRoute({
        tags: ['public'],
        summary: 'Read an article as a safe node tree',
        responses: {
          200: { description: 'Article', content: { 'application/json': { schema: resolver(kbArticlePublic) } } },
        },
      }),
      validate('param', idParam),
      validate('query', kbArticleQuery),
      async (c) => {
        const { site } = await publicSite(c, sites, c.req.valid('query').site);
        const { rows } = await c.var.deps.db.execute({
          sql: 'SELECT * FROM kb_articles WHERE id = ? AND site_id = ? AND published = 1',
          args: [c.req.valid('param').id, site.id],
        });
        const r = rows[0];
        if (!r) throw new ApiError(404, 'not_found', 'no such article');
        c.header('Cache-Control', 'public, max-age=60');
        return c.json<KbArticlePublic>({
          id: Number(r.id),
          title: String(r.title),
          locale: String(r.locale) as Locale,
          body: storedNodes(r),
          tags: JSON.parse(String(r.tags)) as string[],
          product: r.product == null ? null : String(r.product),
          updatedAt: Number(r.updated_at),
        });
      },
    )
    .post(
      '/v1/kb/articles/:id/vote',
      describeRoute({
        tags: ['public'],
        summary: '“Was this helpful?”',
        responses: { 201: { description: 'Counted' } },
      }),
      validate('param', idParam),
      publicBody(kbVote, 1024),
      async (c) => {
        const { site: key, helpful } = c.req.valid('json');
        const { site } = await publicSite(c, sites, key);
        const { db, writes } = c.var.deps;
        const id = c.req.valid('param').id;
        const { rows } = await db.execute({
          sql: 'SELECT 1 FROM kb_articles WHERE id = ? AND site_id = ? AND published = 1',
          args: [id, site.id],
        });
        if (!rows.length) throw new ApiError(404, 'not_found', 'no such article');
        // One vote per browser (daily-salted hash of IP + user agent) per article; a repeat is answered alike,
        // not counted.
        const client = clientInfo(c);
        const voter =
          (await salt.visitorHash(db, writes, site.id, client.ip, client.userAgent)) ??
          `ua:${await hashSecret(client.userAgent)}`;
        const column = helpful ? 'helpful_yes' : 'helpful_no';
        await writes.run([
          {
            sql: 'INSERT INTO kb_votes (article_id, voter, helpful, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
            args: [id, voter, Number(helpful), Date.now()],
          },
          { sql: `UPDATE kb_articles SET ${column} = ${column} + 1 WHERE id = ? AND changes() > 0`, args: [id] },
        ]);
        return c.json({ ok: true }, 201);
      },
    );
