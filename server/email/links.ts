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
