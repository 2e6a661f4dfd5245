import type { Client, InStatement } from '@libsql/client';
import { hashSecret, randomToken } from '../auth/secrets.ts';
import type { Site } from '../db/sites.ts';

/** The chat link that opens a ticket on its page: the token rides in the fragment, never sent to a server. */
export const ticketLink = (pageUrl: string | null | undefined, trackingNumber: string, token: string): string | null =>
  pageUrl ? `${pageUrl.split('#')[0]}#ll-ticket=${trackingNumber}~${token}` : null;

/**
 * A fresh chat link for ticket `ticketId`, made as its email is sent: a new token whose hash
 * the `statement` stores. Null when the ticket is gone; `link` is null when it has no page.
 */
export async function mintTicketLink(
  db: Client,
  ticketId: string,
  now = Date.now(),
): Promise<{ link: string | null; statement: InStatement } | null> {
  const { rows } = await db.execute({ sql: 'SELECT tracking_number, page_url FROM tickets WHERE id = ?', args: [ticketId] });
  const t = rows[0];
  if (!t) return null;
  const token = `tt_${randomToken(24)}`;
  return {
    link: ticketLink(t.page_url == null ? null : String(t.page_url), String(t.tracking_number), token),
    statement: {
      sql: 'INSERT INTO ticket_tokens (token_hash, ticket_id, created_at) VALUES (?, ?, ?)',
      args: [await hashSecret(token), ticketId, now],
    },
  };
}

/** A link into the site's admin page (settings.adminUrl), or null when the owner has not set one. */
export const adminLink = (site: Site, route: string): string | null => {
  const base = (site.settings as { adminUrl?: string | null }).adminUrl;
  return base ? `${base.split('#')[0]}#${route}` : null;
};
