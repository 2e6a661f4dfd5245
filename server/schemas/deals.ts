import { z } from 'zod';
import { activity } from './contacts.ts';
import { money } from './numbers.ts';
import { purchase } from './sales.ts';

/** Deals on pipelines of configurable stages (issue 23): the wire contract of `/v1/admin/pipelines` and `/deals`. */

export const stageKind = z.enum(['open', 'won', 'lost']);
export type StageKind = z.infer<typeof stageKind>;
/** A deal's status is its stage's kind. */
export type DealStatus = StageKind;

const name = z.string().trim().min(1).max(100);
const currency = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code');
const probability = z.number().int().min(0).max(100);
/** A calendar day, YYYY-MM-DD (in the site's zone where it matters). */
const day = z.iso.date();

export const stage = z.object({
  id: z.string(),
  name: z.string(),
  order: z.number(),
  /** The chance (0–100) a deal in this stage is won: deals without their own probability are weighted by it. */
  probability: z.number(),
  kind: stageKind,
});
export type Stage = z.infer<typeof stage>;

export const pipeline = z.object({
  id: z.string(),
  name: z.string(),
  order: z.number(),
  stages: z.array(stage),
});
export type Pipeline = z.infer<typeof pipeline>;

/** `GET /v1/admin/pipelines`: the site's pipelines (a first "Sales" one is made on first use) and its lost reasons. */
export const pipelineList = z.object({
  pipelines: z.array(pipeline),
  /** The site's list (settings `lostReasons`): moving a deal into a lost stage needs one of them, when any. */
  lostReasons: z.array(z.string()),
});
export type PipelineList = z.infer<typeof pipelineList>;

/**
 * A stage as written: `id` keeps an existing stage (its deals stay), none adds one. A won stage's probability is
 * 100 and a lost stage's 0, whatever is given; an open stage's defaults to 50.
 */
export const stageInput = z.object({
  id: z.uuid().optional(),
  name,
  probability: probability.optional(),
  kind: stageKind.default('open'),
});
export type StageInput = z.infer<typeof stageInput>;

/** At least one open stage, exactly one won stage, at least one lost stage; names unique; ids not repeated. */
const stageList = z
  .array(stageInput)
  .min(3)
  .max(30)
  .superRefine((stages, ctx) => {
    const count = (kind: StageKind) => stages.filter((s) => s.kind === kind).length;
    if (!count('open')) ctx.addIssue({ code: 'custom', message: 'a pipeline needs at least one open stage' });
    if (count('won') !== 1) ctx.addIssue({ code: 'custom', message: 'a pipeline needs exactly one won stage' });
    if (!count('lost')) ctx.addIssue({ code: 'custom', message: 'a pipeline needs at least one lost stage' });
    const names = stages.map((s) => s.name.toLowerCase());
    if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', message: 'stage names must differ' });
    const ids = stages.flatMap((s) => (s.id ? [s.id] : []));
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: 'a stage id is given twice' });
  });

/** `POST /v1/admin/pipelines`: without `stages`, the default ones (Qualified … Won, Lost). */
export const pipelineCreate = z.object({
  name,
  order: z.number().int().min(0).max(1000).optional(),
  stages: stageList.optional(),
});
export type PipelineCreate = z.infer<typeof pipelineCreate>;

/**
 * `PATCH /v1/admin/pipelines/:id`: `stages` is the whole list in board order. Stages named by `id` are kept and
 * changed, new ones added; a stage left out is removed — only when it holds no deal (else 409: move its deals
 * with `DELETE /v1/admin/pipelines/:id/stages/:stageId?moveTo=`). A stage holding deals keeps its kind.
 */
export const pipelineUpdate = z.object({
  name: name.optional(),
  order: z.number().int().min(0).max(1000).optional(),
  stages: stageList.optional(),
});
export type PipelineUpdate = z.infer<typeof pipelineUpdate>;

export const stageDeleteQuery = z.object({
  /** Where the stage's deals go (a stage of the same pipeline); required when it holds any. */
  moveTo: z.uuid().optional(),
});

const title = z.string().trim().min(1).max(200);
const notes = z.string().max(20_000);
const reason = z.string().trim().min(1).max(100);

/**
 * `POST /v1/admin/deals`. Without `pipelineId` the site's first pipeline; without `stageId` its first stage.
 * The contact and company must be the site's. `currency` defaults to the site's; the source columns are the
 * contact's first touch, copied now and kept.
 */
export const dealCreate = z.object({
  title,
  contactId: z.uuid().nullable().optional(),
  companyId: z.uuid().nullable().optional(),
  amount: money.default(0),
  currency: currency.optional(),
  pipelineId: z.uuid().optional(),
  stageId: z.uuid().optional(),
  ownerId: z.number().int().positive().nullable().optional(),
  /** Expected close (open) or the day it closed (won, lost); default: today in the site's zone when it closes. */
  closeDate: day.nullable().optional(),
  /** 0–100; none (or null): the stage's. */
  probability: probability.nullable().optional(),
  lostReason: reason.optional(),
  notes: notes.optional(),
});
export type DealCreate = z.infer<typeof dealCreate>;

/**
 * `PATCH /v1/admin/deals/:id`: given keys change, `null` clears. A new `stageId` (with `pipelineId` when it is in
 * another pipeline) is a move to the end of that column, as `POST …/move` does.
 */
export const dealUpdate = z.object({
  title: title.optional(),
  contactId: z.uuid().nullable().optional(),
  companyId: z.uuid().nullable().optional(),
  amount: money.optional(),
  currency: currency.optional(),
  pipelineId: z.uuid().optional(),
  stageId: z.uuid().optional(),
  ownerId: z.number().int().positive().nullable().optional(),
  closeDate: day.nullable().optional(),
  probability: probability.nullable().optional(),
  lostReason: reason.nullable().optional(),
  notes: notes.nullable().optional(),
});
export type DealUpdate = z.infer<typeof dealUpdate>;

