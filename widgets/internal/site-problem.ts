import { ApiRequestError } from './api.ts';

const warned = new Set<string>();

/**
 * Whether a failed request means the widget cannot work on this page at all (a setup
 * mistake only the site owner can fix), rather than a passing failure worth a retry:
 * no site key, a key the server does not know, or a page origin the site does not allow.
 * A setup mistake is logged once per page with its cause and its fix, for the owner
 * who opens the console; visitors never see it.
 *
 * @example
 * catch (e) { if (isSetupProblem(e, this.siteKey, this.apiBase)) this.hidden = true; }
 */
export function isSetupProblem(error: unknown, site: string, api: string): boolean {
  const e = error instanceof ApiRequestError ? error : null;
  let cause = '';
  if (!site)
    cause = `no site key: add data-site="pk_…" to the embed.js script tag (Admin → Installation has the snippet)`;
  else if (e?.code === 'origin_not_allowed')
    cause = `origin ${location.origin} is not allowed for site ${site}; add it in Settings → Allowed origins`;
  else if (e?.status === 400 && e.issues?.some((i) => i.path[0] === 'site'))
    cause = `site key ${site} is not a Leadline site key (pk_…); copy the snippet from Admin → Installation`;
  else if (e?.status === 404 && e.code === 'not_found')
    cause = `site key ${site} is not known to ${api}; copy the snippet from Admin → Installation`;
  if (!cause) return false;
  if (!warned.has(cause)) {
    warned.add(cause);
    console.warn(`Leadline: ${cause}`);
  }
  return true;
}
