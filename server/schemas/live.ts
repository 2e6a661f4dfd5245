import { z } from 'zod';
import { publicMessage, ticketPriority, ticketStatus } from './tickets.ts';

/**
 * What the live streams carry (`text/event-stream`, one JSON object per `data:` line).
 * Admin stream (`GET /v1/admin/stream`): the events of the signed-in user's site;
 * a `notification` only reaches the user it names. Visitor stream
 * (`GET /v1/tickets/:trackingNumber/stream`): `message` and `status` of that ticket.
 * Either stream may send `sync` (no data) after a reconnect whose Last-Event-ID
 * is older than the replay window: what the page shows should be reloaded.
 * Presence: `typing` / `ticket.typing` are passing news (never replayed);
 * `presence` opens every visitor stream.
 */
const ticketRef = { ticketId: z.string(), trackingNumber: z.string() };
export const adminLiveEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ticket.created'), data: z.object(ticketRef) }),
  z.object({
    type: z.literal('ticket.message'),
    data: z.object({ ...ticketRef, messageId: z.string(), from: z.enum(['visitor', 'staff']), internal: z.boolean() }),
  }),
  z.object({
    type: z.literal('ticket.updated'),
    data: z.object({ ...ticketRef, status: ticketStatus, priority: ticketPriority, assigneeId: z.number().nullable() }),
  }),
  z.object({ type: z.literal('lead.created'), data: z.object({ contactId: z.string() }) }),
  z.object({ type: z.literal('contact.updated'), data: z.object({ contactId: z.string() }) }),
  /** A deal was created, changed, moved or deleted (a board reloads it, or drops it when it answers 404). */
  z.object({ type: z.literal('deal.updated'), data: z.object({ dealId: z.string(), pipelineId: z.string() }) }),
  z.object({
    type: z.literal('task.due'),
    data: z.object({ taskId: z.string(), contactId: z.string(), title: z.string(), dueAt: z.number() }),
  }),
  z.object({
    type: z.literal('ticket.typing'),
    data: z.object({ ticketId: z.string(), userId: z.number(), name: z.string() }),
  }),
  z.object({
    type: z.literal('notification'),
    data: z.object({
      kind: z.enum(['ticket_assigned']),
      ticketId: z.string(),
      trackingNumber: z.string(),
      subject: z.string(),
    }),
  }),
]);
export type AdminLiveEvent = z.infer<typeof adminLiveEvent>;

export const ticketLiveEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message'), data: publicMessage }),
  z.object({ type: z.literal('status'), data: z.object({ status: ticketStatus }) }),
  z.object({ type: z.literal('typing'), data: z.object({ staffName: z.string().nullable() }) }),
  z.object({ type: z.literal('presence'), data: z.object({ typicalReplyMinutes: z.number().nullable() }) }),
]);
export type TicketLiveEvent = z.infer<typeof ticketLiveEvent>;
