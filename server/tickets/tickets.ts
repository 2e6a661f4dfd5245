import type { Client, InStatement, Row } from '@libsql/client';
import type { AppDeps } from '../app-env.ts';
import { hashSecret, sameSecret } from '../auth/secrets.ts';
import { ApiError } from '../errors.ts';
import { normalizeEmail } from '../contacts/contacts.ts';
import { contactOfVisitor } from '../contacts/create.ts';
import type { Site } from '../db/sites.ts';
import { adminLink } from '../email/links.ts';
import { emailStatement, repNotification } from '../email/outbox.ts';
import {
  ticketToken,
  type AdminTicket,
  type AdminTicketDetail,
  type PublicMessage,
  type PublicThread,
  type TicketInput,
} from '../schemas/tickets.ts';
import { newTrackingNumber } from './tracking-number.ts';
import { authorNameSql } from '../db/authors.ts';
import { enqueueWebhook } from '../db/outbox.ts';
import { str, num, type SqlPart } from '../db/row.ts';

export function ticketFromRow(r: Row): AdminTicket {
  return {
    id: String(r.id),
    trackingNumber: String(r.tracking_number),
    contactId: str(r.contact_id),
    email: str(r.email),
    name: str(r.name),
    subject: String(r.subject),
    category: String(r.category) as AdminTicket['category'],
    status: String(r.status) as AdminTicket['status'],
    priority: String(r.priority) as AdminTicket['priority'],
    assigneeId: num(r.assignee_id),
    locale: str(r.locale),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    firstResponseAt: num(r.first_response_at),
    solvedAt: num(r.solved_at),
    rating: num(r.rating),
    ratingComment: str(r.rating_comment),
    awaitingReply:
      (r.status === 'open' || r.status === 'pending') && Number(r.last_visitor_at ?? 0) > Number(r.last_staff_at ?? 0),
  };
}

/** SQL for a ticket's webhook JSON, from alias `t`. */
const ticketJsonSql = `json_object('id', t.id, 'trackingNumber', t.tracking_number, 'contactId', t.contact_id, 'email', t.email, 'name', t.name,
  'subject', t.subject, 'category', t.category, 'status', t.status, 'priority', t.priority, 'createdAt', t.created_at)`;

/** Queues a ticket webhook for ticket `id` (reading the row as the batch left it). */
export function ticketWebhook(
  siteId: number,
  type: 'ticket.created' | 'ticket.replied' | 'ticket.solved',
  id: string,
  key: string,
  extra: SqlPart = { sql: "'{}'", args: [] },
): InStatement {
  return enqueueWebhook(
    siteId,
    type,
    { sql: '?', args: [`${type}:${id}:${key}`] },
    { sql: `json_object('ticket', ${ticketJsonSql}, 'extra', json(${extra.sql}))`, args: extra.args },
    { sql: 'FROM tickets t WHERE t.id = ?', args: [id] },
  );
}

/** A ticket's messages (or the one `messageId`); staff by name, a removed one's as "Former user: Name" unless
 * `plain`. */
async function messages(
  db: Client,
  where: { ticketId: string } | { messageId: string },
  withInternal: boolean,
  plain = false,
) {
  const { rows } = await db.execute({
    sql: `SELECT m.*, ${authorNameSql('m.user_id', plain)} AS staff_name FROM ticket_messages m
          WHERE ${'ticketId' in where ? 'm.ticket_id' : 'm.id'} = ? ${withInternal ? '' : 'AND m.internal = 0'}
          ORDER BY m.created_at, m.id`,
    args: ['ticketId' in where ? where.ticketId : where.messageId],
  });
  return rows;
}

/** A message as the visitor sees it: staff by first name only. */
const publicMessageFromRow = (m: Row): PublicMessage => ({
  id: String(m.id),
  author: String(m.author) as 'visitor' | 'staff',
  staffName: m.author === 'staff' ? (str(m.staff_name)?.split(' ')[0] ?? null) : null,
  body: String(m.body),
  createdAt: Number(m.created_at),
});

/** One message as the visitor's thread shows it; null for an internal note or an unknown id. */
export async function publicMessage(db: Client, messageId: string): Promise<PublicMessage | null> {
  const [row] = await messages(db, { messageId }, false, true);
  return row ? publicMessageFromRow(row) : null;
}

/** The thread a visitor sees: no internal notes, staff by first name only. */
export async function publicThread(db: Client, ticket: Row): Promise<PublicThread> {
  const rows = await messages(db, { ticketId: String(ticket.id) }, false, true);
  return {
    trackingNumber: String(ticket.tracking_number),
    subject: String(ticket.subject),
    category: String(ticket.category) as PublicThread['category'],
    status: String(ticket.status) as PublicThread['status'],
    createdAt: Number(ticket.created_at),
    updatedAt: Number(ticket.updated_at),
    rating: num(ticket.rating),
    messages: rows.map(publicMessageFromRow),
  };
}

