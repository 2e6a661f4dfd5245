import type { InStatement } from '@libsql/client';
import { Hono, type Context } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { randomToken } from '../auth/secrets.ts';
import type { SiteCache } from '../db/site-cache.ts';
import type { Site } from '../db/sites.ts';
import { openTicket, publicThread, ticketWebhook, ticketWithToken } from '../tickets/tickets.ts';
import { ApiError } from '../errors.ts';
import { publicBody } from '../middleware/public-body.ts';
import { validate } from '../middleware/validate.ts';
import { enforceLimit, rateLimitsOf, type RateLimiter } from '../rate-limit.ts';
import {
  feedbackInput,
  findTickets,
  messageInput,
  publicThread as publicThreadSchema,
  ratingInput,
  ticketCreated,
  ticketInput,
  ticketPathQuery,
  trackingNumber,
  type PublicThread,
  type TicketCreated,
} from '../schemas/tickets.ts';
import { publicSite } from '../site-access.ts';
import { newTrackingNumber } from '../tickets/tracking-number.ts';
import { adminLink } from '../email/links.ts';
import { str } from '../db/row.ts';
import { emailStatement, repNotification } from '../email/outbox.ts';
import { clientInfo, isBotAgent } from '../tracking/client-info.ts';
import { publish, publishMessage, publishTicketUpdate } from '../live/publish.ts';

const tnParam = z.object({ trackingNumber });
/** How many times a visitor may change a ticket's rating after giving it. */
export const MAX_RATING_CHANGES = 3;

/** Per visitor address and site: `what` is a ticket, a message or feedback. */
const limit = (c: Context<AppEnv>, limiter: RateLimiter, what: string, site: Site, perMinute: number) =>
  enforceLimit(limiter, `${what}|${site.id}|${clientInfo(c).ip ?? 'unknown'}`, perMinute);

