import type { InStatement, InValue } from '@libsql/client';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { adminTicketDetail, statusStatements, ticketFromRow, ticketWebhook } from '../tickets/tickets.ts';
import { adminLink } from '../email/links.ts';
import { emailStatement, repNotification } from '../email/outbox.ts';
import { assertStaff } from '../contacts/staff.ts';
import { can } from '../middleware/roles.ts';
import { ticketParam } from '../middleware/ticket-param.ts';
import { validate } from '../middleware/validate.ts';
import { publish, publishMessage, publishTicketUpdate } from '../live/publish.ts';
import {
  adminTicketDetail as detailSchema,
  adminTicketPage,
  adminTicketQuery,
  staffMessageInput,
  ticketUpdate,
  type AdminTicketPage,
} from '../schemas/tickets.ts';
import { like } from '../db/row.ts';
import { routeDoc } from './route-doc.ts';

const idParam = z.object({ id: z.uuid() });
const doc = routeDoc('admin: tickets');

/** The support inbox: list, read, reply, note, status, priority, assignee. */
export const adminTicketRoutes = () =>
  new Hono<AppEnv>()
    .get(
      '/v1/admin/tickets',
      doc('List tickets', adminTicketPage),
      can.read,
      validate('query', adminTicketQuery),
      async (c) => {
        const q = c.req.valid('query');
        const siteId = c.var.auth.site.id;
        const where = ['site_id = ?'];
        const args: InValue[] = [siteId];
        if (q.status) (where.push('status = ?'), args.push(q.status));
        if (q.priority) (where.push('priority = ?'), args.push(q.priority));
        if (q.category) (where.push('category = ?'), args.push(q.category));
        if (q.assignee === 'me') (where.push('assignee_id = ?'), args.push(c.var.auth.userId));
        else if (q.assignee === 'none') where.push('assignee_id IS NULL');
        else if (q.assignee) (where.push('assignee_id = ?'), args.push(q.assignee));
        if (q.q) {
          const pattern = like(q.q);
          where.push(
            `(subject LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\' OR tracking_number LIKE ? ESCAPE '\\')`,
          );
          args.push(pattern, pattern, pattern, pattern);
        }
        if (q.cursor) {
          const split = q.cursor.indexOf('_');
          (where.push('(updated_at < ? OR (updated_at = ? AND id < ?))'),
            args.push(Number(q.cursor.slice(0, split)), Number(q.cursor.slice(0, split)), q.cursor.slice(split + 1)));
        }
        const [{ rows }, counts] = await Promise.all([
          c.var.deps.db.execute({
            sql: `SELECT * FROM tickets WHERE ${where.join(' AND ')} ORDER BY updated_at DESC, id DESC LIMIT ?`,
            args: [...args, q.limit + 1],
          }),
          c.var.deps.db.execute({
            sql: `SELECT sum(status = 'open') AS open, sum(status IN ('open', 'pending') AND coalesce(last_visitor_at, 0) > coalesce(last_staff_at, 0)) AS awaiting FROM tickets WHERE site_id = ?`,
            args: [siteId],
          }),
        ]);
        const tickets = rows.slice(0, q.limit).map(ticketFromRow);
        const last = tickets.at(-1);
        return c.json<AdminTicketPage>({
          tickets,
          nextCursor: rows.length > q.limit && last ? `${last.updatedAt}_${last.id}` : null,
          counts: { open: Number(counts.rows[0]?.open ?? 0), awaitingReply: Number(counts.rows[0]?.awaiting ?? 0) },
        });
      },
    )
    .get(
      '/v1/admin/tickets/:id',
      doc('Read a ticket with its whole thread, internal notes included', detailSchema),
      can.read,
      validate('param', idParam),
      ticketParam(),
      async (c) => c.json(c.var.ticket),
    )
    .post(
      '/v1/admin/tickets/:id/messages',
      doc('Reply to the visitor, or add an internal note', detailSchema),
      can.write,
      validate('param', idParam),
      validate('json', staffMessageInput),
      ticketParam(),
      async (c) => {
        const current = c.var.ticket;
        const id = current.id;
        const input = c.req.valid('json');
        const siteId = c.var.auth.site.id;
        const now = Date.now();
        const messageId = crypto.randomUUID();
        const statements: InStatement[] = [
          {
            sql: "INSERT INTO ticket_messages (id, ticket_id, author, user_id, body, internal, created_at) VALUES (?, ?, 'staff', ?, ?, ?, ?)",
            args: [messageId, id, c.var.auth.userId, input.body, Number(input.internal), now],
          },
        ];
        if (!input.internal) {
          statements.push(
            {
              sql: 'UPDATE tickets SET first_response_at = coalesce(first_response_at, ?), last_staff_at = ?, updated_at = ? WHERE id = ?',
              args: [now, now, now, id],
            },
            ticketWebhook(siteId, 'ticket.replied', id, String(now), {
              sql: "json_object('author', 'staff', 'body', ?)",
              args: [input.body],
            }),
          );
          if (c.var.deps.emailEnabled && current.email) {
            // The email's link gets a token of its own when it is sent (the visitor's first one is not kept).
            const { rows: extra } = await c.var.deps.db.execute({
              sql: 'SELECT name AS staff FROM users WHERE id = ?',
              args: [c.var.auth.userId],
            });
            statements.push(
              emailStatement(
                siteId,
                'ticket_reply',
                current.email,
                (current.locale ?? 'en') as 'en',
                {
                  name: current.name ?? '',
                  staff: String(extra[0]?.staff ?? '').split(' ')[0] ?? '',
                  subject: current.subject,
                  trackingNumber: current.trackingNumber,
                  body: input.body,
                  ticket: id,
                },
                `reply:${messageId}`,
                now,
                current.contactId,
              ),
            );
          }
        }
        // A public answer waits on the customer unless told otherwise.
        const status = input.status ?? (!input.internal && current.status === 'open' ? 'pending' : undefined);
        if (status && status !== current.status) statements.push(...statusStatements(siteId, id, status, now));
        await c.var.deps.writes.run(statements);
        publishMessage(c, siteId, current, messageId, 'staff', input.internal);
        if (status && status !== current.status) publishTicketUpdate(c, siteId, id, true);
        return c.json((await adminTicketDetail(c.var.deps.db, siteId, id))!, 201);
      },
    )
    .patch(
      '/v1/admin/tickets/:id',
      doc('Change status, priority or assignee', detailSchema),
      can.write,
      validate('param', idParam),
      validate('json', ticketUpdate),
      ticketParam(),
      async (c) => {
        const current = c.var.ticket;
        const id = current.id;
        const input = c.req.valid('json');
        const siteId = c.var.auth.site.id;
        await assertStaff(c.var.deps.db, siteId, input.assigneeId, 'assigneeId');
        const now = Date.now();
        const statements: InStatement[] = [];
        if (input.priority)
          statements.push({
            sql: 'UPDATE tickets SET priority = ?, updated_at = ? WHERE id = ?',
            args: [input.priority, now, id],
          });
        if (input.assigneeId !== undefined)
          statements.push({
            sql: 'UPDATE tickets SET assignee_id = ?, updated_at = ? WHERE id = ?',
            args: [input.assigneeId, now, id],
          });
        if (
          c.var.deps.emailEnabled &&
          input.assigneeId != null &&
          input.assigneeId !== current.assigneeId &&
          input.assigneeId !== c.var.auth.userId
        )
          statements.push(
            repNotification(
              siteId,
              'ticket_assigned',
              'ticket_assigned',
              {
                subject: current.subject,
                trackingNumber: current.trackingNumber,
                link: adminLink(c.var.auth.site, `/tickets/${id}`),
              },
              `assigned:${id}:${now}`,
              input.assigneeId,
              now,
              current.contactId,
            ),
          );
        if (input.status && input.status !== current.status)
          statements.push(...statusStatements(siteId, id, input.status, now));
        if (statements.length) await c.var.deps.writes.run(statements);
        if (statements.length) publishTicketUpdate(c, siteId, id, !!input.status && input.status !== current.status);
        if (
          input.assigneeId != null &&
          input.assigneeId !== current.assigneeId &&
          input.assigneeId !== c.var.auth.userId
        )
          publish(
            c,
            siteId,
            {
              type: 'notification',
              data: {
                kind: 'ticket_assigned',
                ticketId: id,
                trackingNumber: current.trackingNumber,
                subject: current.subject,
              },
            },
            input.assigneeId,
          );
        return c.json((await adminTicketDetail(c.var.deps.db, siteId, id))!);
      },
    );
