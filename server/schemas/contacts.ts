import { z } from 'zod';
import { fieldName } from './forms.ts';
import { propNumber } from './numbers.ts';

export const stage = z.enum(['lead', 'prospect', 'customer', 'lost']);
export type Stage = z.infer<typeof stage>;

export const contactId = z.uuid();
const tag = z.string().trim().min(1).max(50);
const customFields = z.record(fieldName, z.union([z.string().max(5000), z.boolean(), propNumber, z.null()]));

/** A contact entered by hand (`POST /v1/admin/contacts`). */
export const contactCreate = z
  .object({
    email: z.email().max(254).optional(),
    name: z.string().trim().max(200).optional(),
    phone: z.string().trim().max(50).optional(),
    company: z.string().trim().max(200).optional(),
    fields: customFields.optional(),
    stage: stage.optional(),
    ownerId: z.number().int().positive().nullable().optional(),
    tags: z.array(tag).max(50).optional(),
  })
  .refine((c) => c.email || c.phone || c.name, {
    message: 'a contact needs at least an email, a phone or a name',
    path: ['email'],
  });
export type ContactCreate = z.infer<typeof contactCreate>;

/** `PATCH /v1/admin/contacts/:id`: given keys change; `null` clears a value; custom fields merge. */
export const contactUpdate = z.object({
  email: z.email().max(254).nullable().optional(),
  name: z.string().trim().max(200).nullable().optional(),
  phone: z.string().trim().max(50).nullable().optional(),
  company: z.string().trim().max(200).nullable().optional(),
  fields: customFields.optional(),
  stage: stage.optional(),
  ownerId: z.number().int().positive().nullable().optional(),
  tags: z.array(tag).max(50).optional(),
});
export type ContactUpdate = z.infer<typeof contactUpdate>;

export const touch = z.object({
  sessionId: z.string(),
  source: z.string(),
  medium: z.string().nullable(),
  campaign: z.string().nullable(),
  affiliate: z.string().nullable(),
  startedAt: z.number(),
});

export const contact = z.object({
  id: z.string(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  fields: z.record(z.string(), z.unknown()),
  stage,
  ownerId: z.number().nullable(),
  tags: z.array(z.string()),
  consent: z.boolean(),
  origin: z.enum(['form', 'manual', 'ticket', 'purchase', 'identify']),
  source: z.string().nullable(),
  medium: z.string().nullable(),
  campaign: z.string().nullable(),
  affiliate: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Contact = z.infer<typeof contact>;

export const contactDetail = contact.extend({
  firstTouch: touch.nullable(),
  lastTouch: touch.nullable(),
  visitors: z.array(z.string()),
  stageHistory: z.array(
    z.object({ from: stage.nullable(), to: stage, reason: z.string(), userId: z.number().nullable(), at: z.number() }),
  ),
});
export type ContactDetail = z.infer<typeof contactDetail>;

/** What the contacts list, its CSV export and segment members filter on (one definition for all). */
export const contactFilters = z.object({
  q: z.string().trim().max(200).optional(),
  stage: stage.optional(),
  owner: z.coerce.number().int().positive().optional(),
  tag: tag.optional(),
  source: z.string().max(200).optional(),
  campaign: z.string().max(200).optional(),
  /** Only the members of this saved segment. */
  segment: z.uuid().optional(),
});
export type ContactFilters = z.infer<typeof contactFilters>;

export const contactListQuery = contactFilters.extend({
  sort: z.enum(['updated', 'created', 'name']).default('updated'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,400}$/, 'not a cursor from a previous page')
    .optional(),
});

/** `POST /v1/admin/contacts/bulk`: one change to many contacts. */
export const bulkUpdate = z
  .object({
    ids: z.array(contactId).min(1).max(200),
    stage: stage.optional(),
    ownerId: z.number().int().positive().nullable().optional(),
    addTag: tag.optional(),
  })
  .refine((b) => b.stage || b.ownerId !== undefined || b.addTag, {
    message: 'give stage, ownerId or addTag',
    path: ['stage'],
  });

export const contactPage = z.object({ contacts: z.array(contact), nextCursor: z.string().nullable() });
export type ContactPage = z.infer<typeof contactPage>;

export const mergeBody = z.object({
  /** The duplicate: its visitors, submissions, activities and history move to this contact, then it is deleted. */
  from: contactId,
});

/** What merging `from` into a contact would do: both contacts and the rows that move, per referencing table. */
export const mergePreview = z.object({
  into: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
  from: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
  /** Rows of `from` that move, by table (contact_visitors = browsers, lead_submissions = form submissions, …). */
  moves: z.record(z.string(), z.number().int().min(0)),
});
export type MergePreview = z.infer<typeof mergePreview>;

export const activityKind = z.enum(['call', 'meeting', 'email', 'note']);
export const activityInput = z.object({
  kind: activityKind,
  subject: z.string().trim().max(200).optional(),
  body: z.string().max(20_000).optional(),
  outcome: z.string().trim().max(200).optional(),
  /** When it happened (UTC ms or ISO 8601); default now. */
  occurredAt: z
    .union([z.number().int().min(0), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))])
    .optional(),
  durationMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .optional(),
});
export type ActivityInput = z.infer<typeof activityInput>;
/** A change to a logged activity: given keys change, `null` clears a text or the duration. */
export const activityUpdate = activityInput.partial().extend({
  subject: activityInput.shape.subject.unwrap().nullable().optional(),
  body: activityInput.shape.body.unwrap().nullable().optional(),
  outcome: activityInput.shape.outcome.unwrap().nullable().optional(),
  durationMinutes: activityInput.shape.durationMinutes.unwrap().nullable().optional(),
});
export type ActivityUpdate = z.infer<typeof activityUpdate>;
export const activity = z.object({
  id: z.string(),
  kind: activityKind,
  subject: z.string().nullable(),
  body: z.string().nullable(),
  outcome: z.string().nullable(),
  occurredAt: z.number(),
  durationMinutes: z.number().nullable(),
  userId: z.number().nullable(),
});
export type Activity = z.infer<typeof activity>;

export const timelineItem = z.object({
  kind: z.enum(['event', 'form_submit', 'activity', 'stage_change', 'ticket', 'feedback', 'survey_answer', 'purchase']),
  id: z.string(),
  at: z.number(),
  data: z.record(z.string(), z.unknown()),
});
export const timelinePage = z.object({ items: z.array(timelineItem), nextCursor: z.string().nullable() });
export type TimelinePage = z.infer<typeof timelinePage>;
/** The groups a contact's timeline filters by (`kinds=`). */
export const timelineGroups = ['activities', 'forms', 'tickets', 'purchases', 'pageviews'] as const;
export type TimelineGroup = (typeof timelineGroups)[number];
export const timelineQuery = z.object({
  /**
   * Comma-separated groups to include (default all): `activities` (and stage changes), `forms`, `tickets`
   * (and feedback, survey answers), `purchases`, `pageviews` (the browsers' events).
   */
  kinds: z
    .string()
    .default(timelineGroups.join(','))
    .transform((s) => [...new Set(s.split(','))])
    .pipe(z.array(z.enum(timelineGroups)).min(1)),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^\d+_[\w:.-]{1,80}$/, 'not a cursor from a previous page')
    .optional(),
});