export async function adminTicketDetail(db: Client, siteId: number, id: string): Promise<AdminTicketDetail | null> {
  const { rows } = await db.execute({ sql: 'SELECT * FROM tickets WHERE site_id = ? AND id = ?', args: [siteId, id] });
  if (!rows[0]) return null;
  const msgs = await messages(db, { ticketId: id }, true);
  return {
    ...ticketFromRow(rows[0]),
    messages: msgs.map((m) => ({
      id: String(m.id),
      author: String(m.author) as 'visitor' | 'staff',
      staffName: str(m.staff_name),
      body: String(m.body),
      createdAt: Number(m.created_at),
      internal: Boolean(m.internal),
      userId: num(m.user_id),
    })),
  };
}

/** Status changes as statements: solving stamps solved_at and tells webhooks; reopening clears it. */
export function statusStatements(
  siteId: number,
  id: string,
  status: AdminTicket['status'],
  now: number,
): InStatement[] {
  const solved = status === 'solved' || status === 'closed';
  return [
    {
      sql: `UPDATE tickets SET status = ?, solved_at = ${solved ? 'coalesce(solved_at, ?)' : 'NULL'}, updated_at = ? WHERE id = ?`,
      args: solved ? [status, now, now, id] : [status, now, id],
    },
    ...(status === 'solved' ? [ticketWebhook(siteId, 'ticket.solved', id, String(now))] : []),
  ];
}

/** A visitor's new ticket, as the route validated it. */
export type NewTicket = Omit<TicketInput, 'site' | 'hp'>;

/**
 * Opens a ticket: linked to the browser's contact, else the contact with that
 * email, else a new one (stage `lead`, origin `ticket`); the first message,
 * `ticket.created`, and (with email) the confirmation and the reps' notice, in
 * one batch. A tracking-number collision is retried with a new number.
 */
export async function openTicket(
  { db, writes, emailEnabled }: Pick<AppDeps, 'db' | 'writes' | 'emailEnabled'>,
  site: Site,
  input: NewTicket,
  token: string,
): Promise<{ id: string; trackingNumber: string }> {
  const now = Date.now();
  const id = crypto.randomUUID();
  const email = input.email ? normalizeEmail(input.email) : null;
  const found = await contactOfVisitor(db, site.id, input, { origin: 'ticket', now });
  const contact = found.contact ?? { sql: 'NULL', args: [] };
  const tokenHash = await hashSecret(token);
  for (let attempt = 0; ; attempt++) {
    const tn = newTrackingNumber();
    const notify = emailEnabled
      ? [
          ...(email
            ? [
                emailStatement(
                  site.id,
                  'ticket_confirmation',
                  email,
                  input.locale ?? 'en',
                  { name: input.name ?? '', subject: input.subject, trackingNumber: tn, ticket: id },
                  `ticket:${id}:confirmation`,
                  now,
                  contact,
                ),
              ]
            : []),
          repNotification(
            site.id,
            'new_ticket',
            'new_ticket',
            {
              trackingNumber: tn,
              subject: input.subject,
              body: input.body,
              category: input.category,
              contact: input.name ?? input.email ?? null,
              link: adminLink(site, `/tickets/${id}`),
            },
            `new_ticket:${id}`,
            null,
            now,
            contact,
          ),
        ]
      : [];
    try {
      await writes.run([
        ...found.statements,
        {
          sql: `INSERT INTO tickets (id, site_id, tracking_number, token_hash, contact_id, visitor, email, name, subject, category, locale, page_url,
                  created_at, updated_at, last_visitor_at)
                VALUES (?, ?, ?, ?, ${contact.sql}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          args: [
            id,
            site.id,
            tn,
            tokenHash,
            ...contact.args,
            input.visitor ?? null,
            email,
            input.name ?? null,
            input.subject,
            input.category,
            input.locale ?? null,
            input.url ?? null,
            now,
            now,
            now,
          ],
        },
        {
          sql: "INSERT INTO ticket_messages (id, ticket_id, author, body, created_at) VALUES (?, ?, 'visitor', ?, ?)",
          args: [crypto.randomUUID(), id, input.body, now],
        },
        ticketWebhook(site.id, 'ticket.created', id, 'created', { sql: "json_object('body', ?)", args: [input.body] }),
        ...notify,
      ]);
      return { id, trackingNumber: tn };
    } catch (error) {
      if (attempt < 3 && /UNIQUE.*tracking_number/i.test(String((error as Error).message))) continue;
      throw error;
    }
  }
}

/**
 * The ticket of tracking number `tn` on `site` whose token (the visitor's first one, or one an email link
 * carried) matches; anything else is the same 404. The same work is done whatever the number and the token,
 * so an unknown number does not answer faster.
 */
export async function ticketWithToken(db: Client, site: Site, tn: string, token = ''): Promise<Row> {
  const { rows } = await db.execute({
    sql: 'SELECT * FROM tickets WHERE tracking_number = ? AND site_id = ?',
    args: [tn, site.id],
  });
  const ticket = rows[0];
  const hash = await hashSecret(token);
  const main = sameSecret(hash, String(ticket?.token_hash ?? '0'.repeat(hash.length)));
  const { rows: more } = await db.execute({
    sql: 'SELECT 1 FROM ticket_tokens WHERE token_hash = ? AND ticket_id = ?',
    args: [hash, String(ticket?.id ?? '')],
  });
  if (!ticket || !ticketToken.safeParse(token).success || !(main || more.length))
    throw new ApiError(404, 'not_found', 'no such ticket');
  return ticket;
}
