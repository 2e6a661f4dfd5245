import type { Row } from '@libsql/client';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { countContacts, listContacts } from '../contacts/list.ts';
import { savedSegment } from '../db/segments.ts';
import type { SiteCache } from '../db/site-cache.ts';
import { ApiError } from '../errors.ts';
import { can } from '../middleware/roles.ts';
import { validate } from '../middleware/validate.ts';
import { contactPage } from '../schemas/contacts.ts';
import {
  affiliate,
  affiliateInput,
  goal,
  goalInput,
  segment,
  segmentDefinition,
  segmentInput,
  type Affiliate,
  type Segment,
  type SegmentDefinition,
} from '../schemas/segments.ts';
import { routeDoc } from './route-doc.ts';

const idParam = z.object({ id: z.uuid() });
const segmentDoc = routeDoc('admin: segments');
const affiliateDoc = routeDoc('admin: affiliates');
const goalDoc = routeDoc('admin: goals');
const toAffiliate = (r: Row): Affiliate => ({
  id: String(r.id),
  name: String(r.name),
  label: r.label == null ? undefined : String(r.label),
  domains: JSON.parse(String(r.domains)) as string[],
  commissionType: String(r.commission_type) as Affiliate['commissionType'],
  commissionValue: Number(r.commission_value),
  currency: r.currency == null ? undefined : String(r.currency),
  createdAt: Number(r.created_at),
});

