import type { Site } from '../db/sites.ts';

/** The chat link that opens a ticket on its page: the token rides in the fragment, never sent to a server. */
export const ticketLink = (pageUrl: string | null | undefined, trackingNumber: string, token: string): string | null =>
  pageUrl ? `${pageUrl.split('#')[0]}#ll-ticket=${trackingNumber}~${token}` : null;

/** A link into the site's admin page (settings.adminUrl), or null when the owner has not set one. */
export const adminLink = (site: Site, route: string): string | null => {
  const base = (site.settings as { adminUrl?: string | null }).adminUrl;
  return base ? `${base.split('#')[0]}#${route}` : null;
};
