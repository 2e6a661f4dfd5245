import { z } from 'zod';
import { browserId, eventType, propValue } from './events.ts';
import { money } from './numbers.ts';
import { sessionSummary, visitorSummary } from './sessions.ts';

/** A time as UTC milliseconds or an ISO 8601 date/instant. */
export const instant = z.union([
  z.coerce.number().int().min(0),
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
  z.iso.date().transform((s) => Date.parse(`${s}T00:00:00Z`)),
]);

export const adminEventsQuery = z.object({
  type: eventType.optional(),
  visitor: browserId.optional(),
  session: browserId.optional(),
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z
    .string()
    .regex(/^\d+_[0-9a-f-]{36}$/, 'not a cursor from a previous page')
    .optional(),
});

export const storedEvent = z.object({
  id: z.string(),
  type: eventType,
  name: z.string().nullable(),
  ts: z.number(),
  receivedAt: z.number(),
  visitor: z.string(),
  session: z.string(),
  url: z.string(),
  ref: z.string().nullable(),
  title: z.string().nullable(),
  props: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullable(),
  value: z.number().nullable(),
  currency: z.string().nullable(),
  utm: z.record(z.string(), z.string()).nullable(),
  clickIds: z.record(z.string(), z.string()).nullable(),
});
export type StoredEvent = z.infer<typeof storedEvent>;

export const adminEventsPage = z.object({
  events: z.array(storedEvent),
  /** The sessions of this page's events, by id, with their attribution. */
  sessions: z.record(z.string(), sessionSummary),
  /** With `?visitor=`: that visitor's first and last touch. */
  visitor: visitorSummary.nullable().optional(),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type AdminEventsPage = z.infer<typeof adminEventsPage>;

/** A server-to-server event (`POST /v1/admin/events`), e.g. a conversion confirmed by a shop backend. */
export const serverEvent = z
  .object({
    /** Your id for the event (UUID); resending the same id stores it once. */
    id: z.uuid().optional(),
    type: z.enum(['conversion', 'custom']),
    name: z.string().min(1).max(200),
    /** When it happened, UTC ms or ISO 8601; default now. */
    ts: instant.optional(),
    /** The tracker's visitor id; the event is attributed to that visitor's last-touch session. */
    visitor: browserId,
    value: money.optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code')
      .optional(),
    props: z.record(z.string().min(1).max(64), propValue).optional(),
  })
  .refine((e) => (e.value === undefined) === (e.currency === undefined), {
    message: 'value and currency go together',
    path: ['currency'],
  });

export const serverEventsBody = z.object({ events: z.array(serverEvent).min(1).max(100) });
