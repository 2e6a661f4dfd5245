import { z } from 'zod';
import { droppingOutOfRange, money, propNumber, withoutOutOfRangeProps } from './numbers.ts';

/** Site keys are public: `pk_` + 24 url-safe characters. */
export const siteKey = z.string().regex(/^pk_[A-Za-z0-9_-]{8,64}$/, 'expected a site key (pk_…)');

/** Client-made ids (UUID v7 from the tracker); any UUID shape is accepted. */
export const clientId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected a UUID');

/** Opaque browser ids (visitor, session): short and url-safe. */
export const browserId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'expected an id of 8–64 url-safe characters');

export const eventTypes = [
  'pageview',
  'click',
  'impression',
  'outbound',
  'conversion',
  'identify',
  'vital',
  'custom',
] as const;
export const eventType = z.enum(eventTypes);

export const propValue = z.union([z.string().max(500), propNumber, z.boolean()]);

/** Flat map of at most 30 string/number/boolean properties. */
export const eventProps = z
  .record(z.string().min(1).max(64), propValue)
  .refine((p) => Object.keys(p).length <= 30, 'at most 30 properties');

/** Public ingest's props: a number out of range is dropped, not refused. */
const trackedProps = z.preprocess(withoutOutOfRangeProps, eventProps);

/** A post-purchase survey link's one-use token (`?ll_survey=`) is a secret: it is never stored with a page's URL. */
function withoutSurveyToken(u: string): string {
  if (!/[?&]ll_survey=/.test(u)) return u;
  const url = new URL(u);
  url.searchParams.delete('ll_survey');
  return url.href;
}

const httpUrl = z
  .string()
  .max(2048)
  .refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), 'expected an http(s) URL')
  .transform(withoutSurveyToken);

const DAY = 86_400_000;

export const utm = z.object({
  source: z.string().max(200).optional(),
  medium: z.string().max(200).optional(),
  campaign: z.string().max(200).optional(),
  term: z.string().max(200).optional(),
  content: z.string().max(200).optional(),
});

/** Any of the known click ids (zod 4's `record` over an enum would demand all of them). */
/** Ad click ids by parameter name; names this server does not know (a newer embed.js's) are kept, never refused. */
export const clickIds = z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), z.string().max(500));

/**
 * One tracker event. Unknown keys are stripped (an older server accepts a newer
 * embed.js); known keys are strict about type, length and range.
 */
export const trackedEvent = z.object({
  id: clientId,
  type: eventType,
  /** Client clock, UTC ms; at most 7 days old and 1 day ahead of the server. */
  ts: z
    .number()
    .int()
    .refine((t) => t > Date.now() - 7 * DAY && t < Date.now() + DAY, 'timestamp out of range'),
  visitor: browserId,
  session: browserId,
  url: httpUrl,
  ref: z.union([httpUrl, z.literal('')]).optional(),
  title: z.string().max(500).optional(),
  name: z.string().min(1).max(200).optional(),
  props: trackedProps.optional(),
  /** Money in minor units; out of range (or not an integer) it is dropped and the event kept. */
  value: droppingOutOfRange(money),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code')
    .optional(),
  utm: utm.optional(),
  clickIds: clickIds.optional(),
});
export type TrackedEvent = z.infer<typeof trackedEvent>;

export const MAX_EVENTS = 100;
export const MAX_EVENTS_BYTES = 256 * 1024;

/**
 * `POST /v1/events` body. `v` is the wire format version (1 today). A newer
 * embed.js may send a higher one: its known fields are read, new ones stripped,
 * so events are never refused for being from the future. A change that would
 * alter what a known field means gets a new endpoint instead.
 */
export const eventsBody = z.object({
  v: z.number().int().min(1).max(1000).optional(),
  site: siteKey,
  events: z.array(trackedEvent).min(1).max(MAX_EVENTS),
});

/** `202` answer of `POST /v1/events`. */
export const eventsAccepted = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
});
export type EventsAccepted = z.infer<typeof eventsAccepted>;