/** Tickets as the visitor sees them (tracking number + token), and feedback. */
export const ticketRoutes = (sites: SiteCache, limiter: RateLimiter) =>
  new Hono<AppEnv>()
    .post(
      '/v1/tickets',
      describeRoute({
        tags: ['public'],
        summary: 'Open a support ticket',
        description: 'Answers the tracking number and a token (shown once) that reads and answers the thread.',
        responses: {
          201: { description: 'Opened', content: { 'application/json': { schema: resolver(ticketCreated) } } },
        },
      }),
      publicBody(ticketInput, 64 * 1024),
      async (c) => {
        const input = c.req.valid('json');
        const { site } = await publicSite(c, sites, input.site);
        await limit(c, limiter, 'ticket', site, rateLimitsOf(site.settings).tickets);
        const token = `tt_${randomToken(24)}`;
        if (input.hp || isBotAgent(c.req.header('user-agent') ?? ''))
          return c.json<TicketCreated>({ trackingNumber: newTrackingNumber(), token }, 201);
        const { id, trackingNumber: tn } = await openTicket(c.var.deps, site, input, token);
        publish(c, site.id, { type: 'ticket.created', data: { ticketId: id, trackingNumber: tn } });
        return c.json<TicketCreated>({ trackingNumber: tn, token }, 201);
      },
    )
    .get(
      '/v1/tickets/:trackingNumber',
      describeRoute({
        tags: ['public'],
        summary: 'Read a ticket thread (header X-Ticket-Token)',
        description:
          'Internal notes never appear. A wrong token, an unknown number or another site’s number all answer the same 404.',
        responses: {
          200: { description: 'Thread', content: { 'application/json': { schema: resolver(publicThreadSchema) } } },
        },
      }),
      validate('param', tnParam),
      validate('query', ticketPathQuery),
      async (c) => {
        const { site } = await publicSite(c, sites, c.req.valid('query').site);
        const ticket = await ticketWithToken(
          c.var.deps.db,
          site,
          c.req.valid('param').trackingNumber,
          c.req.header('x-ticket-token'),
        );
        c.header('Cache-Control', 'no-store');
        return c.json<PublicThread>(await publicThread(c.var.deps.db, ticket));
      },
    )
    .post(
      '/v1/tickets/:trackingNumber/messages',
      describeRoute({
        tags: ['public'],
        summary: 'Reply to a ticket (header X-Ticket-Token)',
        responses: { 201: { description: 'Added' } },
      }),
      validate('param', tnParam),
      publicBody(messageInput, 64 * 1024),
      async (c) => {
        const input = c.req.valid('json');
        const { site } = await publicSite(c, sites, input.site);
        await limit(c, limiter, 'message', site, rateLimitsOf(site.settings).messages);
        const ticket = await ticketWithToken(
          c.var.deps.db,
          site,
          c.req.valid('param').trackingNumber,
          c.req.header('x-ticket-token'),
        );
        if (ticket.status === 'closed')
          throw new ApiError(409, 'conflict', 'this ticket is closed: please open a new one');
        const now = Date.now();
        const id = String(ticket.id);
        const messageId = crypto.randomUUID();
        await c.var.deps.writes.run([
          {
            sql: "INSERT INTO ticket_messages (id, ticket_id, author, body, created_at) VALUES (?, ?, 'visitor', ?, ?)",
            args: [messageId, id, input.body, now],
          },
          {
            sql: "UPDATE tickets SET status = 'open', solved_at = NULL, updated_at = ?, last_visitor_at = ? WHERE id = ?",
            args: [now, now, id],
          },
          ticketWebhook(site.id, 'ticket.replied', id, String(now), {
            sql: "json_object('author', 'visitor', 'body', ?)",
            args: [input.body],
          }),
          ...(c.var.deps.emailEnabled
            ? [
                repNotification(
                  site.id,
                  'customer_reply',
                  'customer_reply',
                  {
                    contact: ticket.name == null && ticket.email == null ? null : String(ticket.name ?? ticket.email),
                    subject: String(ticket.subject),
                    trackingNumber: String(ticket.tracking_number),
                    body: input.body,
                    link: adminLink(site, `/tickets/${id}`),
                  },
                  `reply:${messageId}`,
                  ticket.assignee_id == null ? null : Number(ticket.assignee_id),
                  now,
                  str(ticket.contact_id),
                ),
              ]
            : []),
        ]);
        publishMessage(c, site.id, { id, trackingNumber: String(ticket.tracking_number) }, messageId, 'visitor');
        if (ticket.status !== 'open') publishTicketUpdate(c, site.id, id, true);
        return c.json({ ok: true }, 201);
      },
    )
    .post(
      '/v1/tickets/:trackingNumber/rating',
      describeRoute({
        tags: ['public'],
        summary: 'Rate a solved ticket 1–5 (header X-Ticket-Token)',
        responses: { 201: { description: 'Rated' } },
      }),
      validate('param', tnParam),
      publicBody(ratingInput, 8 * 1024),
      async (c) => {
        const input = c.req.valid('json');
        const { site } = await publicSite(c, sites, input.site);
        const ticket = await ticketWithToken(
          c.var.deps.db,
          site,
          c.req.valid('param').trackingNumber,
          c.req.header('x-ticket-token'),
        );
        if (ticket.status !== 'solved' && ticket.status !== 'closed')
          throw new ApiError(409, 'conflict', 'a ticket can be rated once it is solved');
        const now = Date.now();
        // A rating can be changed MAX_RATING_CHANGES times, then it stands.
        const [rated] = await c.var.deps.writes.run([
          {
            sql: `UPDATE tickets SET rating = ?, rating_comment = ?, rated_at = ?, updated_at = ?, rating_changes = rating_changes + (rating IS NOT NULL)
                  WHERE id = ? AND (rating IS NULL OR rating_changes < ?)`,
            args: [input.rating, input.comment ?? null, now, now, String(ticket.id), MAX_RATING_CHANGES],
          },
        ]);
        if (!rated!.rowsAffected) throw new ApiError(409, 'conflict', 'this rating cannot be changed any more');
        return c.json({ ok: true }, 201);
      },
    )
    .post(
      '/v1/tickets/find',
      describeRoute({
        tags: ['public'],
        summary: '“Find my request”: email the links of an address’s requests to that address',
        description:
          'Always answers 202, whether or not there are requests, and never shows them: the links go by email only. 3 a minute per address.',
        responses: { 202: { description: 'Accepted' } },
      }),
      publicBody(findTickets, 4 * 1024),
      async (c) => {
        const input = c.req.valid('json');
        const { site } = await publicSite(c, sites, input.site);
        await limit(c, limiter, 'find', site, 3);
        if (!c.var.deps.emailEnabled)
          throw new ApiError(
            404,
            'not_found',
            'finding requests by email needs email delivery, which is not set up here',
          );
        const email = input.email.toLowerCase();
        const { rows } = await c.var.deps.db.execute({
          sql: "SELECT id, tracking_number, subject, locale, contact_id FROM tickets WHERE site_id = ? AND email = ? AND status <> 'closed' ORDER BY created_at DESC LIMIT 5",
          args: [site.id, email],
        });
        const now = Date.now();
        const statements: InStatement[] = [];
        for (const t of rows) {
          const data = { trackingNumber: String(t.tracking_number), subject: String(t.subject), ticket: String(t.id) };
          const locale = input.locale ?? (String(t.locale ?? 'en') as 'en');
          statements.push(
            emailStatement(site.id, 'ticket_link', email, locale, data, `find:${t.id}:${now}`, now, str(t.contact_id)),
          );
        }
        if (statements.length) await c.var.deps.writes.run(statements);
        return c.json({ ok: true }, 202);
      },
    )
    .post(
      '/v1/feedback',
      describeRoute({
        tags: ['public'],
        summary: 'Leave feedback: a 1–5 rating or an NPS score 0–10, with a comment',
        responses: { 201: { description: 'Received' } },
      }),
      publicBody(feedbackInput, 8 * 1024),
      async (c) => {
        const input = c.req.valid('json');
        const { site } = await publicSite(c, sites, input.site);
        await limit(c, limiter, 'feedback', site, rateLimitsOf(site.settings).feedback);
        if (isBotAgent(c.req.header('user-agent') ?? '')) return c.json({ ok: true }, 201);
        await c.var.deps.writes.run([
          {
            sql: `INSERT INTO feedback (id, site_id, visitor, contact_id, rating, nps, comment, url, created_at)
                  VALUES (?, ?, ?, (SELECT contact_id FROM contact_visitors WHERE site_id = ? AND visitor = ?), ?, ?, ?, ?, ?)`,
            args: [
              crypto.randomUUID(),
              site.id,
              input.visitor ?? null,
              site.id,
              input.visitor ?? null,
              input.rating ?? null,
              input.nps ?? null,
              input.comment ?? null,
              input.url ?? null,
              Date.now(),
            ],
          },
        ]);
        return c.json({ ok: true }, 201);
      },
    );
