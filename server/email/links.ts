import type { Client, InStatement } from '@libsql/client';
import { hashSecret, randomToken } from '../auth/secrets.ts';
import type { Site } from '../db/sites.ts';

const originOf = (url: string): string | null => (URL.canParse(url) ? new URL(url).origin : null);

/**
 * Whether a visitor-supplied `url` is on one of the site's allowed origins. A site with none
 * set owns no URL: email links must not lead wherever a visitor (or an impostor) said.
 */
export const onSiteOrigin = (allowedOrigins: string[], url: string): boolean => {
  const origin = originOf(url);
  return origin !== null && origin !== 'null' && allowedOrigins.some((o) => originOf(o) === origin);
};

/**
 * The chat link that opens a ticket on its page: the token rides in the fragment, never sent to a server.
 * Null (the email has no button) unless the page is on one of the site's allowed origins.
 */
export function ticketLink(allowedOrigins: string[], pageUrl: string | null, trackingNumber: string, token: string) {
  if (!pageUrl || !onSiteOrigin(allowedOrigins, pageUrl)) return null;
  const page = new URL(pageUrl);
  page.hash = '';
  return `${page.href}#ll-ticket=${trackingNumber}~${token}`;
}

/**
 * A fresh chat link for ticket `ticketId`, made as its email is sent: a new token whose hash
 * the `statement` stores. Null when the ticket is gone; `link` is null when its page is not on one of
 * the site's allowed origins (or it has none).
 */
export async function mintTicketLink(
  db: Client,
  ticketId: string,
  now = Date.now(),
): Promise<{ link: string | null; statement: InStatement } | null> {
  const { rows } = await db.execute({
    sql: `SELECT t.tracking_number, t.page_url, s.allowed_origins FROM tickets t JOIN sites s ON s.id = t.site_id
          WHERE t.id = ?`,
    args: [ticketId],
  });
  const t = rows[0];
  if (!t) return null;
  const token = `tt_${randomToken(24)}`;
  const allowed = JSON.parse(String(t.allowed_origins)) as string[];
  return {
    link: ticketLink(allowed, t.page_url == null ? null : String(t.page_url), String(t.tracking_number), token),
    statement: {
      sql: 'INSERT INTO ticket_tokens (token_hash, ticket_id, created_at) VALUES (?, ?, ?)',
      args: [await hashSecret(token), ticketId, now],
    },
  };
}

/** A link into the site's admin page (settings.adminUrl), or null when the owner has not set one. */
export const adminLink = (site: Site, route: string): string | null => {
  const base = site.settings.adminUrl;
  return base ? `${base.split('#')[0]}#${route}` : null;
};

/**
 * Where an emailed sign-in link leads: the owner's `adminUrl`; else the admin page the request came
 * from (`page`), only when it is on the request's own `Origin` and that origin is one of the site's
 * allowed origins. Null otherwise — no link goes to a URL the requester chose freely.
 */
export function signinBase(site: Site, origin: string | undefined, page: string | undefined): string | null {
  const admin = adminLink(site, '');
  if (admin) return admin.slice(0, -1);
  if (!page || !origin || originOf(page) !== origin || !onSiteOrigin(site.allowedOrigins, page)) return null;
  const url = new URL(page);
  url.hash = '';
  return url.href;
}

/**
 * The post-purchase survey email's links, made as it is sent (the outbox holds no token): a fresh one-use token for
 * the purchase (stored as its hash, replacing an earlier one: one link per purchase), the survey link on the site's
 * page (`?ll_survey=TOKEN`) and the unsubscribe link on this server (`api`). Null when the purchase is gone or the
 * page is no longer on one of the site's allowed origins: then no email goes out.
 */
export async function mintSurveyLinks(
  db: Client,
  data: { surveyPurchase: string; survey: string; page: string; api: string },
  now = Date.now(),
): Promise<{ link: string; unsubscribe: string; statement: InStatement } | null> {
  const { rows } = await db.execute({
    sql: 'SELECT s.allowed_origins FROM purchases p JOIN sites s ON s.id = p.site_id WHERE p.id = ?',
    args: [data.surveyPurchase],
  });
  if (!rows[0] || !onSiteOrigin(JSON.parse(String(rows[0].allowed_origins)) as string[], data.page)) return null;
  const token = `st_${randomToken(24)}`;
  const page = new URL(data.page);
  page.searchParams.set('ll_survey', token);
  return {
    link: page.href,
    unsubscribe: `${data.api.replace(/\/+$/, '')}/v1/surveys/unsubscribe?t=${token}`,
    statement: {
      sql: `INSERT INTO survey_tokens (token_hash, site_id, survey_id, purchase_id, contact_id, created_at)
            SELECT ?, p.site_id, ?, p.id, p.contact_id, ? FROM purchases p WHERE p.id = ?
            ON CONFLICT (purchase_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`,
      args: [await hashSecret(token), data.survey, now, data.surveyPurchase],
    },
  };
}
