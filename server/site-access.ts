import type { Context } from 'hono';
import type { AppEnv } from './app-env.ts';
import { aside } from './aside.ts';
import type { CachedSite, SiteCache } from './db/site-cache.ts';
import { recordableOrigin, refusalStatement, type Refusal } from './db/refusals.ts';
import { ApiError } from './errors.ts';

/**
 * The site behind a public key, checked against the request's Origin: a site
 * with allowed origins accepts browsers from those only (requests without an
 * Origin header, i.e. not from a browser page, pass). A refusal from a browser
 * page is counted beside the answer, for the owner's Installation page.
 */
export async function publicSite(c: Context<AppEnv>, sites: SiteCache, key: string): Promise<CachedSite> {
  const cached = await sites.get(c.get('deps').db, key);
  const origin = c.req.header('origin');
  if (!cached) {
    record(c, origin, (o) => ({ reason: 'site_key', key, origin: o }));
    throw new ApiError(404, 'not_found', 'unknown site key');
  }
  const { site } = cached;
  if (origin && site.allowedOrigins.length > 0 && !site.allowedOrigins.includes(origin)) {
    record(c, origin, (o) => ({ reason: 'origin', siteId: site.id, origin: o }));
    throw new ApiError(403, 'origin_not_allowed', `origin ${origin} is not allowed for this site`);
  }
  return cached;
}

function record(c: Context<AppEnv>, header: string | undefined, refusal: (origin: string) => Refusal): void {
  const origin = recordableOrigin(header);
  if (!origin) return;
  aside(c, 'recording a refused request', () =>
    c.get('deps').writes.run([refusalStatement(refusal(origin), Date.now())]),
  );
}
