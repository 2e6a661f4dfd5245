import type { Client, InStatement } from '@libsql/client';
import type { Actor } from '../contacts/manage.ts';
import { enqueueWebhook } from '../db/outbox.ts';
import type { SqlPart } from '../db/row.ts';
import type { DealStatus, Stage } from '../schemas/deals.ts';
import type { WebhookEventType } from '../schemas/webhooks.ts';

/**
 * A deal's probability over aliases `d` (deals) and `s` (its stage): its own while open, else its stage's
 * (a won stage is 100, a lost one 0). The one definition, for the deal's answer, the board totals and reports.
 */
export const dealProbabilitySql = `(CASE WHEN d.status = 'open' THEN coalesce(d.probability, s.probability)
  ELSE s.probability END)`;

/** amount × probability ÷ 100, rounded half up (amounts are never negative), over `d` and `s`. */
export const dealWeightedSql = `((d.amount * ${dealProbabilitySql} + 50) / 100)`;

/** A deal as webhook payloads carry it, over `d` and `s`. */
export const dealJsonSql = `json_object('id', d.id, 'title', d.title, 'contactId', d.contact_id,
  'companyId', d.company_id, 'amount', d.amount, 'currency', d.currency, 'pipelineId', d.pipeline_id,
  'stageId', d.stage_id, 'stage', s.name, 'status', d.status, 'probability', ${dealProbabilitySql},
  'ownerId', d.owner_id, 'closeDate', d.close_date, 'lostReason', d.lost_reason, 'source', d.source,
  'medium', d.medium, 'campaign', d.campaign, 'affiliate', d.affiliate, 'createdAt', d.created_at,
  'updatedAt', d.updated_at)`;

/**
 * Queues `type` for each deal `rows` selects (a `FROM … WHERE …` part that names `d` and `s`), with `extra` (SQL
 * `'key', value` pairs) beside the deal; the event id is `type:dealId:key`.
 */
export function dealWebhook(
  siteId: number,
  type: WebhookEventType,
  key: string,
  rows: SqlPart,
  extra: SqlPart = { sql: '', args: [] },
  now = Date.now(),
): InStatement {
  return enqueueWebhook(
    siteId,
    type,
    { sql: `? || d.id || ':' || ?`, args: [`${type}:`, key] },
    { sql: `json_object('deal', ${dealJsonSql}${extra.sql})`, args: extra.args },
    rows,
    now,
  );
}

/** `deal.won` or `deal.lost` for the deals `rows` selects, as they close. */
export const closedWebhook = (siteId: number, kind: 'won' | 'lost', key: string, rows: SqlPart, now: number) =>
  dealWebhook(siteId, kind === 'won' ? 'deal.won' : 'deal.lost', key, rows, undefined, now);

/** The `rows` part of one deal with its stage. */
export const oneDeal = (id: string): SqlPart => ({
  sql: 'FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.id = ?',
  args: [id],
});

/** What a deal entering a won or lost stage closes with. */
export interface Closing {
  /** The day it closed (YYYY-MM-DD, the site's zone): given, else today. */
  closeDate: string;
  lostReason: string | null;
}

/**
 * The statements of one deal entering stage `to` at `position`: the deal's stage, status and close (into a won or
 * lost stage: closed now on `closing.closeDate`, lost with its reason, its own probability dropped; out of one:
 * reopened), a row of its stage history, and the webhooks `deal.stage_changed` and, on closing, `deal.won` or
 * `deal.lost`. The same stage is a reorder only: its position changes, nothing else.
 */
