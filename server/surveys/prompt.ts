import type { Client } from '@libsql/client';
import type { SurveyPrompt } from '../schemas/surveys.ts';
import { contactOfBrowser, findLink, linkUsed, solvedTicketSql, type Who } from './answers.ts';
import { DAY_MS, findSurvey, publicSurvey, surveyFromRow, type Survey } from './surveys.ts';

/** A ticket with a message this recent is a chat in progress: no survey card over it. */
export const CHAT_QUIET_MS = 30 * 60_000;

/**
 * When the person (browser or contact) last answered or dismissed any survey: the frequency cap. A survey is
 * asked only when this is at least its `capDays` ago.
 */
export async function lastAsked(db: Client, siteId: number, who: Who): Promise<number | null> {
  const { rows } = await db.execute({
    sql: `SELECT max(at) AS at FROM (
            SELECT max(created_at) AS at FROM survey_answers WHERE site_id = ? AND visitor = ?
            UNION ALL SELECT max(created_at) FROM survey_answers WHERE contact_id = ?
            UNION ALL SELECT max(created_at) FROM survey_dismissals WHERE site_id = ? AND visitor = ?
            UNION ALL SELECT max(created_at) FROM survey_dismissals WHERE contact_id = ?)`,
    args: [siteId, who.visitor, who.contactId, siteId, who.visitor, who.contactId],
  });
  return rows[0]?.at == null ? null : Number(rows[0].at);
}

/** Whether the person is in a support chat now (a ticket of theirs, open, with a message in the last 30 minutes). */
async function chatting(db: Client, siteId: number, who: Who, now: number): Promise<boolean> {
  const { rows } = await db.execute({
    sql: `SELECT 1 FROM tickets WHERE site_id = ? AND (contact_id = ? OR (visitor IS NOT NULL AND visitor = ?))
            AND status IN ('open', 'pending') AND max(coalesce(last_visitor_at, 0), coalesce(last_staff_at, 0)) > ?
          LIMIT 1`,
    args: [siteId, who.contactId, who.visitor, now - CHAT_QUIET_MS],
  });
  return rows.length > 0;
}

const none: SurveyPrompt = { survey: null };

/**
 * At most one triggered survey for a browser, by these rules in order:
 * 1. a valid, unused post-purchase link (`token`) → its survey (`context: 'purchase'`);
 * 2. a `ticket_solved` survey, when the person had a ticket solved in the last 14 days not yet surveyed;
 * 3. a `visits` survey, when the browser's contact has at least `visitsN` sessions.
 * Never during a chat, and never within a survey's `capDays` of the person's last answer or dismissal (any survey).
 */
export async function surveyPrompt(
  db: Client,
  siteId: number,
  visitor: string,
  token: string | undefined,
  now: number,
): Promise<SurveyPrompt> {
  const link = token ? await findLink(db, siteId, token) : null;
  const who: Who = { visitor, contactId: link?.contactId ?? (await contactOfBrowser(db, siteId, visitor)) };
  if (await chatting(db, siteId, who, now)) return none;
  const last = await lastAsked(db, siteId, who);
  const open = (s: Survey) => last === null || now - last >= s.capDays * DAY_MS;

  if (link && !(await linkUsed(db, link))) {
    const survey = await findSurvey(db, siteId, link.surveyId);
    if (survey && open(survey)) return { survey: publicSurvey(survey), token, context: 'purchase' };
  }
  if (!who.contactId) return none;
  const { rows } = await db.execute({
    sql: `SELECT * FROM surveys WHERE site_id = ? AND active = 1 AND trigger IN ('ticket_solved', 'visits')
          ORDER BY trigger = 'visits', created_at, id`,
    args: [siteId],
  });
  const candidates = rows.map(surveyFromRow).filter(open);
  for (const survey of candidates.filter((s) => s.trigger === 'ticket_solved')) {
    const ticket = solvedTicketSql(siteId, survey.id, who, now);
    const { rows: found } = await db.execute({ sql: `SELECT ${ticket.sql} AS id`, args: ticket.args });
    if (found[0]?.id != null) return { survey: publicSurvey(survey), context: 'ticket' };
  }
  const visits = candidates.filter((s) => s.trigger === 'visits');
  if (!visits.length) return none;
  const { rows: counted } = await db.execute({
    sql: `SELECT count(*) AS n FROM sessions s
          JOIN contact_visitors cv ON cv.site_id = s.site_id AND cv.visitor = s.visitor
          WHERE cv.site_id = ? AND cv.contact_id = ?`,
    args: [siteId, who.contactId],
  });
  const sessions = Number(counted[0]?.n ?? 0);
  const due = visits.find((s) => sessions >= (s.visitsN ?? 1));
  return due ? { survey: publicSurvey(due), context: 'visits' } : none;
}
