import type { Client, InStatement, InValue, Row } from '@libsql/client';
import type { AppDeps } from '../app-env.ts';
import { findContact } from '../contacts/contacts.ts';
import { logActivity, type Actor } from '../contacts/manage.ts';
import { assertStaff } from '../contacts/staff.ts';
import { auditStatement } from '../db/audit.ts';
import { num, str } from '../db/row.ts';
import type { Site } from '../db/sites.ts';
import { ApiError } from '../errors.ts';
import { dealPurchases, recordDealPurchases } from '../purchases/purchases.ts';
import { zonedDate } from '../reports/range.ts';
import type { ActivityInput } from '../schemas/contacts.ts';
import type {
  Deal,
  DealCreate,
  DealDetail,
  DealMove,
  DealPurchasesInput,
  DealStatus,
  DealUpdate,
  Pipeline,
  Stage,
} from '../schemas/deals.ts';
import type { Purchase } from '../schemas/sales.ts';
import {
  closedWebhook,
  dealProbabilitySql,
  dealWebhook,
  dealWeightedSql,
  enterStageStatements,
  oneDeal,
  type Closing,
} from './moves.ts';
import { findPipeline, listPipelines } from './pipelines.ts';

type Deps = Pick<AppDeps, 'db' | 'writes'>;

/** Who changes deals: the admin user, on their site (its zone, currency and lost reasons). */
export interface DealActor extends Actor {
  site: Site;
}

/** A deal row with its stage, contact and company in brief; `FROM` part and columns over `d`, `s`, `ct`, `co`. */
export const dealFrom = `deals d JOIN pipeline_stages s ON s.id = d.stage_id
  LEFT JOIN contacts ct ON ct.id = d.contact_id LEFT JOIN companies co ON co.id = d.company_id`;
export const dealColumns = `d.*, ${dealProbabilitySql} AS effective_probability, ${dealWeightedSql} AS weighted,
  ct.name AS contact_name, ct.email AS contact_email, co.name AS company_name, co.domain AS company_domain`;

