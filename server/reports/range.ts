import { z } from 'zod';
import { fieldName } from '../schemas/forms.ts';
import { timeZone } from '../schemas/settings.ts';

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterOf = (tz: string) => {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    if (formatters.size > 500) formatters.clear();
    formatters.set(tz, f);
  }
  return f;
};

/** Milliseconds `tz` is ahead of UTC at instant `ms` (Intl, never the server's own zone). */
export function tzOffset(ms: number, tz: string): number {
  const parts = Object.fromEntries(
    formatterOf(tz)
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** UTC ms of midnight starting `date` (YYYY-MM-DD) in `tz`, right across DST changes. */
export function zonedMidnight(date: string, tz: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  const first = guess - tzOffset(guess, tz);
  return guess - tzOffset(first, tz);
}

/** A calendar date in `tz` for instant `ms`. */
export const zonedDate = (ms: number, tz: string) => new Date(ms + tzOffset(ms, tz)).toISOString().slice(0, 10);

/** Years before 1970 hold no data, and Date.UTC reads years 0–99 as 1900–1999: refused, not shifted. */
const bound = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .refine((v) => Number(v.slice(0, 4)) >= 1970, 'a year from 1970 on');

export const reportQuery = z.object({
  /** A date (midnight in `tz`) or an instant with offset; inclusive. Default: 30 days before `to`. */
  from: bound.optional(),
  /** Exclusive. Default: tomorrow in `tz`. */
  to: bound.optional(),
  tz: timeZone.optional(),
  /** With `overview`: a `series` of days, ISO weeks (Monday) or months in `tz`. */
  interval: z.enum(['day', 'week', 'month']).optional(),
  /**
   * With `demographics`: the session dimension, or `field` for a form field's answers; with `customers`: `source`,
   * the contacts' first-touch source; with `deals`: source, campaign, affiliate, owner or lostReason; with `surveys`:
   * `segment` (each saved segment), `source`, `campaign`, `product` (bought), `repeat` (first or repeat customer when
   * answering) or `choice` (each choice of a choice survey). Which report takes which: `reportGroups`
   * (schemas/reports.ts).
   */
  by: z
    .enum([
      'country',
      'language',
      'device',
      'source',
      'campaign',
      'affiliate',
      'owner',
      'lostReason',
      'segment',
      'product',
      'repeat',
      'choice',
    ])
    .optional(),
  /** With `surveys`: one survey only. */
  survey: z.uuid().optional(),
  field: fieldName.optional(),
  /** With `funnel`: 2–8 steps joined by `|`, each `url:/path-glob*`, `event:type-or-name` or `stage:customer`. */
  steps: z
    .string()
    .max(2000)
    .transform((v) => v.split('|'))
    .pipe(
      z
        .array(
          z
            .string()
            .regex(/^(url|event|stage):[^|]{1,200}$/, 'a step like url:/pricing*, event:signup or stage:customer'),
        )
        .min(2)
        .max(8),
    )
    .optional(),
  source: z.string().max(200).optional(),
  campaign: z.string().max(200).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  device: z.enum(['desktop', 'mobile', 'tablet']).optional(),
  /** With `customers` and `demographics`: only the contacts of this saved segment. */
  segment: z.uuid().optional(),
  /** With `pipeline` (default: the site's first) and `deals` (default: all): one pipeline. */
  pipeline: z.uuid().optional(),
  /** With `pipeline` and `deals`: only the deals of this user. */
  owner: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});
export type ReportQuery = z.infer<typeof reportQuery>;

/** The report's window in UTC ms, computed in the report's time zone. */
export function resolveRange(
  q: ReportQuery,
  siteTz: string,
  now = Date.now(),
): { from: number; to: number; tz: string } {
  const tz = q.tz ?? siteTz;
  const at = (v: string) => (v.length === 10 ? zonedMidnight(v, tz) : Date.parse(v));
  const to = q.to ? at(q.to) : zonedMidnight(zonedDate(now + 86_400_000, tz), tz);
  const from = q.from ? at(q.from) : zonedMidnight(zonedDate(to - 30 * 86_400_000, tz), tz);
  return { from, to, tz };
}

/** Calendar arithmetic on YYYY-MM-DD (no time zone involved). */
const addDays = (date: string, n: number) => new Date(Date.parse(date) + n * 86_400_000).toISOString().slice(0, 10);

type Interval = 'day' | 'week' | 'month';
/** The first day of the day, ISO week (Monday) or month holding `date`. */
const periodStart = (date: string, interval: Interval) =>
  interval === 'week'
    ? addDays(date, -((new Date(date).getUTCDay() + 6) % 7))
    : interval === 'month'
      ? `${date.slice(0, 7)}-01`
      : date;
/** The first day of the next period after the one starting on `date`. */
const nextStart = (date: string, interval: Interval) => {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return interval === 'day'
    ? addDays(date, 1)
    : interval === 'week'
      ? addDays(date, 7)
      : new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
};

/**
 * [lo, hi) windows covering [from, to) by day, ISO week or month in `tz`; the
 * first and last are clipped to the range, every edge is a local midnight.
 */
export function buckets(from: number, to: number, interval: Interval, tz: string): [number, number][] {
  let date = periodStart(zonedDate(from, tz), interval);
  const out: [number, number][] = [];
  let lo = from;
  while (lo < to) {
    date = nextStart(date, interval);
    const hi = Math.min(zonedMidnight(date, tz), to);
    out.push([lo, hi]);
    lo = hi;
  }
  return out;
}

/** The whole week or month (in `tz`) that holds the instant `at`. */
export function periodAround(at: number, interval: Interval, tz: string): [number, number] {
  const start = periodStart(zonedDate(at, tz), interval);
  return [zonedMidnight(start, tz), zonedMidnight(nextStart(start, interval), tz)];
}
