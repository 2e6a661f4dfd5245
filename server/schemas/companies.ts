import { z } from 'zod';
import { contact, contactId, customFields } from './contacts.ts';

/**
 * A company's web domain from a URL or a bare domain: the lower-case host without `www.` and without a trailing
 * dot (`https://WWW.Acme.com/about` → `acme.com`); null when there is no such host (an IP address, a word).
 */
export function normalizeDomain(input: string): string | null {
  const s = input.trim().toLowerCase();
  if (!s) return null;
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(s) ? s : `http://${s}`).hostname;
  } catch {
    return null;
  }
  host = host.replace(/\.$/, '').replace(/^www\./, '');
  return /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/.test(host) ? host : null;
}

/** A domain as typed (URL or bare); empty clears it. */
const domainInput = z
  .string()
  .max(2048)
  .transform((s, ctx) => {
    if (!s.trim()) return null;
    const domain = normalizeDomain(s);
    if (!domain) ctx.addIssue({ code: 'custom', message: 'not a web domain (like acme.com or https://acme.com)' });
    return domain;
  });

export const companyId = z.uuid();
export const companySizes = ['1-10', '11-50', '51-200', '201-1000', '1001+'] as const;
export const companySize = z.enum(companySizes);
const name = z.string().trim().min(1).max(200);
const industry = z.string().trim().min(1).max(100);

/** `POST /v1/admin/companies`. */
export const companyCreate = z.object({
  name,
  domain: domainInput.nullable().optional(),
  industry: industry.nullable().optional(),
  size: companySize.nullable().optional(),
  ownerId: z.number().int().positive().nullable().optional(),
  fields: customFields.optional(),
});
export type CompanyCreate = z.infer<typeof companyCreate>;

/** `PATCH /v1/admin/companies/:id`: given keys change; `null` clears; custom fields merge. */
export const companyUpdate = companyCreate.partial();
export type CompanyUpdate = z.infer<typeof companyUpdate>;

export const company = z.object({
  id: z.string(),
  name: z.string(),
  domain: z.string().nullable(),
  industry: z.string().nullable(),
  size: companySize.nullable(),
  ownerId: z.number().nullable(),
  fields: z.record(z.string(), z.unknown()),
  /** How many contacts are linked to it. */
  people: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Company = z.infer<typeof company>;

/** What the companies list and its CSV export filter on. */
export const companyFilters = z.object({
  /** Name or domain contains. */
  q: z.string().trim().max(200).optional(),
  industry: z.string().trim().max(100).optional(),
  size: companySize.optional(),
  owner: z.coerce.number().int().positive().optional(),
});
export type CompanyFilters = z.infer<typeof companyFilters>;

export const companyListQuery = companyFilters.extend({
  sort: z.enum(['name', 'updated', 'created']).default('name'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,400}$/, 'not a cursor from a previous page')
    .optional(),
});
export const companyPage = z.object({ companies: z.array(company), nextCursor: z.string().nullable() });
export type CompanyPage = z.infer<typeof companyPage>;

const amount = z.object({ currency: z.string(), amount: z.number() });

/** A company with its people, their deals, purchases and open tickets, and totals. */
export const companyDetail = company.extend({
  /** Its contacts (the first 200 by name; `people` counts all). */
  contacts: z.array(contact),
  deals: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      amount: z.number(),
      currency: z.string(),
      status: z.enum(['open', 'won', 'lost']),
      stageName: z.string().nullable(),
      closeDate: z.string().nullable(),
      contactId: z.string().nullable(),
    }),
  ),
  /** Its people's latest purchases (at most 100). */
  purchases: z.array(
    z.object({
      id: z.string(),
      contactId: z.string(),
      productName: z.string(),
      unitPrice: z.number(),
      quantity: z.number(),
      currency: z.string(),
      purchasedAt: z.number(),
    }),
  ),
  /** Its people's open and pending tickets. */
  tickets: z.array(
    z.object({
      id: z.string(),
      trackingNumber: z.string(),
      subject: z.string(),
      status: z.string(),
      priority: z.string(),
      contactId: z.string(),
      createdAt: z.number(),
    }),
  ),
  totals: z.object({
    people: z.number(),
    /** All purchases of its people, per currency (minor units; currencies are never converted). */
    purchases: z.array(amount),
    /** Open deals, per currency. */
    openDeals: z.array(amount.extend({ count: z.number() })),
  }),
});
export type CompanyDetail = z.infer<typeof companyDetail>;

/** `POST /v1/admin/companies/:id/contacts`: link these contacts (a contact moves from any other company). */
export const companyLink = z.object({ contactIds: z.array(contactId).min(1).max(200) });

/** Contacts whose email domain is the company's and who have no company yet: the rep links them, never automatic. */
export const companySuggestions = z.object({
  contacts: z.array(z.object({ id: z.string(), name: z.string().nullable(), email: z.string() })),
});
export type CompanySuggestions = z.infer<typeof companySuggestions>;
