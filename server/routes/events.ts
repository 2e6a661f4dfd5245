import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import { isbot } from 'isbot';
import type { AppEnv } from '../app-env.ts';
import type { SiteCache } from '../db/site-cache.ts';
import { publicBody } from '../middleware/public-body.ts';
import { publicSite } from '../site-access.ts';
import { errorBody } from '../schemas/errors.ts';
import { eventsAccepted, eventsBody, MAX_EVENTS_BYTES, type EventsAccepted, type TrackedEvent } from '../schemas/events.ts';

const COLUMNS = 16;
const insertSql = (rows: number) =>
  `INSERT INTO events (id, site_id, type, name, ts, received_at, visitor, session, url, ref, title, props, value, currency, utm, click_ids) VALUES ${Array.from(
    { length: rows },
    () => `(${'?, '.repeat(COLUMNS - 1)}?)`,
  ).join(', ')} ON CONFLICT (id) DO NOTHING`;

const json = (v: object | undefined) => (v && Object.keys(v).length > 0 ? JSON.stringify(v) : null);

function eventArgs(siteId: number, receivedAt: number, e: TrackedEvent) {
  return [
    e.id.toLowerCase(), siteId, e.type, e.name ?? null, e.ts, receivedAt, e.visitor, e.session, e.url,
    e.ref || null, e.title ?? null, json(e.props), e.value ?? null, e.currency ?? null, json(e.utm), json(e.clickIds),
  ];
}

/** `POST /v1/events`: the tracker's batches, stored once per event id. */
export const eventRoutes = (sites: SiteCache) =>
  new Hono<AppEnv>().post(
    '/v1/events',
    describeRoute({
      tags: ['public'],
      summary: 'Ingest tracker events',
      description: `Up to 100 events and ${MAX_EVENTS_BYTES} bytes per request, as application/json or text/plain. Each event id is stored once ever; resends are counted as duplicates.`,
      responses: {
        202: { description: 'Stored (or already known)', content: { 'application/json': { schema: resolver(eventsAccepted) } } },
        400: { description: 'Invalid body', content: { 'application/json': { schema: resolver(errorBody) } } },
        413: { description: 'Body too large', content: { 'application/json': { schema: resolver(errorBody) } } },
      },
    }),
    publicBody(eventsBody, MAX_EVENTS_BYTES),
    async (c) => {
      const body = c.req.valid('json');
      const site = await publicSite(c, sites, body.site);
      if (isbot(c.req.header('user-agent'))) return c.json<EventsAccepted>({ accepted: 0, duplicates: 0 }, 202);
      const now = Date.now();
      const [result] = await c.var.deps.writes.run([
        { sql: insertSql(body.events.length), args: body.events.flatMap((e) => eventArgs(site.id, now, e)) },
      ]);
      const accepted = result!.rowsAffected;
      return c.json<EventsAccepted>({ accepted, duplicates: body.events.length - accepted }, 202);
    },
  );
