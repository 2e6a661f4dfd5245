import type { Client, InStatement } from '@libsql/client';
import type { AppDeps } from '../app-env.ts';
import { hashSecret } from '../auth/secrets.ts';
import { normalizeEmail } from '../contacts/contacts.ts';
import type { Site } from '../db/sites.ts';
import { onSiteOrigin } from '../email/links.ts';
import { emailStatement } from '../email/outbox.ts';
import type { Locale } from '../schemas/config.ts';
import type { Purchase } from '../schemas/sales.ts';
import { findSurvey } from './surveys.ts';

const emailHash = (email: string) => hashSecret(normalizeEmail(email));

/**
 * After a new purchase: queues the post-purchase survey email when the site opted in (`settings.purchaseSurvey`),
 * its survey is active, its page is on an allowed origin, the buyer has an email, the audience rule allows
 * (`consented`: the contact agreed to be contacted) and the address never unsubscribed. One email per purchase (the
 * outbox's dedupe key); its links are made when it is sent (`mintSurveyLinks`). `api`: where this server is reached
 * (the unsubscribe link). In the buyer's language when the survey has it (their latest session's), else English, else
 * the survey's first.
 */
export async function queuePurchaseSurvey(
  { db, writes, emailEnabled }: Pick<AppDeps, 'db' | 'writes' | 'emailEnabled'>,
  site: Site,
  purchase: Purchase,
  api: string,
  now = Date.now(),
): Promise<boolean> {
  const setting = site.settings.purchaseSurvey;
  if (!emailEnabled || !setting || !onSiteOrigin(site.allowedOrigins, setting.pageUrl)) return false;
  const survey = await findSurvey(db, site.id, setting.surveyId);
  if (!survey) return false;
  const { rows } = await db.execute({
    sql: `SELECT c.email, c.name, c.consent,
            (SELECT s.language FROM sessions s
             JOIN contact_visitors cv ON cv.site_id = s.site_id AND cv.visitor = s.visitor
             WHERE cv.contact_id = c.id ORDER BY s.started_at DESC LIMIT 1) AS language
          FROM contacts c WHERE c.site_id = ? AND c.id = ?`,
    args: [site.id, purchase.contactId],
  });
  const contact = rows[0];
  if (!contact || contact.email == null) return false;
  if (setting.audience === 'consented' && Number(contact.consent) !== 1) return false;
  const email = String(contact.email);
  if (await optedOut(db, site.id, email)) return false;
  const offered = (['en', 'ar', 'ur'] as const).filter((l) => survey.question[l]);
  const spoken = String(contact.language ?? '').slice(0, 2) as Locale;
  const locale: Locale = offered.includes(spoken) ? spoken : offered.includes('en') ? 'en' : offered[0]!;
  await writes.run([
    emailStatement(
      site.id,
      'survey_invite',
      email,
      locale,
      {
        name: contact.name == null ? '' : String(contact.name),
        product: purchase.productName,
        surveyPurchase: purchase.id,
        survey: survey.id,
        page: setting.pageUrl,
        api,
      },
      `survey:${purchase.id}`,
      now,
      purchase.contactId,
    ),
  ]);
  return true;
}

async function optedOut(db: Client, siteId: number, email: string): Promise<boolean> {
  const { rows } = await db.execute({
    sql: 'SELECT 1 FROM survey_optouts WHERE site_id = ? AND email_hash = ?',
    args: [siteId, await emailHash(email)],
  });
  return rows.length > 0;
}

/**
 * The unsubscribe link of a survey email (its token): the address is never sent a survey email again, and its
 * pending ones are cancelled. False for a token that is not known (or whose contact has no email any more).
 */
export async function unsubscribe(db: Client, token: string): Promise<InStatement[] | null> {
  const { rows } = await db.execute({
    sql: `SELECT t.site_id, c.email FROM survey_tokens t JOIN contacts c ON c.id = t.contact_id
          WHERE t.token_hash = ? AND c.email IS NOT NULL`,
    args: [await hashSecret(token)],
  });
  const r = rows[0];
  if (!r) return null;
  const siteId = Number(r.site_id);
  const email = String(r.email);
  const now = Date.now();
  return [
    {
      sql: `INSERT INTO survey_optouts (site_id, email_hash, created_at) VALUES (?, ?, ?)
            ON CONFLICT (site_id, email_hash) DO NOTHING`,
      args: [siteId, await emailHash(email), now],
    },
    {
      sql: `UPDATE emails SET status = 'failed', last_error = 'unsubscribed'
            WHERE site_id = ? AND to_email = ? AND template = 'survey_invite' AND status = 'pending'`,
      args: [siteId, email],
    },
  ];
}
