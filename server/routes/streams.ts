import { Hono, type Context } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import type { SiteCache } from '../db/site-cache.ts';
import { ApiError } from '../errors.ts';
import { StreamsFullError, type LiveChannel, type StreamRequest } from '../live/hub.ts';
import { can } from '../middleware/roles.ts';
import { validate } from '../middleware/validate.ts';
import { ticketWithToken } from '../tickets/tickets.ts';
import { ticketPathQuery, trackingNumber } from '../schemas/tickets.ts';
import { publicSite } from '../site-access.ts';
import { typicalReplyMinutes } from '../live/presence.ts';
import { publishTyping } from '../live/publish.ts';

const sse = {
  200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' as const } } } },
};

/** The channel's stream, or 503 when this runtime has no live updates or is full (clients fall back to polling). */
async function open(
  c: Context<AppEnv>,
  siteId: number,
  channel: LiveChannel,
  request: Pick<StreamRequest, 'userId' | 'hello'> = {},
) {
  const live = c.var.deps.live;
  const busy = () =>
    new ApiError(503, 'unavailable', 'live updates are not available here: poll instead', {
      headers: { 'Retry-After': '30' },
    });
  if (!live) throw busy();
  try {
    const res = await live.stream(siteId, channel, {
      ...request,
      lastEventId: c.req.header('last-event-id') ?? null,
      signal: c.req.raw.signal,
    });
    // Through the context, so the CORS headers set before the handler stay on the answer.
    return c.newResponse(res.body, res);
  } catch (error) {
    if (error instanceof StreamsFullError) throw busy();
    throw error;
  }
}

/** Server-sent events: the signed-in staff's site, and one ticket for its visitor. */
export const streamRoutes = (sites: SiteCache) =>
  new Hono<AppEnv>()
    .get(
      '/v1/admin/stream',
      describeRoute({
        tags: ['admin: live'],
        summary: 'Live updates of the site (server-sent events)',
        description:
          'Events ticket.created, ticket.message, ticket.updated, lead.created, contact.updated, task.due, notification (and sync). Resumable with Last-Event-ID; a comment heartbeat every 25 s.',
        security: [{ bearer: [] }],
        responses: sse,
      }),
      can.read,
      (c) => open(c, c.var.auth.site.id, 'admin', { userId: c.var.auth.userId }),
    )
    .get(
      '/v1/tickets/:trackingNumber/stream',
      describeRoute({
        tags: ['public'],
        summary: 'Live replies of a ticket (header X-Ticket-Token; server-sent events)',
        description:
          'Events `message` (as the thread shows it: never internal notes) and `status`. A wrong token answers 404.',
        responses: sse,
      }),
      validate('param', z.object({ trackingNumber })),
      validate('query', ticketPathQuery),
      async (c) => {
        const { site } = await publicSite(c, sites, c.req.valid('query').site);
        const ticket = await ticketWithToken(
          c.var.deps.db,
          site,
          c.req.valid('param').trackingNumber,
          c.req.header('x-ticket-token'),
        );
        const minutes = await typicalReplyMinutes(c.var.deps.db, site.id);
        return open(c, site.id, `ticket:${String(ticket.id)}`, {
          hello: { type: 'presence', data: { typicalReplyMinutes: minutes } },
        });
      },
    )
    .post(
      '/v1/admin/tickets/:id/typing',
      describeRoute({
        tags: ['admin: live'],
        summary: 'I am writing a reply (presence)',
        description:
          'Tells the visitor "NAME is replying…" and colleagues who is writing; send every few seconds while typing. Never stored.',
        security: [{ bearer: [] }],
        responses: { 204: { description: 'Told' } },
      }),
      can.write,
      validate('param', z.object({ id: z.uuid() })),
      async (c) => {
        const { id } = c.req.valid('param');
        const siteId = c.var.auth.site.id;
        const { rows } = await c.var.deps.db.execute({
          sql: 'SELECT (SELECT name FROM users WHERE id = ?) AS name FROM tickets WHERE site_id = ? AND id = ?',
          args: [c.var.auth.userId, siteId, id],
        });
        if (!rows[0]) throw new ApiError(404, 'not_found', 'no such ticket');
        publishTyping(c, siteId, id, { id: c.var.auth.userId, name: String(rows[0].name ?? '') });
        return c.body(null, 204);
      },
    );
