import type { Context } from 'hono';
import type { AppEnv } from './app-env.ts';
import type { CachedSite, SiteCache } from './db/site-cache.ts';
import { ApiError } from './errors.ts';

/**
 * The site behind a public key, checked against the request's Origin: a site
 * with allowed origins accepts browsers from those only (requests without an
 * Origin header, i.e. not from a browser page, pass).
 */
export async function publicSite(c: Context<AppEnv>, sites: SiteCache, key: string): Promise<CachedSite> {
  const cached = await sites.get(c.var.deps.db, key);
  if (!cached) throw new ApiError(404, 'not_found', 'unknown site key');
  const { site } = cached;
  const origin = c.req.header('origin');
  if (origin && site.allowedOrigins.length > 0 && !site.allowedOrigins.includes(origin)) {
    throw new ApiError(403, 'origin_not_allowed', `origin ${origin} is not allowed for this site`);
  }
  return cached;
}
