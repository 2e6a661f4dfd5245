import type { Client, InStatement } from '@libsql/client';
import { hashSecret } from '../auth/secrets.ts';
import { contactJsonSql } from '../contacts/contacts.ts';
import { enqueueWebhook } from '../db/outbox.ts';
import type { SqlPart } from '../db/row.ts';
import { scoreRange, type SurveyAnswerInput } from '../schemas/surveys.ts';
import { DAY_MS, type Survey } from './surveys.ts';

/** How long after a ticket is solved its `ticket_solved` survey may be asked. */
export const TICKET_SURVEY_DAYS = 14;

/** A survey link's row (`survey_tokens`), when `token` is one of the site's. */
export interface SurveyLink {
  surveyId: string;
  purchaseId: string;
  contactId: string;
}

export async function findLink(db: Client, siteId: number, token: string): Promise<SurveyLink | null> {
  const { rows } = await db.execute({
    sql: 'SELECT survey_id, purchase_id, contact_id FROM survey_tokens WHERE token_hash = ? AND site_id = ?',
    args: [await hashSecret(token), siteId],
  });
  const r = rows[0];
  return r
    ? { surveyId: String(r.survey_id), purchaseId: String(r.purchase_id), contactId: String(r.contact_id) }
    : null;
}

/** Whether the purchase of a link has been answered (the link is used). */
export async function linkUsed(db: Client, link: SurveyLink): Promise<boolean> {
  const { rows } = await db.execute({
    sql: 'SELECT 1 FROM survey_answers WHERE survey_id = ? AND purchase_id = ?',
    args: [link.surveyId, link.purchaseId],
  });
  return rows.length > 0;
}

/** The contact of a browser, or null while it is anonymous. */
export async function contactOfBrowser(
  db: Client,
  siteId: number,
  visitor: string | undefined,
): Promise<string | null> {
  if (!visitor) return null;
  const { rows } = await db.execute({
    sql: 'SELECT contact_id FROM contact_visitors WHERE site_id = ? AND visitor = ?',
    args: [siteId, visitor],
  });
  return rows[0] ? String(rows[0].contact_id) : null;
}

/**
 * SQL for the newest ticket of the person (contact or browser), solved within `TICKET_SURVEY_DAYS` of `now`, that
 * survey `surveyId` has neither an answer nor a dismissal for; NULL when there is none.
 */
export function solvedTicketSql(siteId: number, surveyId: string, who: Who, now: number): SqlPart {
  return {
    sql: `(SELECT t.id FROM tickets t
           WHERE t.site_id = ? AND (t.contact_id = ? OR (t.visitor IS NOT NULL AND t.visitor = ?))
             AND t.status IN ('solved', 'closed') AND t.solved_at >= ? AND t.solved_at <= ?
             AND NOT EXISTS (SELECT 1 FROM survey_answers x WHERE x.survey_id = ? AND x.ticket_id = t.id)
             AND NOT EXISTS (SELECT 1 FROM survey_dismissals x WHERE x.survey_id = ? AND x.ticket_id = t.id)
           ORDER BY t.solved_at DESC LIMIT 1)`,
    args: [siteId, who.contactId, who.visitor, now - TICKET_SURVEY_DAYS * DAY_MS, now, surveyId, surveyId],
  };
}

/** Who answers or dismisses. */
export interface Who {
  contactId: string | null;
  visitor: string | null;
}

/** Why an answer does not fit its survey (the kind's score range, known choice ids, one choice unless multiple). */
export function answerProblems(survey: Survey, a: SurveyAnswerInput): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const range = scoreRange[survey.kind];
  if (range) {
    if (a.score === undefined) problems.push({ path: 'score', message: `a score from ${range[0]} to ${range[1]}` });
    else if (a.score < range[0] || a.score > range[1])
      problems.push({ path: 'score', message: `the score must be from ${range[0]} to ${range[1]}` });
    if (a.choice || a.other) problems.push({ path: 'choice', message: `a ${survey.kind} survey has no choices` });
    return problems;
  }
  if (a.score !== undefined) problems.push({ path: 'score', message: 'a choice survey has no score' });
  if (a.other && !survey.other) problems.push({ path: 'other', message: 'this survey has no "other" answer' });
  if (!a.choice?.length && !a.other) problems.push({ path: 'choice', message: 'choose an answer' });
  const known = new Set(survey.choices.map((c) => c.id));
  const unknown = (a.choice ?? []).filter((id) => !known.has(id));
  if (unknown.length) problems.push({ path: 'choice', message: `unknown choice: ${unknown.join(', ')}` });
  if (new Set(a.choice ?? []).size !== (a.choice ?? []).length)
    problems.push({ path: 'choice', message: 'a choice is given twice' });
  if (!survey.multiple && (a.choice?.length ?? 0) + (a.other ? 1 : 0) > 1)
    problems.push({ path: 'choice', message: 'this survey takes one answer' });
  return problems;
}