/** Segments (saved rules with live counts), affiliates with commission rules, and goals. */
export const adminSegmentRoutes = (sites: SiteCache) => {
  const load = async (c: { var: AppEnv['Variables'] }, row: Row): Promise<Segment> => {
    const definition = JSON.parse(String(row.definition)) as SegmentDefinition;
    return {
      id: String(row.id),
      name: String(row.name),
      definition,
      count: await countContacts(c.var.deps.db, c.var.auth.site, { rules: definition }),
      updatedAt: Number(row.updated_at),
    };
  };
  return new Hono<AppEnv>()
    .get(
      '/v1/admin/segments',
      segmentDoc('Segments with their live member counts', z.object({ segments: z.array(segment) })),
      can.read,
      async (c) => {
        const { rows } = await c.var.deps.db.execute({
          sql: 'SELECT * FROM segments WHERE site_id = ? ORDER BY name',
          args: [c.var.auth.site.id],
        });
        return c.json({ segments: await Promise.all(rows.map((r) => load(c, r))) });
      },
    )
    .post(
      '/v1/admin/segments/preview',
      segmentDoc('How many contacts rules match, while they are being edited', z.object({ count: z.number() })),
      can.read,
      validate('json', segmentDefinition),
      async (c) =>
        c.json({ count: await countContacts(c.var.deps.db, c.var.auth.site, { rules: c.req.valid('json') }) }),
    )
    .post(
      '/v1/admin/segments',
      segmentDoc('Save a segment', segment),
      can.write,
      validate('json', segmentInput),
      async (c) => {
        const s = c.req.valid('json');
        const now = Date.now();
        const [r] = await c.var.deps.writes.run([
          {
            sql: 'INSERT INTO segments (id, site_id, name, definition, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *',
            args: [crypto.randomUUID(), c.var.auth.site.id, s.name, JSON.stringify(s.definition), now, now],
          },
        ]);
        return c.json(await load(c, r!.rows[0]!), 201);
      },
    )
    .patch(
      '/v1/admin/segments/:id',
      segmentDoc('Change a segment', segment),
      can.write,
      validate('param', idParam),
      validate('json', segmentInput.partial()),
      async (c) => {
        const s = c.req.valid('json');
        const [r] = await c.var.deps.writes.run([
          {
            sql: 'UPDATE segments SET name = coalesce(?, name), definition = coalesce(?, definition), updated_at = ? WHERE id = ? AND site_id = ? RETURNING *',
            args: [
              s.name ?? null,
              s.definition ? JSON.stringify(s.definition) : null,
              Date.now(),
              c.req.valid('param').id,
              c.var.auth.site.id,
            ],
          },
        ]);
        if (!r!.rows[0]) throw new ApiError(404, 'not_found', 'no such segment');
        return c.json(await load(c, r!.rows[0]));
      },
    )
    .delete(
      '/v1/admin/segments/:id',
      segmentDoc('Delete a segment'),
      can.write,
      validate('param', idParam),
      async (c) => {
        const [r] = await c.var.deps.writes.run([
          {
            sql: 'DELETE FROM segments WHERE id = ? AND site_id = ?',
            args: [c.req.valid('param').id, c.var.auth.site.id],
          },
        ]);
        if (!r!.rowsAffected) throw new ApiError(404, 'not_found', 'no such segment');
        return c.body(null, 204);
      },
    )
    .get(
      '/v1/admin/segments/:id/members',
      segmentDoc('The contacts in a segment (first 200, newest updated first)', contactPage),
      can.read,
      validate('param', idParam),
      async (c) => {
        const rules = await savedSegment(c.var.deps.db, c.var.auth.site.id, c.req.valid('param').id);
        if (!rules) throw new ApiError(404, 'not_found', 'no such segment');
        const { contacts } = await listContacts(
          c.var.deps.db,
          c.var.auth.site,
          { rules },
          { sort: 'updated', limit: 200 },
        );
        return c.json({ contacts, nextCursor: null });
      },
    )
    .get(
      '/v1/admin/affiliates',
      affiliateDoc('Affiliates and their commission rules', z.object({ affiliates: z.array(affiliate) })),
      can.read,
      async (c) => {
        const { rows } = await c.var.deps.db.execute({
          sql: 'SELECT * FROM affiliates WHERE site_id = ? ORDER BY name',
          args: [c.var.auth.site.id],
        });
        return c.json({ affiliates: rows.map(toAffiliate) });
      },
    )
    .post(
      '/v1/admin/affiliates',
      affiliateDoc('Register an affiliate', affiliate),
      can.manage,
      validate('json', affiliateInput),
      async (c) => {
        const a = c.req.valid('json');
        try {
          const [r] = await c.var.deps.writes.run([
            {
              sql: 'INSERT INTO affiliates (id, site_id, name, label, domains, commission_type, commission_value, currency, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *',
              args: [
                crypto.randomUUID(),
                c.var.auth.site.id,
                a.name,
                a.label ?? null,
                JSON.stringify(a.domains),
                a.commissionType,
                a.commissionValue,
                a.currency ?? null,
                Date.now(),
              ],
            },
          ]);
          sites.clear();
          return c.json(toAffiliate(r!.rows[0]!), 201);
        } catch (e) {
          if (/UNIQUE/.test(String(e))) throw new ApiError(409, 'conflict', 'an affiliate with this name exists');
          throw e;
        }
      },
    )
    .patch(
      '/v1/admin/affiliates/:id',
      affiliateDoc('Change an affiliate', affiliate),
      can.manage,
      validate('param', idParam),
      validate('json', affiliateInput.partial()),
      async (c) => {
        const a = c.req.valid('json');
        const [r] = await c.var.deps.writes.run([
          {
            sql: `UPDATE affiliates SET label = coalesce(?, label), domains = coalesce(?, domains), commission_type = coalesce(?, commission_type), commission_value = coalesce(?, commission_value), currency = coalesce(?, currency)
                WHERE id = ? AND site_id = ? RETURNING *`,
            args: [
              a.label ?? null,
              a.domains ? JSON.stringify(a.domains) : null,
              a.commissionType ?? null,
              a.commissionValue ?? null,
              a.currency ?? null,
              c.req.valid('param').id,
              c.var.auth.site.id,
            ],
          },
        ]);
        if (!r!.rows[0]) throw new ApiError(404, 'not_found', 'no such affiliate');
        sites.clear();
        return c.json(toAffiliate(r!.rows[0]));
      },
    )
    .delete(
      '/v1/admin/affiliates/:id',
      affiliateDoc('Delete an affiliate'),
      can.manage,
      validate('param', idParam),
      async (c) => {
        const [r] = await c.var.deps.writes.run([
          {
            sql: 'DELETE FROM affiliates WHERE id = ? AND site_id = ?',
            args: [c.req.valid('param').id, c.var.auth.site.id],
          },
        ]);
        if (!r!.rowsAffected) throw new ApiError(404, 'not_found', 'no such affiliate');
        sites.clear();
        return c.body(null, 204);
      },
    )
    .get('/v1/admin/goals', goalDoc('Goals', z.object({ goals: z.array(goal) })), can.read, async (c) => {
      const { rows } = await c.var.deps.db.execute({
        sql: 'SELECT * FROM goals WHERE site_id = ? ORDER BY metric, period',
        args: [c.var.auth.site.id],
      });
      return c.json({
        goals: rows.map((r) => ({
          id: String(r.id),
          metric: String(r.metric) as 'leads',
          period: String(r.period) as 'month',
          target: Number(r.target),
        })),
      });
    })
    .put(
      '/v1/admin/goals',
      goalDoc('Set a goal (one per metric and period)', goal),
      can.manage,
      validate('json', goalInput),
      async (c) => {
        const g = c.req.valid('json');
        const [r] = await c.var.deps.writes.run([
          {
            sql: 'INSERT INTO goals (id, site_id, metric, period, target, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (site_id, metric, period) DO UPDATE SET target = excluded.target RETURNING *',
            args: [crypto.randomUUID(), c.var.auth.site.id, g.metric, g.period, g.target, Date.now()],
          },
        ]);
        const row = r!.rows[0]!;
        return c.json({ id: String(row.id), metric: g.metric, period: g.period, target: Number(row.target) });
      },
    );
};
