import { z } from 'zod';
import { stage } from './contacts.ts';
import { money, MONEY_MAX } from './numbers.ts';
import { goalMetrics } from './reports.ts';

const text = z.string().trim().min(1).max(200);

/** One condition over a contact. */
export const segmentRule = z.discriminatedUnion('field', [
  z.object({ field: z.literal('stage'), op: z.enum(['is', 'is_not']), value: stage }),
  z.object({ field: z.literal('tag'), op: z.enum(['has', 'has_not']), value: text }),
  z.object({
    field: z.enum(['email', 'name', 'company', 'source', 'medium', 'campaign', 'affiliate']),
    op: z.enum(['is', 'is_not', 'contains', 'exists', 'not_exists']),
    value: z.string().max(200).optional(),
  }),
  z.object({
    field: z.literal('custom'),
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
    op: z.enum(['is', 'is_not', 'contains', 'exists', 'not_exists']),
    value: z.string().max(200).optional(),
  }),
  /** A field of the contact's linked company (a contact without one has none of them). */
  z.object({
    field: z.enum(['company_name', 'company_domain', 'company_industry', 'company_size']),
    op: z.enum(['is', 'is_not', 'contains', 'exists', 'not_exists']),
    value: z.string().max(200).optional(),
  }),
  z.object({
    field: z.literal('company_custom'),
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
    op: z.enum(['is', 'is_not', 'contains', 'exists', 'not_exists']),
    value: z.string().max(200).optional(),
  }),
  /** Did something on the site: an event type or a tracked name, optionally within the last N days. */
  z.object({
    field: z.literal('event'),
    op: z.enum(['did', 'did_not']),
    value: text,
    withinDays: z.number().int().min(1).max(3650).optional(),
  }),
  /** Number of purchases, or revenue in minor units of the reporting currency. */
  z.object({ field: z.enum(['purchases', 'revenue']), op: z.enum(['gte', 'lte']), value: money }),
]);
export type SegmentRule = z.infer<typeof segmentRule>;

export const segmentDefinition = z.object({
  match: z.enum(['all', 'any']).default('all'),
  rules: z.array(segmentRule).min(1).max(20),
});
export type SegmentDefinition = z.infer<typeof segmentDefinition>;
export const segmentInput = z.object({ name: text, definition: segmentDefinition });
export const segment = segmentInput.extend({ id: z.string(), count: z.number(), updatedAt: z.number() });
export type Segment = z.infer<typeof segment>;

export const affiliateInput = z.object({
  name: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{1,100}$/, 'the value used in ?ref= links'),
  label: z.string().trim().max(200).optional(),
  domains: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z0-9.-]{1,253}$/),
    )
    .max(20)
    .default([]),
  commissionType: z.enum(['percent', 'fixed']).default('percent'),
  /** Basis points (1000 = 10 %) for percent; minor units per new customer for fixed. */
  commissionValue: z.number().int().min(0).max(1e9).default(0),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
});
export const affiliate = affiliateInput.extend({ id: z.string(), createdAt: z.number() });
export type Affiliate = z.infer<typeof affiliate>;

export const goalInput = z
  .object({
    metric: z.enum(goalMetrics),
    period: z.enum(['week', 'month']),
    /** `won_value`: minor units of the reporting currency, an integer up to 10^13; the others up to 10^9. */
    target: z.number().min(0).max(MONEY_MAX),
  })
  .refine((g) => (g.metric === 'won_value' ? Number.isInteger(g.target) : g.target <= 1e9), {
    message: 'a target up to 10^9; won_value in minor units, a whole number',
    path: ['target'],
  });
export const goal = goalInput.safeExtend({ id: z.string() });
