import type { InStatement } from '@libsql/client';
import { enqueueWebhook } from '../db/outbox.ts';
import type { SqlPart } from '../db/row.ts';
import type { Stage } from '../schemas/contacts.ts';
import { contactJsonSql } from './contacts.ts';

/** How far along a stage is: a merge keeps the further of two. */
export const stageOrder: Record<Stage, number> = { lost: 0, lead: 1, prospect: 2, customer: 3 };

/**
 * The automatic stage rules (DESIGN.md "Stages"), named by the reason the
 * history records: a lead form brings a lost contact back as a lead; a logged
 * activity or a visit in a later session makes a lead a prospect; a purchase
 * makes anyone a customer. Reps set any stage by hand (`manual`).
 */
export const stageRules = {
  form: { to: 'lead', from: ['lost'] },
  activity: { to: 'prospect', from: ['lead'] },
  return_visit: { to: 'prospect', from: ['lead'] },
  purchase: { to: 'customer' },
} as const satisfies Record<string, { to: Stage; from?: readonly Stage[] }>;
export type StageRule = keyof typeof stageRules;

export interface StageChangeOptions {
  userId?: number | null;
  /** Makes the webhook event ids (`contact.stage_changed:contactId:eventKey`). */
  eventKey: string;
  now?: number;
}

/** A rule of `stageRules` applied to the site's contacts matching `which` (an SQL condition over alias `c`). */
export function applyStageRule(
  siteId: number,
  which: SqlPart,
  rule: StageRule,
  options: StageChangeOptions,
): InStatement[] {
  const r: { to: Stage; from?: readonly Stage[] } = stageRules[rule];
  return stageChangeStatements(siteId, which, r.to, rule, { ...options, from: r.from });
}

/**
 * Statements that move the site's contacts matching `which` (an SQL condition
 * over alias `c`) to stage `to`, recording the history and queuing
 * `contact.stage_changed`, for those whose stage differs and (when given) is
 * one of `from`.
 */
export function stageChangeStatements(
  siteId: number,
  which: SqlPart,
  to: Stage,
  reason: string,
  options: StageChangeOptions & { from?: readonly Stage[] },
): InStatement[] {
  const now = options.now ?? Date.now();
  const fromSql = options.from ? `AND c.stage IN (${options.from.map(() => '?').join(', ')})` : '';
  const condition = `c.site_id = ? AND (${which.sql}) AND c.stage <> ? ${fromSql}`;
  const args = [siteId, ...which.args, to, ...(options.from ?? [])];
  return [
    {
      sql: `INSERT INTO stage_history (contact_id, from_stage, to_stage, reason, user_id, at)
            SELECT c.id, c.stage, ?, ?, ?, ? FROM contacts c WHERE ${condition}`,
      args: [to, reason, options.userId ?? null, now, ...args],
    },
    enqueueWebhook(
      siteId,
      'contact.stage_changed',
      { sql: `'contact.stage_changed:' || c.id || ':' || ?`, args: [options.eventKey] },
      { sql: `json_object('contact', ${contactJsonSql}, 'from', c.stage, 'to', ?, 'reason', ?)`, args: [to, reason] },
      { sql: `FROM contacts c WHERE ${condition}`, args },
      now,
    ),
    { sql: `UPDATE contacts AS c SET stage = ?, updated_at = ? WHERE ${condition}`, args: [to, now, ...args] },
  ];
}

/** The first history entry of a contact, written only when `newId` was created in this batch (not found by email). */
export function startHistory(
  newId: string,
  stage: Stage,
  reason: string,
  userId: number | null,
  now: number,
): InStatement {
  return {
    sql: `INSERT INTO stage_history (contact_id, from_stage, to_stage, reason, user_id, at)
          SELECT id, NULL, ?, ?, ?, ? FROM contacts WHERE id = ? AND created_at = ?`,
    args: [stage, reason, userId, now, newId, now],
  };
}
