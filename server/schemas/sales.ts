import { z } from 'zod';
import { money } from './numbers.ts';
import { role } from './users.ts';

const currency = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code');
const when = z.union([
  z.number().int().min(0),
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
  z.iso.date().transform((s) => Date.parse(`${s}T00:00:00Z`)),
]);

export const userInput = z.object({ name: z.string().trim().min(1).max(200), email: z.email().max(254), role });
export const userUpdate = z.object({ name: z.string().trim().min(1).max(200).optional(), role: role.optional() });
export const user = z.object({
  id: z.number(),
  name: z.string(),
  email: z.string().nullable(),
  role,
  createdAt: z.number(),
});
export type User = z.infer<typeof user>;
export const inviteCreated = z.object({ user, invite: z.string(), expiresAt: z.number() });
export const me = z.object({
  user,
  site: z.object({ key: z.string(), name: z.string(), timeZone: z.string(), currency: z.string() }),
  emailEnabled: z.boolean(),
});
/** The admin bell's switches (what it shows, and which `notification` events reach this user's stream). */
const inAppPrefs = z.object({
  new_lead: z.boolean(),
  new_ticket: z.boolean(),
  ticket_assigned: z.boolean(),
  customer_reply: z.boolean(),
  task_due: z.boolean(),
});
const emailPrefs = inAppPrefs.extend({ daily_digest: z.boolean() });
/** A user's notification switches: by email (the top level) and in the admin (`inApp`). */
export const notificationPrefs = emailPrefs.extend({ inApp: inAppPrefs });
export const notificationPrefsInput = emailPrefs.partial().extend({ inApp: inAppPrefs.partial().optional() });
export type Me = z.infer<typeof me>;
export const tokenInfo = z.object({
  id: z.number(),
  userId: z.number(),
  userName: z.string(),
  role,
  label: z.string().nullable(),
  createdAt: z.number(),
  expiresAt: z.number().nullable(),
  lastUsedAt: z.number().nullable(),
});
export const apiTokenInput = z.object({
  userId: z.number().int().positive(),
  label: z.string().trim().max(100).optional(),
});

export const taskInput = z.object({
  title: z.string().trim().min(1).max(300),
  dueAt: when.optional(),
  assigneeId: z.number().int().positive().nullable().optional(),
});
export const taskUpdate = z.object({
  title: z.string().trim().min(1).max(300).optional(),
  dueAt: when.nullable().optional(),
  assigneeId: z.number().int().positive().nullable().optional(),
  done: z.boolean().optional(),
});
export const task = z.object({
  id: z.string(),
  contactId: z.string(),
  contactName: z.string().nullable(),
  title: z.string(),
  dueAt: z.number().nullable(),
  assigneeId: z.number().nullable(),
  doneAt: z.number().nullable(),
  overdue: z.boolean(),
  createdAt: z.number(),
});
export type Task = z.infer<typeof task>;
export const taskListQuery = z.object({
  assignee: z.union([z.literal('me'), z.coerce.number().int().positive()]).default('me'),
  status: z.enum(['open', 'done', 'all']).default('open'),
});

export const productInput = z.object({
  name: z.string().trim().min(1).max(200),
  sku: z.string().trim().max(100).optional(),
  price: money,
  currency,
  contractMonths: z.number().int().min(1).max(120).optional(),
  active: z.boolean().default(true),
});
export const productUpdate = productInput.partial();
export const product = z.object({
  id: z.string(),
  name: z.string(),
  sku: z.string().nullable(),
  price: z.number(),
  currency: z.string(),
  contractMonths: z.number().nullable(),
  active: z.boolean(),
});
export type Product = z.infer<typeof product>;

/** A purchase: a catalogue product (its name and price are the defaults) or free text. */
export const purchaseInput = z
  .object({
    productId: z.uuid().optional(),
    productName: z.string().trim().min(1).max(200).optional(),
    unitPrice: money.optional(),
    quantity: z.number().int().min(1).max(100_000).default(1),
    currency: currency.optional(),
    salesRepId: z.number().int().positive().nullable().optional(),
    instructions: z.string().trim().max(2000).optional(),
    contractEndAt: when.optional(),
    purchasedAt: when.optional(),
    externalId: z.string().trim().min(1).max(200).optional(),
  })
  .refine((p) => p.productId || (p.productName && p.unitPrice !== undefined && p.currency), {
    message: 'give a productId, or productName, unitPrice and currency',
    path: ['productId'],
  });
/** Server to server: the contact by id or by email (a new email makes a new contact). */
export const serverPurchaseInput = purchaseInput.and(
  z
    .object({
      contactId: z.uuid().optional(),
      email: z.email().max(254).optional(),
      name: z.string().trim().max(200).optional(),
    })
    .refine((p) => p.contactId || p.email, { message: 'give contactId or email', path: ['contactId'] }),
);
export const purchase = z.object({
  id: z.string(),
  contactId: z.string(),
  productId: z.string().nullable(),
  productName: z.string(),
  unitPrice: z.number(),
  quantity: z.number(),
  total: z.number(),
  currency: z.string(),
  salesRepId: z.number().nullable(),
  instructions: z.string().nullable(),
  contractEndAt: z.number().nullable(),
  externalId: z.string().nullable(),
  purchasedAt: z.number(),
});
export type Purchase = z.infer<typeof purchase>;

export const customersQuery = z.object({
  contractEndsWithin: z.coerce.number().int().min(1).max(3650).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export const customer = z.object({
  contactId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  purchases: z.number(),
  revenue: z.number(),
  currency: z.string(),
  otherCurrencies: z.record(z.string(), z.number()),
  firstPurchaseAt: z.number(),
  lastPurchaseAt: z.number(),
  nextContractEndAt: z.number().nullable(),
});
export type Customer = z.infer<typeof customer>;
