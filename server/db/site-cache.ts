import type { Client } from '@libsql/client';
import { findSite, type Site } from './sites.ts';

/**
 * Site lookups by public key, cached for `ttlMs` (ingest looks the site up on
 * every request). Holds plain data only, so it is safe to share across
 * requests on Workers too.
 */
export function createSiteCache(ttlMs = 30_000, max = 10_000) {
  const entries = new Map<string, { site: Site | null; expires: number }>();
  return {
    async get(db: Client, key: string): Promise<Site | null> {
      const now = Date.now();
      const hit = entries.get(key);
      if (hit && hit.expires > now) return hit.site;
      const site = await findSite(db, key);
      if (entries.size >= max) entries.clear();
      entries.set(key, { site, expires: now + ttlMs });
      return site;
    },
    clear: () => entries.clear(),
  };
}
export type SiteCache = ReturnType<typeof createSiteCache>;