/**
 * `POST /v1/admin/deals/:id/move`: into `stageId` (of the deal's pipeline) at index `position` of that column
 * (0 = top; default the end). Into a won or lost stage: closed on `closeDate` (default today in the site's zone),
 * lost with `lostReason`; out of one: reopened.
 */
export const dealMove = z.object({
  stageId: z.uuid(),
  position: z.number().int().min(0).max(1_000_000).optional(),
  lostReason: reason.optional(),
  closeDate: day.optional(),
});
export type DealMove = z.infer<typeof dealMove>;

const party = z.object({ id: z.string(), name: z.string().nullable() });

export const deal = z.object({
  id: z.string(),
  title: z.string(),
  contactId: z.string().nullable(),
  companyId: z.string().nullable(),
  /** The contact and company in brief, for a card. */
  contact: party.extend({ email: z.string().nullable() }).nullable(),
  company: party.extend({ domain: z.string().nullable() }).nullable(),
  amount: z.number(),
  currency: z.string(),
  pipelineId: z.string(),
  stageId: z.string(),
  /** Order inside the stage's column (fractional; only the order means something). */
  position: z.number(),
  status: stageKind,
  /** The deal's own probability, else its stage's. */
  probability: z.number(),
  /** The deal's own probability (null: the stage's). */
  probabilityOverride: z.number().nullable(),
  /** amount × probability ÷ 100, rounded. */
  weighted: z.number(),
  ownerId: z.number().nullable(),
  closeDate: z.string().nullable(),
  lostReason: z.string().nullable(),
  notes: z.string().nullable(),
  /** The contact's first touch when the deal was made. */
  source: z.string().nullable(),
  medium: z.string().nullable(),
  campaign: z.string().nullable(),
  affiliate: z.string().nullable(),
  firstSession: z.string().nullable(),
  stageChangedAt: z.number(),
  closedAt: z.number().nullable(),
  createdBy: z.number().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Deal = z.infer<typeof deal>;

export const stageChange = z.object({
  fromStageId: z.string().nullable(),
  toStageId: z.string(),
  /** The stages' names now (null for a stage since removed). */
  fromStage: z.string().nullable(),
  toStage: z.string().nullable(),
  userId: z.number().nullable(),
  at: z.number(),
});

export const dealActivity = activity.extend({ contactId: z.string().nullable() });

/** A deal with its history: stage changes (oldest first), activities (newest first), purchases made from it. */
export const dealDetail = deal.extend({
  stageChanges: z.array(stageChange),
  activities: z.array(dealActivity),
  purchases: z.array(purchase),
});
export type DealDetail = z.infer<typeof dealDetail>;

/**
 * `GET /v1/admin/deals`: a pipeline's deals (default: the one of `stage`, else the site's first), filtered.
 * Without `stage`, up to `limit` deals of every stage; with `stage`, that column only, after `cursor` (a stage's
 * `nextCursor`).
 */
export const dealListQuery = z.object({
  pipeline: z.uuid().optional(),
  stage: z.uuid().optional(),
  owner: z.union([z.literal('me'), z.literal('none'), z.coerce.number().int().positive()]).optional(),
  /** Close date in this month (YYYY-MM). */
  closeMonth: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM')
    .optional(),
  source: z.string().max(200).optional(),
  /** One contact's or one company's deals (the contact and company pages). */
  contact: z.uuid().optional(),
  company: z.uuid().optional(),
  status: stageKind.optional(),
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^-?\d+(\.\d+)?(e[+-]?\d+)?_[0-9a-f-]{36}$/, 'not a cursor from a previous page')
    .optional(),
});
export type DealListQuery = z.infer<typeof dealListQuery>;

/** One column's totals over the whole filtered pipeline (not just the page). */
export const stageTotals = z.object({
  stageId: z.string(),
  count: z.number(),
  /** Sum of amounts in the site's currency (`currency`); other currencies are listed apart, never converted. */
  amount: z.number(),
  /** Sum of amount × probability ÷ 100 in the site's currency. */
  weighted: z.number(),
  otherCurrencies: z.record(z.string(), z.object({ amount: z.number(), weighted: z.number() })),
  /** Give it as `cursor` (with `stage`) for the next deals of this column; null when none are left. */
  nextCursor: z.string().nullable(),
});
export type StageTotals = z.infer<typeof stageTotals>;

export const dealPage = z.object({
  pipelineId: z.string(),
  /** The site's currency, of `amount` and `weighted` in `stages`. */
  currency: z.string(),
  deals: z.array(deal),
  stages: z.array(stageTotals),
});
export type DealPage = z.infer<typeof dealPage>;

/**
 * `POST /v1/admin/deals/:id/purchases` (a won deal with a contact): `items` are the purchases to record, each a
 * catalogue product or a name and unit price, in the deal's currency; without `items`, one purchase named after
 * the deal for its amount. Once per deal.
 */
export const dealPurchasesInput = z.object({
  items: z
    .array(
      z
        .object({
          productId: z.uuid().optional(),
          productName: z.string().trim().min(1).max(200).optional(),
          unitPrice: money.optional(),
          quantity: z.number().int().min(1).max(100_000).default(1),
        })
        .refine((i) => i.productId || (i.productName && i.unitPrice !== undefined), {
          message: 'give a productId, or productName and unitPrice',
          path: ['productId'],
        }),
    )
    .min(1)
    .max(50)
    .optional(),
});
export type DealPurchasesInput = z.infer<typeof dealPurchasesInput>;
export const dealPurchases = z.object({ purchases: z.array(purchase) });
