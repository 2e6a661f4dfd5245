import { aside, type RequestScope } from '../aside.ts';
import type { InAppKind } from '../email/outbox.ts';
import { publicMessage, ticketFromRow } from '../tickets/tickets.ts';
import type { AdminLiveEvent, TicketLiveEvent } from '../schemas/live.ts';

/**
 * Tells the site's admin streams about a change, after its write committed.
 * Beside the answer: a failing hub is logged, never fails the request.
 *
 * @example
 * publish(c, site.id, { type: 'lead.created', data: { contactId } });
 */
export function publish(c: RequestScope, siteId: number, event: AdminLiveEvent, userId?: number): void {
  const live = c.var.deps.live;
  if (live)
    aside(c, 'publishing a live event', async () => {
      if (event.type === 'notification' && userId !== undefined && !(await inAppOn(c, userId, event.data.kind))) return;
      await live.publish(siteId, 'admin', { ...event, ...(userId !== undefined && { userId }) });
    });
}

/** Whether `userId` has the admin bell's switch for `kind` on (the default): a `notification` is sent only then. */
async function inAppOn(c: RequestScope, userId: number, kind: InAppKind): Promise<boolean> {
  const { rows } = await c.var.deps.db.execute({
    sql: 'SELECT in_app FROM notification_prefs WHERE user_id = ? AND kind = ?',
    args: [userId, kind],
  });
  return rows[0]?.in_app == null || Number(rows[0].in_app) === 1;
}

/** Tells the visitor streams of one ticket. */
function publishToTicket(c: RequestScope, siteId: number, ticketId: string, event: TicketLiveEvent): void {
  const live = c.var.deps.live;
  if (live) aside(c, 'publishing a live event', async () => live.publish(siteId, `ticket:${ticketId}`, event));
}

/**
 * A new ticket message: the admin stream always; the visitor's stream the message as their thread shows it,
 * unless internal.
 */
export function publishMessage(
  c: RequestScope,
  siteId: number,
  ticket: { id: string; trackingNumber: string },
  messageId: string,
  from: 'visitor' | 'staff',
  internal = false,
): void {
  publish(c, siteId, {
    type: 'ticket.message',
    data: { ticketId: ticket.id, trackingNumber: ticket.trackingNumber, messageId, from, internal },
  });
  const live = c.var.deps.live;
  if (!live || internal) return;
  aside(c, 'publishing a live event', async () => {
    const message = await publicMessage(c.var.deps.db, messageId);
    if (message) await live.publish(siteId, `ticket:${ticket.id}`, { type: 'message', data: message });
  });
}

/** A staff member is writing a public reply: the visitor sees "Sara is replying…", colleagues who. Never replayed. */
export function publishTyping(
  c: RequestScope,
  siteId: number,
  ticketId: string,
  user: { id: number; name: string },
): void {
  const live = c.var.deps.live;
  if (!live) return;
  aside(c, 'publishing a live event', async () => {
    await live.publish(siteId, `ticket:${ticketId}`, {
      type: 'typing',
      data: { staffName: user.name.split(' ')[0] || null },
      ephemeral: true,
    });
    await live.publish(siteId, 'admin', {
      type: 'ticket.typing',
      data: { ticketId, userId: user.id, name: user.name },
      ephemeral: true,
    });
  });
}

/** A ticket's status, priority or assignee changed: the admin stream; the visitor's stream too when the status did. */
export function publishTicketUpdate(c: RequestScope, siteId: number, ticketId: string, statusChanged: boolean): void {
  const live = c.var.deps.live;
  if (!live) return;
  aside(c, 'publishing a live event', async () => {
    const { rows } = await c.var.deps.db.execute({
      sql: 'SELECT * FROM tickets WHERE site_id = ? AND id = ?',
      args: [siteId, ticketId],
    });
    if (!rows[0]) return;
    const t = ticketFromRow(rows[0]);
    const data = {
      ticketId,
      trackingNumber: t.trackingNumber,
      status: t.status,
      priority: t.priority,
      assigneeId: t.assigneeId,
    };
    await live.publish(siteId, 'admin', { type: 'ticket.updated', data });
    if (statusChanged) await live.publish(siteId, `ticket:${ticketId}`, { type: 'status', data: { status: t.status } });
  });
}

/** A lead form arrived (`submissionId` = the client's id): `lead.created` with the contact it landed on. */
export function publishLead(c: RequestScope, siteId: number, submissionId: string): void {
  const live = c.var.deps.live;
  if (!live) return;
  aside(c, 'publishing a live event', async () => {
    const { rows } = await c.var.deps.db.execute({
      sql: 'SELECT contact_id FROM lead_submissions WHERE id = ? AND site_id = ?',
      args: [submissionId.toLowerCase(), siteId],
    });
    const contactId = rows[0]?.contact_id;
    if (contactId != null)
      await live.publish(siteId, 'admin', { type: 'lead.created', data: { contactId: String(contactId) } });
  });
}
