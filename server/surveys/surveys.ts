import type { Client, InStatement, Row } from '@libsql/client';
import { like, num, str } from '../db/row.ts';
import type {
  AdminSurvey,
  Localized,
  PublicSurvey,
  SurveyAnswer,
  SurveyAnswerList,
  SurveyChoice,
  SurveyDefinition,
  SurveyKind,
  SurveyTrigger,
} from '../schemas/surveys.ts';

/** A survey as stored, with what the rules need. */
export interface Survey extends SurveyDefinition {
  id: string;
  siteId: number;
  createdAt: number;
  updatedAt: number;
}

export const DAY_MS = 86_400_000;

export function surveyFromRow(r: Row): Survey {
  return {
    id: String(r.id),
    siteId: Number(r.site_id),
    name: String(r.name),
    kind: String(r.kind) as SurveyKind,
    question: JSON.parse(String(r.question)) as Localized,
    choices: JSON.parse(String(r.choices)) as SurveyChoice[],
    multiple: Number(r.multiple) === 1,
    other: Number(r.other) === 1,
    why: Number(r.why) === 1,
    trigger: String(r.trigger) as SurveyTrigger,
    visitsN: num(r.visits_n),
    capDays: Number(r.cap_days),
    active: Number(r.active) === 1,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** What a browser may see of a survey: the question, never its name, trigger or counts. */
export function publicSurvey(s: Survey): PublicSurvey {
  return {
    id: s.id,
    kind: s.kind,
    question: s.question,
    ...(s.kind === 'choice' ? { choices: s.choices } : {}),
    multiple: s.multiple,
    other: s.other,
    why: s.why,
    capDays: s.capDays,
  };
}

export const adminSurveyOf = (s: Survey, answers: number): AdminSurvey => {
  const { siteId: _site, ...rest } = s;
  return { ...rest, answers };
};

/** The site's survey `id` (active ones only unless `any`), or null: another site's id is unknown here. */
export async function findSurvey(db: Client, siteId: number, id: string, any = false): Promise<Survey | null> {
  const { rows } = await db.execute({
    sql: `SELECT * FROM surveys WHERE site_id = ? AND id = ? ${any ? '' : 'AND active = 1'}`,
    args: [siteId, id.toLowerCase()],
  });
  return rows[0] ? surveyFromRow(rows[0]) : null;
}

/** The site's surveys, newest first, with their answer counts. */
export async function listSurveys(db: Client, siteId: number): Promise<AdminSurvey[]> {
  const { rows } = await db.execute({
    sql: `SELECT s.*, (SELECT count(*) FROM survey_answers a WHERE a.survey_id = s.id) AS answers
          FROM surveys s WHERE s.site_id = ? ORDER BY s.created_at DESC, s.id`,
    args: [siteId],
  });
  return rows.map((r) => adminSurveyOf(surveyFromRow(r), Number(r.answers)));
}

const columns = (s: SurveyDefinition) => [
  s.name,
  s.kind,
  JSON.stringify(s.question),
  JSON.stringify(s.choices),
  s.multiple ? 1 : 0,
  s.other ? 1 : 0,
  s.why ? 1 : 0,
  s.trigger,
  s.visitsN,
  s.capDays,
  s.active ? 1 : 0,
];

export function insertSurvey(siteId: number, id: string, s: SurveyDefinition, now: number): InStatement {
  return {
    sql: `INSERT INTO surveys (name, kind, question, choices, multiple, other, why, trigger, visits_n, cap_days, active,
            id, site_id, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [...columns(s), id, siteId, now, now],
  };
}

/** Writes the whole definition, only while it is still as `seenAt` left it (a concurrent edit is not overwritten). */
export function updateSurvey(survey: Survey, s: SurveyDefinition, now: number): InStatement {
  return {
    sql: `UPDATE surveys SET name = ?, kind = ?, question = ?, choices = ?, multiple = ?, other = ?, why = ?,
            trigger = ?, visits_n = ?, cap_days = ?, active = ?, updated_at = ?
          WHERE site_id = ? AND id = ? AND updated_at = ?`,
    args: [...columns(s), now, survey.siteId, survey.id, survey.updatedAt],
  };
}

/** A survey with answers is kept (its answers are the reports' history): it is deactivated instead. */
export function deleteSurvey(survey: Survey): InStatement[] {
  return [
    {
      sql: `DELETE FROM surveys WHERE site_id = ? AND id = ?
            AND NOT EXISTS (SELECT 1 FROM survey_answers WHERE survey_id = ?)`,
      args: [survey.siteId, survey.id, survey.id],
    },
    {
      sql: 'DELETE FROM survey_dismissals WHERE survey_id = ? AND NOT EXISTS (SELECT 1 FROM surveys WHERE id = ?)',
      args: [survey.id, survey.id],
    },
    {
      sql: 'DELETE FROM survey_tokens WHERE survey_id = ? AND NOT EXISTS (SELECT 1 FROM surveys WHERE id = ?)',
      args: [survey.id, survey.id],
    },
    {
      sql: 'UPDATE surveys SET active = 0 WHERE site_id = ? AND id = ?',
      args: [survey.siteId, survey.id],
    },
  ];
}

/**
 * A survey's answers, newest first, `limit` a page (`before`: the previous page's `next`).
 * `q`: words that must all appear in the comment or the "other" text (case-insensitive for Latin letters; at most
 * eight words); `choice`: only those that chose it (`other`: with an "other" text), like the report's comment groups.
 */
export async function listAnswers(
  db: Client,
  survey: Survey,
  query: { q?: string; choice?: string; limit: number; before?: string },
): Promise<SurveyAnswerList> {
  const [at, id] = query.before ? [Number(query.before.split('_')[0]), query.before.split('_')[1]!] : [null, null];
  const searched = `(coalesce(a.comment, '') || ' ' || coalesce(a.other, ''))`;
  const chose = 'AND EXISTS (SELECT 1 FROM json_each(a.choices) WHERE value = ?)';
  const words = (query.q ?? '').split(/\s+/).filter(Boolean).slice(0, 8);
  const { rows } = await db.execute({
    sql: `SELECT a.*, c.name AS contact_name, c.email AS contact_email FROM survey_answers a
          LEFT JOIN contacts c ON c.id = a.contact_id
          WHERE a.site_id = ? AND a.survey_id = ? AND (? IS NULL OR a.created_at < ? OR (a.created_at = ? AND a.id < ?))
          ${words.map(() => `AND ${searched} LIKE ? ESCAPE '\\'`).join(' ')}
          ${query.choice === 'other' ? 'AND a.other IS NOT NULL' : ''}
          ${query.choice && query.choice !== 'other' ? chose : ''}
          ORDER BY a.created_at DESC, a.id DESC LIMIT ?`,
    args: [
      survey.siteId,
      survey.id,
      at,
      at,
      at,
      id,
      ...words.map((w) => like(w)),
      ...(query.choice && query.choice !== 'other' ? [query.choice] : []),
      query.limit + 1,
    ],
  });
  const answers = rows.slice(0, query.limit).map((r): SurveyAnswer => ({
    id: String(r.id),
    surveyId: String(r.survey_id),
    contactId: str(r.contact_id),
    contactName: str(r.contact_name),
    contactEmail: str(r.contact_email),
    visitor: str(r.visitor),
    score: num(r.score),
    choices: JSON.parse(String(r.choices)) as string[],
    other: str(r.other),
    comment: str(r.comment),
    source: String(r.source),
    campaign: str(r.campaign),
    purchaseId: str(r.purchase_id),
    ticketId: str(r.ticket_id),
    createdAt: Number(r.created_at),
  }));
  const last = answers.at(-1);
  return { answers, next: rows.length > query.limit && last ? `${last.createdAt}_${last.id}` : null };
}
