import type { Client, InStatement } from '@libsql/client';
import type { SqlPart } from '../db/row.ts';
import type { WriteQueue } from '../db/write-queue.ts';
import type { Locale } from '../schemas/config.ts';
import { mintSigninLink } from '../auth/sessions.ts';
import { parseSiteSettings } from '../schemas/settings.ts';
import { mintSurveyLinks, mintTicketLink } from './links.ts';
import type { Mailer } from './mailer.ts';
import { render, type EmailData, type Template } from './templates.ts';

export type NotificationKind =
  'new_lead' | 'new_ticket' | 'ticket_assigned' | 'customer_reply' | 'task_due' | 'daily_digest';
export const notificationKinds: NotificationKind[] = [
  'new_lead',
  'new_ticket',
  'ticket_assigned',
  'customer_reply',
  'task_due',
  'daily_digest',
];
/** What the admin bell can show (all but the digest); each on unless switched off (`notification_prefs.in_app`). */
export type InAppKind = Exclude<NotificationKind, 'daily_digest'>;
export const inAppKinds: InAppKind[] = ['new_lead', 'new_ticket', 'ticket_assigned', 'customer_reply', 'task_due'];
/** Everything is on by default except the daily digest. */
export const defaultOn = (kind: NotificationKind) => kind !== 'daily_digest';

/**
 * The contact a message is about (so merge moves it and erase removes it): an id, an SQL
 * expression read in the same batch (e.g. a contact the batch creates), or none.
 */
export type About = string | SqlPart | null;
const aboutSql = (about: About): SqlPart =>
  about == null ? { sql: 'NULL', args: [] } : typeof about === 'string' ? { sql: '?', args: [about] } : about;

/**
 * One message to one address, in the caller's batch; a repeated `dedupeKey` is queued once.
 * A ticket link goes in as `data.ticket` (the ticket id), never as a link: the link and its
 * one-use token are made when the message is sent (`deliverDueEmails`), so the outbox holds no token.
 */
export function emailStatement(
  siteId: number,
  template: Template,
  to: string,
  locale: Locale,
  data: EmailData,
  dedupeKey: string,
  now = Date.now(),
  about: About = null,
): InStatement {
  const contact = aboutSql(about);
  return {
    sql: `INSERT INTO emails (site_id, template, to_email, locale, data, dedupe_key, next_attempt_at, created_at, contact_id)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ${contact.sql}) ON CONFLICT (site_id, dedupe_key) DO NOTHING`,
    args: [siteId, template, to, locale, JSON.stringify(data), dedupeKey, now, now, ...contact.args],
  };
}

/**
 * A notification to the site's reps and owners who have it switched on —
 * or only to `userId` when given (e.g. the assignee). One message per user
 * per `dedupeKey`.
 */
export function repNotification(
  siteId: number,
  kind: NotificationKind,
  template: Template,
  data: EmailData,
  dedupeKey: string,
  userId?: number | null,
  now = Date.now(),
  about: About = null,
): InStatement {
  const contact = aboutSql(about);
  return {
    sql: `INSERT INTO emails (site_id, template, to_email, locale, data, dedupe_key, next_attempt_at, created_at, contact_id)
          SELECT u.site_id, ?, u.email, 'en', ?, ? || ':' || u.id, ?, ?, ${contact.sql} FROM users u
          WHERE u.site_id = ? AND u.role IN ('owner', 'rep') AND u.email IS NOT NULL ${userId != null ? 'AND u.id = ?' : ''}
            AND coalesce((SELECT enabled FROM notification_prefs p WHERE p.user_id = u.id AND p.kind = ?), ?) = 1
          ON CONFLICT (site_id, dedupe_key) DO NOTHING`,
    args: [
      template,
      JSON.stringify(data),
      dedupeKey,
      now,
      now,
      ...contact.args,
      siteId,
      ...(userId != null ? [userId] : []),
      kind,
      defaultOn(kind) ? 1 : 0,
    ],
  };
}

export const MAX_EMAIL_ATTEMPTS = 8;
const backoff = (attempt: number) => Math.min(6 * 3_600_000, 60_000 * 2 ** (attempt - 1));

/**
 * Sends the due messages of the outbox with `mailer`: each rendered in its
 * language with the site's name and colour, marked sent once the transport
 * accepted it, retried with backoff otherwise (at most 8 attempts).
 */
