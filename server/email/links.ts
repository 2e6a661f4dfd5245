import type { Site } from '../db/sites.ts';

const originOf = (url: string): string | null => (URL.canParse(url) ? new URL(url).origin : null);

/**
 * Whether a visitor-supplied `url` is on one of the site's allowed origins. A site with none
 * set owns no URL: email links must not lead wherever a visitor (or an impostor) said.
 */
export const onSiteOrigin = (site: Site, url: string): boolean => {
  const origin = originOf(url);
  return origin !== null && origin !== 'null' && site.allowedOrigins.some((o) => originOf(o) === origin);
};

/**
 * The chat link that opens a ticket on its page: the token rides in the fragment, never sent to a server.
 * Null (the email has no button) unless the page is on one of the site's allowed origins.
 */
export function ticketLink(site: Site, pageUrl: string | null | undefined, trackingNumber: string, token: string) {
  if (!pageUrl || !onSiteOrigin(site, pageUrl)) return null;
  const page = new URL(pageUrl);
  page.hash = '';
  return `${page.href}#ll-ticket=${trackingNumber}~${token}`;
}

/** A link into the site's admin page (settings.adminUrl), or null when the owner has not set one. */
export const adminLink = (site: Site, route: string): string | null => {
  const base = (site.settings as { adminUrl?: string | null }).adminUrl;
  return base ? `${base.split('#')[0]}#${route}` : null;
};