/** The attribution of the answer's session, else of the browser's latest session (NULL without either). */
function sessionColumn(column: string, siteId: number, session: string | null, visitor: string | null): SqlPart {
  return {
    sql: `(SELECT s.${column} FROM sessions s
           WHERE s.site_id = ? AND (s.id = ? OR (? IS NULL AND s.visitor = ?))
           ORDER BY s.started_at DESC LIMIT 1)`,
    args: [siteId, session, session, visitor],
  };
}

/**
 * One answer as one batch: the answer (a resend with the same id changes nothing) and its `survey.answered`
 * webhook. A purchase link answers for its purchase (a second answer through it breaks the unique index: 409); a
 * `ticket_solved` survey answers for the newest solved ticket not yet surveyed.
 */
export function answerStatements(
  survey: Survey,
  a: SurveyAnswerInput,
  who: Who,
  link: SurveyLink | null,
  now: number,
): InStatement[] {
  const id = a.id.toLowerCase();
  const ticket: SqlPart =
    survey.trigger === 'ticket_solved' && !link
      ? solvedTicketSql(survey.siteId, survey.id, who, now)
      : { sql: 'NULL', args: [] };
  const touch = (['source', 'medium', 'campaign', 'affiliate'] as const).map((column) =>
    sessionColumn(column, survey.siteId, a.session ?? null, who.visitor),
  );
  const [source, medium, campaign, affiliate] = touch as [SqlPart, SqlPart, SqlPart, SqlPart];
  return [
    {
      sql: `INSERT INTO survey_answers (id, site_id, survey_id, contact_id, visitor, session, purchase_id, score,
              choices, other, comment, locale, created_at, source, medium, campaign, affiliate, ticket_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(${source.sql}, 'direct'), ${medium.sql},
              ${campaign.sql}, ${affiliate.sql}, ${ticket.sql})
            ON CONFLICT (id) DO NOTHING`,
      args: [
        id,
        survey.siteId,
        survey.id,
        link?.contactId ?? who.contactId,
        who.visitor,
        a.session ?? null,
        link?.purchaseId ?? null,
        a.score ?? null,
        JSON.stringify(a.choice ?? []),
        a.other ?? null,
        a.comment || null,
        a.locale ?? null,
        now,
        ...touch.flatMap((t) => t.args),
        ...ticket.args,
      ],
    },
    enqueueWebhook(
      survey.siteId,
      'survey.answered',
      { sql: '?', args: [`survey.answered:${id}`] },
      {
        sql: `json_object('answer', json_object('id', a.id, 'score', a.score, 'choices', json(a.choices),
                'other', a.other, 'comment', a.comment, 'purchaseId', a.purchase_id, 'ticketId', a.ticket_id,
                'visitor', a.visitor, 'source', a.source, 'medium', a.medium, 'campaign', a.campaign,
                'createdAt', a.created_at),
              'survey', json_object('id', s.id, 'name', s.name, 'kind', s.kind),
              'contact', CASE WHEN c.id IS NULL THEN NULL ELSE ${contactJsonSql} END)`,
        args: [],
      },
      {
        sql: `FROM survey_answers a JOIN surveys s ON s.id = a.survey_id LEFT JOIN contacts c ON c.id = a.contact_id
              WHERE a.id = ?`,
        args: [id],
      },
      now,
    ),
  ];
}

/** "Not now": stored for the caps (with the link's purchase, or the ticket a `ticket_solved` survey was about). */
export function dismissStatement(survey: Survey, who: Who & { visitor: string }, link: SurveyLink | null, now: number) {
  const ticket: SqlPart =
    survey.trigger === 'ticket_solved' && !link
      ? solvedTicketSql(survey.siteId, survey.id, who, now)
      : { sql: 'NULL', args: [] };
  return {
    sql: `INSERT INTO survey_dismissals (site_id, survey_id, contact_id, visitor, purchase_id, created_at, ticket_id)
          VALUES (?, ?, ?, ?, ?, ?, ${ticket.sql})`,
    args: [
      survey.siteId,
      survey.id,
      link?.contactId ?? who.contactId,
      who.visitor,
      link?.purchaseId ?? null,
      now,
      ...ticket.args,
    ],
  };
}