export async function deliverDueEmails(
  deps: { db: Client; writes: WriteQueue; mailer: Mailer; from: string; now?: () => number },
  limit = 20,
): Promise<number> {
  const now = deps.now?.() ?? Date.now();
  const { rows } = await deps.db.execute({
    sql: `SELECT e.*, s.name AS site_name, s.settings FROM emails e JOIN sites s ON s.id = e.site_id WHERE e.status = 'pending' AND e.next_attempt_at <= ? ORDER BY e.id LIMIT ?`,
    args: [now, limit],
  });
  for (const r of rows) {
    const settings = parseSiteSettings(r.settings);
    const data = JSON.parse(String(r.data)) as EmailData;
    if (typeof data.ticket === 'string') {
      const minted = await mintTicketLink(deps.db, data.ticket, now);
      if (minted) await deps.writes.run([minted.statement]);
      data.link = minted?.link ?? null;
    }
    if (typeof data.signin === 'number' && typeof data.base === 'string') {
      // The sign-in code is made now, so its 15 minutes start when it is sent and the outbox holds no code.
      const minted = await mintSigninLink(data.signin, data.base, now);
      await deps.writes.run([minted.statement]);
      data.link = minted.link;
    }
    if (typeof data.surveyPurchase === 'string') {
      const { surveyPurchase, survey, page, api } = data;
      const minted = await mintSurveyLinks(
        deps.db,
        { surveyPurchase, survey: String(survey), page: String(page), api: String(api) },
        now,
      );
      if (!minted) {
        await deps.writes.run([
          {
            sql: "UPDATE emails SET status = 'failed', last_error = ? WHERE id = ?",
            args: [
              'the survey link could not be made (purchase gone, or its page no longer on an allowed origin)',
              Number(r.id),
            ],
          },
        ]);
        continue;
      }
      await deps.writes.run([minted.statement]);
      data.link = minted.link;
      data.unsubscribe = `${minted.unsubscribe}&l=${String(r.locale)}`;
    }
    const message = render(String(r.template) as Template, String(r.locale) as Locale, data, {
      name: String(r.site_name),
      accent: settings.accent,
    });
    const attempts = Number(r.attempts) + 1;
    let error: string | null = null;
    try {
      await deps.mailer.send({
        from: settings.emailFrom ? `${String(r.site_name)} <${settings.emailFrom}>` : deps.from,
        to: String(r.to_email),
        ...message,
      });
    } catch (e) {
      error = e instanceof Error ? e.message.slice(0, 500) : 'failed';
    }
    await deps.writes.run([
      {
        sql: 'UPDATE emails SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ?, sent_at = ? WHERE id = ?',
        args: [
          error === null ? 'sent' : attempts >= MAX_EMAIL_ATTEMPTS ? 'failed' : 'pending',
          attempts,
          error,
          error === null ? now : now + backoff(attempts),
          error === null ? now : null,
          Number(r.id),
        ],
      },
    ]);
  }
  return rows.length;
}

/** Tasks due within the next 15 minutes (not yet announced) → `task_due` to their assignee. */
export async function queueDueTasks(db: Client, writes: WriteQueue, now = Date.now()): Promise<number> {
  const { rows } = await db.execute({
    sql: `SELECT t.id, t.site_id, t.title, t.due_at, t.assignee_id, t.contact_id, coalesce(c.name, c.email) AS contact FROM tasks t LEFT JOIN contacts c ON c.id = t.contact_id
          WHERE t.done_at IS NULL AND t.notified_at IS NULL AND t.assignee_id IS NOT NULL AND t.due_at IS NOT NULL AND t.due_at <= ? LIMIT 200`,
    args: [now + 15 * 60_000],
  });
  for (const t of rows) {
    await writes.run([
      repNotification(
        Number(t.site_id),
        'task_due',
        'task_due',
        {
          title: String(t.title),
          contact: t.contact == null ? null : String(t.contact),
          due: new Date(Number(t.due_at)).toISOString().slice(0, 16).replace('T', ' '),
          contactId: String(t.contact_id),
        },
        `task:${t.id}`,
        Number(t.assignee_id),
        now,
        String(t.contact_id),
      ),
      { sql: 'UPDATE tasks SET notified_at = ? WHERE id = ?', args: [now, String(t.id)] },
    ]);
  }
  return rows.length;
}

/**
 * The daily digest, for users who switched it on: yesterday's new leads and
 * requests, open requests, and their tasks due today. Queued once per user per
 * UTC day, whenever this runs that day.
 */
export async function queueDailyDigests(db: Client, writes: WriteQueue, now = Date.now()): Promise<number> {
  const day = new Date(now).toISOString().slice(0, 10);
  const start = Date.parse(`${day}T00:00:00Z`);
  const { rows } = await db.execute({
    sql: `SELECT u.id, u.site_id, u.email, s.settings,
            (SELECT count(*) FROM lead_submissions l WHERE l.site_id = u.site_id AND l.received_at >= ? AND l.received_at < ?) AS leads,
            (SELECT count(*) FROM tickets t WHERE t.site_id = u.site_id AND t.created_at >= ? AND t.created_at < ?) AS tickets,
            (SELECT count(*) FROM tickets t WHERE t.site_id = u.site_id AND t.status IN ('open', 'pending')) AS open,
            (SELECT count(*) FROM tasks k WHERE k.assignee_id = u.id AND k.done_at IS NULL AND k.due_at < ?) AS tasks
          FROM users u JOIN sites s ON s.id = u.site_id JOIN notification_prefs p ON p.user_id = u.id AND p.kind = 'daily_digest' AND p.enabled = 1
          WHERE u.email IS NOT NULL`,
    args: [start - 86_400_000, start, start - 86_400_000, start, start + 86_400_000],
  });
  const statements = rows.map((r) => {
    const { adminUrl } = parseSiteSettings(r.settings);
    return emailStatement(
      Number(r.site_id),
      'daily_digest',
      String(r.email),
      'en',
      {
        leads: Number(r.leads),
        tickets: Number(r.tickets),
        open: Number(r.open),
        tasks: Number(r.tasks),
        link: adminUrl,
      },
      `digest:${r.id}:${day}`,
      now,
    );
  });
  if (statements.length) await writes.run(statements);
  return statements.length;
}
