import type { Client, InStatement, Row } from '@libsql/client';
import type { AdminTicket, AdminTicketDetail, PublicMessage, PublicThread } from '../schemas/tickets.ts';
import { authorNameSql } from './authors.ts';
import { enqueueWebhook } from './outbox.ts';
import { str, num } from './row.ts';


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
    awaitingReply: (r.status === 'open' || r.status === 'pending') && Number(r.last_visitor_at ?? 0) > Number(r.last_staff_at ?? 0),
  };
}

/** SQL for a ticket's webhook JSON, from alias `t`. */
const ticketJsonSql = `json_object('id', t.id, 'trackingNumber', t.tracking_number, 'contactId', t.contact_id, 'email', t.email, 'name', t.name,
  'subject', t.subject, 'category', t.category, 'status', t.status, 'priority', t.priority, 'createdAt', t.created_at)`;

/** Queues a ticket webhook for ticket `id` (reading the row as the batch left it). */
export function ticketWebhook(siteId: number, type: 'ticket.created' | 'ticket.replied' | 'ticket.solved', id: string, key: string, extra: { sql: string; args: unknown[] } = { sql: "'{}'", args: [] }): InStatement {
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

/** One message as the visitor's thread shows it; null for an internal note or an unknown id. */
export async function publicMessage(db: Client, messageId: string): Promise<PublicMessage | null> {
  const [row] = await messages(db, { messageId }, false, true);
  return row ? publicMessageFromRow(row) : null;
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
