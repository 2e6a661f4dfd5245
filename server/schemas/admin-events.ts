import { z } from 'zod';
import { browserId, eventType } from './events.ts';

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
  cursor: z.string().regex(/^\d+_[0-9a-f-]{36}$/, 'not a cursor from a previous page').optional(),
});
export type AdminEventsQuery = z.input<typeof adminEventsQuery>;

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
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type AdminEventsPage = z.infer<typeof adminEventsPage>;
