import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import type { SiteCache } from '../db/site-cache.ts';
import { can } from '../middleware/roles.ts';
import { validate } from '../middleware/validate.ts';
import { browserId } from '../schemas/events.ts';
import { excludedVisitorInput, excludedVisitorList, type ExcludedVisitorList } from '../schemas/excluded-visitors.ts';

/** The team's own browsers, whose events ingest drops (owners manage them). */
export const adminExcludedVisitorRoutes = (sites: SiteCache) =>
  new Hono<AppEnv>()
    .get(
      '/v1/admin/excluded-visitors',
      describeRoute({
        tags: ['admin'],
        summary: 'List excluded team browsers',
        security: [{ bearer: [] }],
        responses: {
          200: { description: 'List', content: { 'application/json': { schema: resolver(excludedVisitorList) } } },
        },
      }),
      can.manage,
      async (c) => {
        const { rows } = await c.var.deps.db.execute({
          sql: 'SELECT visitor, label, created_at FROM excluded_visitors WHERE site_id = ? ORDER BY created_at',
          args: [c.var.auth.site.id],
        });
        return c.json<ExcludedVisitorList>({
          visitors: rows.map((r) => ({
            visitor: String(r.visitor),
            label: r.label == null ? null : String(r.label),
            createdAt: Number(r.created_at),
          })),
        });
      },
    )
    .post(
      '/v1/admin/excluded-visitors',
      describeRoute({
        tags: ['admin'],
        summary: 'Exclude a team browser from tracking',
        security: [{ bearer: [] }],
        responses: { 201: { description: 'Excluded' } },
      }),
      can.manage,
      validate('json', excludedVisitorInput),
      async (c) => {
        const { visitor, label } = c.req.valid('json');
        await c.var.deps.writes.run([
          {
            sql: 'INSERT INTO excluded_visitors (site_id, visitor, label, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET label = excluded.label',
            args: [c.var.auth.site.id, visitor, label ?? null, Date.now()],
          },
        ]);
        sites.clear();
        return c.json({ ok: true }, 201);
      },
    )
    .delete(
      '/v1/admin/excluded-visitors/:visitor',
      describeRoute({
        tags: ['admin'],
        summary: 'Track a team browser again',
        security: [{ bearer: [] }],
        responses: { 204: { description: 'Removed' } },
      }),
      can.manage,
      validate('param', z.object({ visitor: browserId })),
      async (c) => {
        await c.var.deps.writes.run([
          {
            sql: 'DELETE FROM excluded_visitors WHERE site_id = ? AND visitor = ?',
            args: [c.var.auth.site.id, c.req.valid('param').visitor],
          },
        ]);
        sites.clear();
        return c.body(null, 204);
      },
    );
