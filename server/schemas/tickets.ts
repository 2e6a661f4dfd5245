import { z } from 'zod';
import { browserId, siteKey } from './events.ts';
import { locale } from './config.ts';

export const ticketCategory = z.enum(['question', 'complaint', 'order_problem', 'feedback']);
export const ticketStatus = z.enum(['open', 'pending', 'solved', 'closed']);
export const ticketPriority = z.enum(['low', 'normal', 'high', 'urgent']);
/** e.g. LL-7K3M-9QXD: Crockford base 32, no I, L, O or U. */
export const trackingNumber = z
  .string()
  .regex(/^LL-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/, 'not a tracking number');
export const ticketToken = z.string().regex(/^tt_[A-Za-z0-9_-]{20,80}$/, 'not a ticket token');

const body = z.string().trim().min(1, 'required').max(10_000);

export const ticketInput = z.object({
  site: siteKey,
  visitor: browserId.optional(),
  email: z.email().max(254).optional(),
  name: z.string().trim().max(200).optional(),
  subject: z.string().trim().min(1, 'required').max(200),
  body,
  category: ticketCategory.default('question'),
  locale: locale.optional(),
  /** The page the chat is on: emailed links lead back to it. */
  url: z
    .string()
    .max(2048)
    .refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), 'expected an http(s) URL')
    .optional(),
  hp: z.string().max(500).optional(),
});
export type TicketInput = z.infer<typeof ticketInput>;
/** "Find my request": links go to the address the requests were opened with, never to the page. */
export const findTickets = z.object({ site: siteKey, email: z.email().max(254), locale: locale.optional() });
export const ticketCreated = z.object({ trackingNumber, token: z.string() });
export type TicketCreated = z.infer<typeof ticketCreated>;

export const ticketPathQuery = z.object({ site: siteKey });
export const messageInput = z.object({ site: siteKey, body });
export const ratingInput = z.object({
  site: siteKey,
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).optional(),
});

export const publicMessage = z.object({
  id: z.string(),
  author: z.enum(['visitor', 'staff']),
  staffName: z.string().nullable(),
  body: z.string(),
  createdAt: z.number(),
});
export type PublicMessage = z.infer<typeof publicMessage>;
export const publicThread = z.object({
  trackingNumber,
  subject: z.string(),
  category: ticketCategory,
  status: ticketStatus,
  createdAt: z.number(),
  updatedAt: z.number(),
  messages: z.array(publicMessage),
  rating: z.number().nullable(),
});
export type PublicThread = z.infer<typeof publicThread>;

export const adminTicketQuery = z.object({
  status: ticketStatus.optional(),
  priority: ticketPriority.optional(),
  category: ticketCategory.optional(),
  assignee: z.union([z.literal('me'), z.literal('none'), z.coerce.number().int().positive()]).optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^\d+_[0-9a-f-]{36}$/)
    .optional(),
});
export const adminTicket = z.object({
  id: z.string(),
  trackingNumber: z.string(),
  contactId: z.string().nullable(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  subject: z.string(),
  category: ticketCategory,
  status: ticketStatus,
  priority: ticketPriority,
  assigneeId: z.number().nullable(),
  locale: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  firstResponseAt: z.number().nullable(),
  solvedAt: z.number().nullable(),
  rating: z.number().nullable(),
  ratingComment: z.string().nullable(),
  /** The visitor wrote last and no staff reply followed. */
  awaitingReply: z.boolean(),
});
export type AdminTicket = z.infer<typeof adminTicket>;
export const adminMessage = publicMessage.extend({ internal: z.boolean(), userId: z.number().nullable() });
export const adminTicketDetail = adminTicket.extend({ messages: z.array(adminMessage) });
export type AdminTicketDetail = z.infer<typeof adminTicketDetail>;
export const adminTicketPage = z.object({
  tickets: z.array(adminTicket),
  nextCursor: z.string().nullable(),
  counts: z.object({ open: z.number(), awaitingReply: z.number() }),
});
export type AdminTicketPage = z.infer<typeof adminTicketPage>;
export const staffMessageInput = z.object({
  body,
  internal: z.boolean().default(false),
  status: ticketStatus.optional(),
});
export const ticketUpdate = z.object({
  status: ticketStatus.optional(),
  priority: ticketPriority.optional(),
  assigneeId: z.number().int().positive().nullable().optional(),
});

export const feedbackInput = z
  .object({
    site: siteKey,
    visitor: browserId.optional(),
    rating: z.number().int().min(1).max(5).optional(),
    nps: z.number().int().min(0).max(10).optional(),
    comment: z.string().trim().max(2000).optional(),
    url: z
      .string()
      .max(2048)
      .refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), 'expected an http(s) URL')
      .optional(),
  })
  .refine((f) => (f.rating === undefined) !== (f.nps === undefined), {
    message: 'give either a rating (1–5) or an NPS score (0–10)',
    path: ['rating'],
  });
