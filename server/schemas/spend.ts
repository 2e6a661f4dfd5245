import { z } from 'zod';
import { money } from './numbers.ts';

const DAY = 86_400_000;
/** Days from `a` to `b` (YYYY-MM-DD), calendar arithmetic. */
export const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / DAY);

/** A campaign key part as sessions store it: trimmed, lower-case; empty means none. */
const keyPart = z.string().trim().toLowerCase().max(200);
const optionalPart = keyPart
  .transform((v) => v || null)
  .nullable()
  .optional();

/**
 * Spend on one campaign key over a day or an inclusive range of days in the
 * site's time zone. `amount` is in minor units of `currency` (default: the
 * site's reporting currency). A period counts in a report pro rata by its days.
 */
export const spendInput = z
  .object({
    source: keyPart.min(1),
    medium: optionalPart,
    campaign: optionalPart,
    /** The first day (YYYY-MM-DD, site's zone). */
    fromDay: z.iso.date(),
    /** The last day, inclusive; default `fromDay`. */
    toDay: z.iso.date().optional(),
    amount: money,
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code')
      .optional(),
    note: z.string().trim().max(500).optional(),
  })
  .refine((s) => !s.toDay || s.toDay >= s.fromDay, { message: 'toDay must not be before fromDay', path: ['toDay'] })
  .refine((s) => !s.toDay || daysBetween(s.fromDay, s.toDay) < 366, {
    message: 'a period is at most 366 days',
    path: ['toDay'],
  });
export type SpendInput = z.infer<typeof spendInput>;

export const spendEntry = z.object({
  id: z.string(),
  source: z.string(),
  medium: z.string().nullable(),
  campaign: z.string().nullable(),
  fromDay: z.string(),
  toDay: z.string(),
  amount: z.number(),
  currency: z.string(),
  note: z.string().nullable(),
  createdAt: z.number(),
});
export type SpendEntry = z.infer<typeof spendEntry>;

/** `GET /v1/admin/spend`: entries overlapping [from, to] (days, inclusive), newest first. */
export const spendQuery = z.object({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  source: keyPart.optional(),
  campaign: keyPart.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const spendImportQuery = z.object({ dryRun: z.enum(['1', 'true', '0', 'false']).optional() });
/** `POST /v1/admin/spend/import`: rows stored (or that would be), of those replacing an entry, and the rejected lines. */
export const spendImportResult = z.object({
  dryRun: z.boolean(),
  columns: z.array(z.string()),
  stored: z.number().int(),
  replaced: z.number().int(),
  rejected: z.array(z.object({ row: z.number().int(), reason: z.string() })),
});
export type SpendImportResult = z.infer<typeof spendImportResult>;
