import { Hono } from 'hono';
import type { InValue, Row } from '@libsql/client';
import { describeRoute, resolver } from 'hono-openapi';
import type { AppEnv } from '../app-env.ts';
import { adminAuth } from '../middleware/admin-auth.ts';
import { validate } from '../middleware/validate.ts';
import { adminEventsPage, adminEventsQuery, type AdminEventsPage, type StoredEvent } from '../schemas/admin-events.ts';

const parse = (v: unknown) => (v == null ? null : JSON.parse(String(v)));
const num = (v: unknown) => (v == null ? null : Number(v));
const str = (v: unknown) => (v == null ? null : String(v));

function toEvent(r: Row): StoredEvent {
  return {
    id: String(r.id),
    type: String(r.type) as StoredEvent['type'],
    name: str(r.name),
    ts: Number(r.ts),
    receivedAt: Number(r.received_at),
    visitor: String(r.visitor),
    session: String(r.session),
    url: String(r.url),
    ref: str(r.ref),
    title: str(r.title),
    props: parse(r.props),
    value: num(r.value),
    currency: str(r.currency),
    utm: parse(r.utm),
    clickIds: parse(r.click_ids),
  };
}

/** `GET /v1/admin/events`: newest first, filtered, cursor-paginated. */
export const adminEventRoutes = () =>
  new Hono<AppEnv>().get(
    '/v1/admin/events',
    describeRoute({
      tags: ['admin'],
      summary: 'List tracked events',
      security: [{ bearer: [] }],
      responses: { 200: { description: 'A page of events', content: { 'application/json': { schema: resolver(adminEventsPage) } } } },
    }),
    adminAuth(['owner', 'rep', 'viewer']),
    validate('query', adminEventsQuery),
    async (c) => {
      const q = c.req.valid('query');
      const where = ['site_id = ?'];
      const args: InValue[] = [c.var.auth.site.id];
      if (q.type) where.push('type = ?'), args.push(q.type);
      if (q.visitor) where.push('visitor = ?'), args.push(q.visitor);
      if (q.session) where.push('session = ?'), args.push(q.session);
      if (q.from !== undefined) where.push('ts >= ?'), args.push(q.from);
      if (q.to !== undefined) where.push('ts < ?'), args.push(q.to);
      if (q.cursor) {
        const [ts, id] = q.cursor.split('_');
        where.push('(ts < ? OR (ts = ? AND id < ?))'), args.push(Number(ts), Number(ts), id!);
      }
      const { rows } = await c.var.deps.db.execute({
        sql: `SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY ts DESC, id DESC LIMIT ?`,
        args: [...args, q.limit + 1],
      });
      const events = rows.slice(0, q.limit).map(toEvent);
      const last = events.at(-1);
      const nextCursor = rows.length > q.limit && last ? `${last.ts}_${last.id}` : null;
      return c.json<AdminEventsPage>({ events, nextCursor });
    },
  );
