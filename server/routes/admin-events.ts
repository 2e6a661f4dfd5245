import { Hono } from 'hono';
import type { InValue, Row } from '@libsql/client';
import { describeRoute, resolver } from 'hono-openapi';
import type { AppEnv } from '../app-env.ts';
import { lastSessions, sessionsById, visitorSummary } from '../db/sessions.ts';
import { can } from '../middleware/roles.ts';
import { validate } from '../middleware/validate.ts';
import { ApiError } from '../errors.ts';
import {
  adminEventsPage,
  adminEventsQuery,
  serverEventsBody,
  type AdminEventsPage,
  type StoredEvent,
} from '../schemas/admin-events.ts';
import { eventsAccepted, type EventsAccepted } from '../schemas/events.ts';
import { str, num } from '../db/row.ts';

const parse = (v: unknown) => (v == null ? null : JSON.parse(String(v)));

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

/**
 * `GET /v1/admin/events`: newest first, filtered, cursor-paginated, with the
 * sessions' attribution. `POST /v1/admin/events`: server-to-server events.
 */
export const adminEventRoutes = () =>
  new Hono<AppEnv>()
    .get(
      '/v1/admin/events',
      describeRoute({
        tags: ['admin'],
        summary: 'List tracked events',
        security: [{ bearer: [] }],
        responses: {
          200: {
            description: 'A page of events',
            content: { 'application/json': { schema: resolver(adminEventsPage) } },
          },
        },
      }),
      can.read,
      validate('query', adminEventsQuery),
      async (c) => {
        const q = c.req.valid('query');
        const where = ['site_id = ?'];
        const args: InValue[] = [c.var.auth.site.id];
        if (q.type) (where.push('type = ?'), args.push(q.type));
        if (q.visitor) (where.push('visitor = ?'), args.push(q.visitor));
        if (q.session) (where.push('session = ?'), args.push(q.session));
        if (q.from !== undefined) (where.push('ts >= ?'), args.push(q.from));
        if (q.to !== undefined) (where.push('ts < ?'), args.push(q.to));
        if (q.cursor) {
          const [ts, id] = q.cursor.split('_');
          (where.push('(ts < ? OR (ts = ? AND id < ?))'), args.push(Number(ts), Number(ts), id!));
        }
        const { rows } = await c.var.deps.db.execute({
          sql: `SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY ts DESC, id DESC LIMIT ?`,
          args: [...args, q.limit + 1],
        });
        const events = rows.slice(0, q.limit).map(toEvent);
        const last = events.at(-1);
        const nextCursor = rows.length > q.limit && last ? `${last.ts}_${last.id}` : null;
        const siteId = c.var.auth.site.id;
        const sessions = await sessionsById(
          c.var.deps.db,
          siteId,
          events.map((e) => e.session),
        );
        const page: AdminEventsPage = { events, sessions, nextCursor };
        if (q.visitor) page.visitor = await visitorSummary(c.var.deps.db, siteId, q.visitor);
        return c.json(page);
      },
    )
    .post(
      '/v1/admin/events',
      describeRoute({
        tags: ['admin'],
        summary: 'Record server-to-server events (conversions confirmed by a backend)',
        description:
          'Each event is attributed to its visitor’s last-touch session. Pass your own `id` to make retries safe.',
        security: [{ bearer: [] }],
        responses: {
          202: {
            description: 'Stored (or already known)',
            content: { 'application/json': { schema: resolver(eventsAccepted) } },
          },
        },
      }),
      can.integrate,
      validate('json', serverEventsBody),
      async (c) => {
        const { events } = c.req.valid('json');
        const { db, writes } = c.var.deps;
        const siteId = c.var.auth.site.id;
        const visitors = [...new Set(events.map((e) => e.visitor))];
        const lastSession = await lastSessions(db, siteId, visitors);
        const unknown = visitors.filter((v) => !lastSession.has(v));
        if (unknown.length) throw new ApiError(404, 'not_found', `unknown visitor: ${unknown.slice(0, 5).join(', ')}`);
        const now = Date.now();
        const [inserted] = await writes.run([
          {
            sql: `INSERT INTO events (id, site_id, type, name, ts, received_at, visitor, session, url, props, value, currency)
                VALUES ${events.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} ON CONFLICT (id) DO NOTHING`,
            args: events.flatMap((e) => [
              (e.id ?? crypto.randomUUID()).toLowerCase(),
              siteId,
              e.type,
              e.name,
              e.ts ?? now,
              now,
              e.visitor,
              lastSession.get(e.visitor)!,
              '',
              JSON.stringify({ ...e.props, via: 'server' }),
              e.value ?? null,
              e.currency ?? null,
            ]),
          },
        ]);
        const accepted = inserted!.rowsAffected;
        return c.json<EventsAccepted>({ accepted, duplicates: events.length - accepted }, 202);
      },
    );