export function enterStageStatements(
  actor: Actor,
  deal: { id: string; stageId: string; status: DealStatus },
  to: Stage,
  position: number,
  closing: Closing,
  now = Date.now(),
): InStatement[] {
  const { siteId, userId } = actor;
  if (deal.stageId === to.id)
    return [
      {
        sql: 'UPDATE deals SET position = ?, updated_at = ? WHERE id = ? AND site_id = ?',
        args: [position, now, deal.id, siteId],
      },
    ];
  const closes = to.kind !== 'open' && deal.status !== to.kind;
  const sets =
    to.kind === 'open'
      ? 'status = ?, closed_at = NULL, lost_reason = NULL'
      : closes
        ? 'status = ?, closed_at = ?, close_date = ?, lost_reason = ?, probability = NULL'
        : 'status = ?, close_date = coalesce(?, close_date), lost_reason = coalesce(?, lost_reason)';
  const setArgs =
    to.kind === 'open'
      ? [to.kind]
      : closes
        ? [to.kind, now, closing.closeDate, to.kind === 'lost' ? closing.lostReason : null]
        : [to.kind, closing.closeDate, closing.lostReason];
  const key = `${now}-${crypto.randomUUID().slice(0, 8)}`;
  const fromTo = { sql: `, 'fromStageId', ?, 'toStageId', d.stage_id`, args: [deal.stageId] };
  return [
    {
      sql: `UPDATE deals SET stage_id = ?, position = ?, ${sets}, stage_changed_at = ?, updated_at = ?
            WHERE id = ? AND site_id = ?`,
      args: [to.id, position, ...setArgs, now, now, deal.id, siteId],
    },
    {
      sql: `INSERT INTO deal_stage_changes (site_id, deal_id, from_stage_id, to_stage_id, user_id, at)
            SELECT ?, id, ?, ?, ?, ? FROM deals WHERE id = ? AND site_id = ?`,
      args: [siteId, deal.stageId, to.id, userId, now, deal.id, siteId],
    },
    dealWebhook(siteId, 'deal.stage_changed', key, oneDeal(deal.id), fromTo, now),
    ...(closes && to.kind !== 'open' ? [closedWebhook(siteId, to.kind, key, oneDeal(deal.id), now)] : []),
  ];
}

/**
 * Every deal of stage `from` moves to `to` (a stage of the same pipeline and kind) below its own deals, keeping
 * their order; each move is in the deal's history and queues `deal.stage_changed`.
 */
export async function moveAllStatements(
  db: Client,
  actor: Actor,
  pipelineId: string,
  from: Stage,
  to: Stage,
  now = Date.now(),
): Promise<InStatement[]> {
  const { siteId, userId } = actor;
  const column = 'FROM deals WHERE site_id = ? AND pipeline_id = ? AND stage_id = ?';
  const { rows } = await db.execute({
    sql: `SELECT (SELECT max(position) ${column}) AS last, (SELECT min(position) ${column}) AS first`,
    args: [siteId, pipelineId, to.id, siteId, pipelineId, from.id],
  });
  const shift = Number(rows[0]!.last ?? 0) - Number(rows[0]!.first ?? 0) + 1;
  return [
    {
      sql: `INSERT INTO deal_stage_changes (site_id, deal_id, from_stage_id, to_stage_id, user_id, at)
            SELECT ?, id, ?, ?, ?, ? ${column}`,
      args: [siteId, from.id, to.id, userId, now, siteId, pipelineId, from.id],
    },
    {
      sql: `UPDATE deals SET stage_id = ?, position = position + ?, stage_changed_at = ?, updated_at = ?
            WHERE site_id = ? AND pipeline_id = ? AND stage_id = ?`,
      args: [to.id, shift, now, now, siteId, pipelineId, from.id],
    },
    dealWebhook(
      siteId,
      'deal.stage_changed',
      `${now}-${from.id.slice(0, 8)}`,
      {
        sql: `FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id
              WHERE d.site_id = ? AND d.pipeline_id = ? AND d.stage_id = ? AND d.stage_changed_at = ?
              AND EXISTS (SELECT 1 FROM deal_stage_changes h
                WHERE h.deal_id = d.id AND h.at = ? AND h.from_stage_id = ?)`,
        args: [siteId, pipelineId, to.id, now, now, from.id],
      },
      { sql: `, 'fromStageId', ?, 'toStageId', d.stage_id`, args: [from.id] },
      now,
    ),
  ];
}