export const dealFromRow = (r: Row): Deal => ({
  id: String(r.id),
  title: String(r.title),
  contactId: str(r.contact_id),
  companyId: str(r.company_id),
  contact:
    r.contact_id == null ? null : { id: String(r.contact_id), name: str(r.contact_name), email: str(r.contact_email) },
  company:
    r.company_id == null
      ? null
      : { id: String(r.company_id), name: str(r.company_name), domain: str(r.company_domain) },
  amount: Number(r.amount),
  currency: String(r.currency),
  pipelineId: String(r.pipeline_id),
  stageId: String(r.stage_id),
  position: Number(r.position),
  status: String(r.status) as DealStatus,
  probability: Number(r.effective_probability),
  probabilityOverride: num(r.probability),
  weighted: Number(r.weighted),
  ownerId: num(r.owner_id),
  closeDate: str(r.close_date),
  lostReason: str(r.lost_reason),
  notes: str(r.notes),
  source: str(r.source),
  medium: str(r.medium),
  campaign: str(r.campaign),
  affiliate: str(r.affiliate),
  firstSession: str(r.first_session),
  stageChangedAt: Number(r.stage_changed_at),
  closedAt: num(r.closed_at),
  createdBy: num(r.created_by),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

/** The site's deal with this id, or null. */
export async function findDeal(db: Client, siteId: number, id: string): Promise<Deal | null> {
  const { rows } = await db.execute({
    sql: `SELECT ${dealColumns} FROM ${dealFrom} WHERE d.id = ? AND d.site_id = ?`,
    args: [id, siteId],
  });
  return rows[0] ? dealFromRow(rows[0]) : null;
}

/** A deal with its stage history (oldest first), its activities (newest first) and the purchases made from it. */
export async function dealDetail(db: Client, deal: Deal, siteId: number): Promise<DealDetail> {
  const [changes, activities] = await db.batch(
    [
      {
        sql: `SELECT h.*, f.name AS from_name, t.name AS to_name FROM deal_stage_changes h
              LEFT JOIN pipeline_stages f ON f.id = h.from_stage_id LEFT JOIN pipeline_stages t ON t.id = h.to_stage_id
              WHERE h.deal_id = ? ORDER BY h.at, h.id`,
        args: [deal.id],
      },
      { sql: 'SELECT * FROM activities WHERE deal_id = ? ORDER BY occurred_at DESC, id DESC', args: [deal.id] },
    ],
    'read',
  );
  return {
    ...deal,
    stageChanges: changes!.rows.map((r) => ({
      fromStageId: str(r.from_stage_id),
      toStageId: String(r.to_stage_id),
      fromStage: str(r.from_name),
      toStage: str(r.to_name),
      userId: num(r.user_id),
      at: Number(r.at),
    })),
    activities: activities!.rows.map((r) => ({
      id: String(r.id),
      kind: String(r.kind) as DealDetail['activities'][number]['kind'],
      subject: str(r.subject),
      body: str(r.body),
      outcome: str(r.outcome),
      occurredAt: Number(r.occurred_at),
      durationMinutes: num(r.duration_minutes),
      userId: num(r.user_id),
      contactId: str(r.contact_id),
    })),
    purchases: await dealPurchases({ db }, siteId, deal.id),
  };
}

/** The contact and company a deal names must be the site's: 404 otherwise, like a wrong id in the path. */
async function assertParties(
  db: Client,
  siteId: number,
  input: { contactId?: string | null; companyId?: string | null },
) {
  if (input.contactId && !(await findContact(db, siteId, input.contactId)))
    throw new ApiError(404, 'not_found', 'no such contact');
  if (input.companyId) {
    const { rows } = await db.execute({
      sql: 'SELECT 1 FROM companies WHERE id = ? AND site_id = ?',
      args: [input.companyId, siteId],
    });
    if (!rows.length) throw new ApiError(404, 'not_found', 'no such company');
  }
}

/** The reason of a deal being lost: one of the site's list when it has one (then required), else any or none. */
function lostReasonOf(site: Site, given: string | null | undefined): string | null {
  const list = site.settings.lostReasons;
  if (!list.length) return given ?? null;
  if (!given) throw new ApiError(400, 'validation_failed', `lostReason: a lost deal needs one of: ${list.join(', ')}`);
  if (!list.includes(given))
    throw new ApiError(400, 'validation_failed', `lostReason: not one of the site's reasons: ${list.join(', ')}`);
  return given;
}

/** What entering `to` closes a deal with: the given day or today in the site's zone, the checked lost reason. */
function closingFor(actor: DealActor, deal: { status: DealStatus } | null, to: Stage, given: DealMove): Closing {
  const entersLost = to.kind === 'lost' && deal?.status !== 'lost';
  return {
    closeDate: given.closeDate ?? zonedDate(Date.now(), actor.site.timeZone),
    lostReason: entersLost ? lostReasonOf(actor.site, given.lostReason) : (given.lostReason ?? null),
  };
}

function stageOf(pipeline: Pipeline, stageId: string | undefined, field = 'stageId'): Stage {
  const stage = stageId
    ? pipeline.stages.find((s) => s.id === stageId)
    : (pipeline.stages.find((s) => s.kind === 'open') ?? pipeline.stages[0]);
  if (!stage) throw new ApiError(400, 'validation_failed', `${field}: not a stage of pipeline “${pipeline.name}”`);
  return stage;
}

/** The pipeline `id`, else the one of stage `stageId`, else the site's first (made on first use). */
async function pipelineOf(deps: Deps, siteId: number, id: string | undefined, stageId?: string): Promise<Pipeline> {
  const pipelines = await listPipelines(deps, siteId);
  if (!id) return pipelines.find((p) => p.stages.some((s) => s.id === stageId)) ?? pipelines[0]!;
  const pipeline = pipelines.find((p) => p.id === id);
  if (!pipeline) throw new ApiError(404, 'not_found', 'no such pipeline');
  return pipeline;
}

/** The contact's first touch (kept on the contact: its first session and that session's source), by column. */
const touchColumns = Object.fromEntries(
  ['first_session', 'source', 'medium', 'campaign', 'affiliate'].map((c) => [
    c,
    `(SELECT ${c} FROM contacts WHERE id = ?)`,
  ]),
);

/** The last position in a column plus one, as SQL (it sees deals written earlier in the batch). */
const columnEnd = (siteId: number, pipelineId: string, stageId: string) => ({
  sql: `coalesce((SELECT position FROM deals WHERE site_id = ? AND pipeline_id = ? AND stage_id = ?
          ORDER BY position DESC LIMIT 1), 0) + 1`,
  args: [siteId, pipelineId, stageId],
});

/**
 * Where a deal lands at index `index` of a column (without itself): between its neighbours, so a move writes one
 * row. When the neighbours' positions are too close to split (after very many moves between the same two), the
 * column is renumbered first (`renumber`).
 */
async function positionAt(
  db: Client,
  siteId: number,
  pipelineId: string,
  stageId: string,
  dealId: string,
  index: number | undefined,
): Promise<{ position: number; renumber: InStatement[] }> {
  const column = 'FROM deals WHERE site_id = ? AND pipeline_id = ? AND stage_id = ? AND id <> ?';
  const at = [siteId, pipelineId, stageId, dealId];
  const edge = async (order: 'ASC' | 'DESC') => {
    const { rows } = await db.execute({
      sql: `SELECT position ${column} ORDER BY position ${order} LIMIT 1`,
      args: at,
    });
    return rows[0] ? Number(rows[0].position) : null;
  };
  if (index === 0) {
    const first = await edge('ASC');
    return { position: first === null ? 1 : first - 1, renumber: [] };
  }
  const { rows } =
    index === undefined
      ? { rows: [] }
      : await db.execute({
          sql: `SELECT position ${column} ORDER BY position, id LIMIT 2 OFFSET ?`,
          args: [...at, index - 1],
        });
  if (index === undefined || rows.length < 2) {
    // The end (or past it).
    const last = await edge('DESC');
    return { position: last === null ? 1 : last + 1, renumber: [] };
  }
  const b = Number(rows[0]!.position);
  const a = Number(rows[1]!.position);
  const mid = (a + b) / 2;
  if (mid > b && mid < a) return { position: mid, renumber: [] };
  // The column becomes 1, 2, 3 … in its order; the deal goes between the index-th and the next.
  return {
    position: index + 0.5,
    renumber: [
      {
        sql: `UPDATE deals SET position = (SELECT n FROM (SELECT id, row_number() OVER (ORDER BY position, id) AS n
                ${column}) r WHERE r.id = deals.id)
              WHERE site_id = ? AND pipeline_id = ? AND stage_id = ? AND id <> ?`,
        args: [...at, ...at],
      },
    ],
  };
}

/**
 * A new deal in its pipeline's stage (the first open one when none is given), at the end of the column. The source
 * columns are the contact's first touch (its first session), copied now and kept. In a won or lost stage it is
 * closed at once (a lost one needs its reason).
 */
export async function createDeal(deps: Deps, actor: DealActor, input: DealCreate): Promise<Deal> {
  const { db, writes } = deps;
  const { siteId, userId, site } = actor;
  const pipeline = await pipelineOf(deps, siteId, input.pipelineId, input.stageId);
  const stage = stageOf(pipeline, input.stageId);
  await assertParties(db, siteId, input);
  await assertStaff(db, siteId, input.ownerId, 'ownerId');
  const closing = closingFor(actor, null, stage, {
    stageId: stage.id,
    ...input,
    closeDate: input.closeDate ?? undefined,
  });
  const closed = stage.kind !== 'open';
  const id = crypto.randomUUID();
  const now = Date.now();
  const end = columnEnd(siteId, pipeline.id, stage.id);
  const contact = input.contactId ?? null;
  const key = `${now}`;
  await writes.run([
    {
      sql: `INSERT INTO deals (id, site_id, title, contact_id, company_id, amount, currency, pipeline_id, stage_id,
              position, status, probability, owner_id, close_date, lost_reason, notes, first_session, source, medium,
              campaign, affiliate, stage_changed_at, closed_at, created_by, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ${end.sql}, ?, ?, ?, ?, ?, ?,
              ${Object.values(touchColumns).join(', ')}, ?, ?, ?, ?, ?)`,
      args: [
        id,
        siteId,
        input.title,
        contact,
        input.companyId ?? null,
        input.amount,
        input.currency ?? site.currency,
        pipeline.id,
        stage.id,
        ...end.args,
        stage.kind,
        closed ? null : (input.probability ?? null),
        input.ownerId === undefined ? userId : input.ownerId,
        closed ? closing.closeDate : (input.closeDate ?? null),
        stage.kind === 'lost' ? closing.lostReason : null,
        input.notes ?? null,
        ...Object.values(touchColumns).map(() => contact),
        now,
        closed ? now : null,
        userId,
        now,
        now,
      ],
    },
    {
      sql: `INSERT INTO deal_stage_changes (site_id, deal_id, from_stage_id, to_stage_id, user_id, at)
            VALUES (?, ?, NULL, ?, ?, ?)`,
      args: [siteId, id, stage.id, userId, now],
    },
    dealWebhook(siteId, 'deal.created', key, oneDeal(id), undefined, now),
    ...(stage.kind === 'open' ? [] : [closedWebhook(siteId, stage.kind, key, oneDeal(id), now)]),
    auditStatement(siteId, userId, 'deal.create', `deal:${id}`, { stageId: stage.id }, now),
  ]);
  return (await findDeal(db, siteId, id))!;
}

/**
 * Given keys change, `null` clears. A new stage (or pipeline) is a move to the end of that column; a contact
 * linked to a deal without a source gives it the contact's first touch.
 */
export async function updateDeal(deps: Deps, actor: DealActor, deal: Deal, input: DealUpdate): Promise<Deal> {
  const { db, writes } = deps;
  const { siteId, userId } = actor;
  await assertParties(db, siteId, input);
  await assertStaff(db, siteId, input.ownerId, 'ownerId');
  const now = Date.now();
  const sets: string[] = ['updated_at = ?'];
  const args: InValue[] = [now];
  const set = (column: string, value: InValue | undefined) =>
    value !== undefined && (sets.push(`${column} = ?`), args.push(value));
  set('title', input.title);
  set('contact_id', input.contactId);
  set('company_id', input.companyId);
  set('amount', input.amount);
  set('currency', input.currency);
  set('owner_id', input.ownerId);
  set('close_date', input.closeDate);
  set('probability', input.probability);
  set('notes', input.notes);
  if (input.contactId) {
    // Every SET reads the row as it was: all or none of the first touch is filled.
    for (const [column, value] of Object.entries(touchColumns))
      (sets.push(`${column} = CASE WHEN source IS NULL AND first_session IS NULL THEN ${value} ELSE ${column} END`),
        args.push(input.contactId));
  }
  const pipeline =
    input.pipelineId && input.pipelineId !== deal.pipelineId
      ? await pipelineOf(deps, siteId, input.pipelineId)
      : (await findPipeline(db, siteId, deal.pipelineId))!;
  const stage =
    input.stageId || pipeline.id !== deal.pipelineId
      ? stageOf(pipeline, input.stageId)
      : pipeline.stages.find((s) => s.id === deal.stageId)!;
  const moves = stage.id !== deal.stageId;
  const lostAfter = stage.kind === 'lost';
  if (input.lostReason !== undefined && !(moves && stage.kind === 'lost' && deal.status !== 'lost')) {
    if (!lostAfter && input.lostReason !== null)
      throw new ApiError(400, 'validation_failed', 'lostReason: only a lost deal has one');
    if (lostAfter) set('lost_reason', lostReasonOf(actor.site, input.lostReason));
  }
  if (pipeline.id !== deal.pipelineId) set('pipeline_id', pipeline.id);
  const statements: InStatement[] = [
    { sql: `UPDATE deals SET ${sets.join(', ')} WHERE id = ? AND site_id = ?`, args: [...args, deal.id, siteId] },
  ];
  if (moves) {
    const { position } = await positionAt(db, siteId, pipeline.id, stage.id, deal.id, undefined);
    const closing = closingFor(actor, deal, stage, {
      stageId: stage.id,
      lostReason: input.lostReason ?? undefined,
      closeDate: input.closeDate ?? undefined,
    });
    statements.push(...enterStageStatements(actor, deal, stage, position, closing, now));
  }
  statements.push(
    auditStatement(siteId, userId, 'deal.update', `deal:${deal.id}`, { changed: Object.keys(input) }, now),
  );
  await writes.run(statements);
  return (await findDeal(db, siteId, deal.id))!;
}

/**
 * Moves a deal to `stageId` of its pipeline at index `position` of that column (default: the end). Entering a won
 * or lost stage closes it, leaving one reopens it; every stage change is in its history (enterStageStatements).
 */
export async function moveDeal(deps: Deps, actor: DealActor, deal: Deal, input: DealMove): Promise<Deal> {
  const { db, writes } = deps;
  const { siteId, userId } = actor;
  const pipeline = (await findPipeline(db, siteId, deal.pipelineId))!;
  const stage = stageOf(pipeline, input.stageId);
  const { position, renumber } = await positionAt(db, siteId, pipeline.id, stage.id, deal.id, input.position);
  const now = Date.now();
  const moves = stage.id !== deal.stageId;
  const closing = moves ? closingFor(actor, deal, stage, input) : { closeDate: '', lostReason: null };
  await writes.run([
    ...renumber,
    ...enterStageStatements(actor, deal, stage, position, closing, now),
    ...(moves
      ? [auditStatement(siteId, userId, 'deal.move', `deal:${deal.id}`, { from: deal.stageId, to: stage.id }, now)]
      : []),
  ]);
  return (await findDeal(db, siteId, deal.id))!;
}

/**
 * Deletes a deal with its stage history. Its activities with a contact stay on the contact's timeline (no longer on
 * a deal); those only on the deal go with it. Purchases made from it stay (no longer from a deal).
 */
export async function deleteDeal({ writes }: Deps, actor: Actor, deal: Deal): Promise<void> {
  const { siteId } = actor;
  await writes.run([
    { sql: 'DELETE FROM activities WHERE deal_id = ? AND contact_id IS NULL AND site_id = ?', args: [deal.id, siteId] },
    { sql: 'UPDATE activities SET deal_id = NULL WHERE deal_id = ? AND site_id = ?', args: [deal.id, siteId] },
    { sql: 'UPDATE purchases SET deal_id = NULL WHERE deal_id = ? AND site_id = ?', args: [deal.id, siteId] },
    { sql: 'DELETE FROM deal_stage_changes WHERE deal_id = ? AND site_id = ?', args: [deal.id, siteId] },
    { sql: 'DELETE FROM deals WHERE id = ? AND site_id = ?', args: [deal.id, siteId] },
    auditStatement(siteId, actor.userId, 'deal.delete', `deal:${deal.id}`),
  ]);
}

/** Logs a call, meeting, email or note on a deal; with a contact, on the contact too (its timeline, stage rule). */
export async function logDealActivity(deps: Deps, actor: Actor, deal: Deal, input: ActivityInput) {
  const activity = await logActivity(deps, actor, deal.contactId ? { id: deal.contactId } : null, input, deal.id);
  return { ...activity, contactId: deal.contactId };
}

/**
 * The purchases a won deal represents (purchases/ records them: the contact becomes a customer), by its owner as
 * sales rep, on the day it was won: `items`, or one purchase named after the deal for its amount. Once per deal;
 * a deal that is not won or has no contact is a 409.
 */
export async function purchasesFromDeal(
  deps: Deps,
  actor: Actor,
  deal: Deal,
  input: DealPurchasesInput,
): Promise<Purchase[]> {
  if (deal.status !== 'won') throw new ApiError(409, 'conflict', 'only a won deal makes purchases');
  if (!deal.contactId) throw new ApiError(409, 'conflict', 'the deal has no contact to buy: link one first');
  if ((await dealPurchases(deps, actor.siteId, deal.id)).length)
    throw new ApiError(409, 'conflict', 'the purchases of this deal are recorded already');
  // A removed owner is no sales rep: the purchase then names none.
  const rep = await assertStaff(deps.db, actor.siteId, deal.ownerId, 'ownerId').then(
    () => deal.ownerId,
    () => null,
  );
  const common = { salesRepId: rep, purchasedAt: deal.closedAt ?? Date.now() };
  const items = input.items ?? [{ productName: deal.title, unitPrice: deal.amount, quantity: 1 }];
  return recordDealPurchases(
    deps,
    actor,
    deal.contactId,
    deal.id,
    items.map((i) => ({
      ...i,
      ...common,
      // A catalogue product at its own price is in its own currency; a price given here is in the deal's.
      currency: i.productId && i.unitPrice === undefined ? undefined : deal.currency,
    })),
  );
}
