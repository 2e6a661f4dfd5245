import type { Client } from '@libsql/client';
import { findSite, type Site } from './sites.ts';

export interface CachedSite {
  site: Site;
  /** Visitor ids of the site's own team, whose events are dropped. */
  excluded: Set<string>;
}

/**
 * Site lookups by public key, cached for `ttlMs` (ingest looks the site up on
 * every request). Holds plain data only, so it is safe to share across
 * requests on Workers too. Admin changes call `clear()`.
 */
export function createSiteCache(ttlMs = 30_000, max = 10_000) {
  const entries = new Map<string, { value: Promise<CachedSite | null>; expires: number }>();
  async function load(db: Client, key: string): Promise<CachedSite | null> {
    const site = await findSite(db, key);
    if (!site) return null;
    const [{ rows }, affiliates] = await Promise.all([
      db.execute({ sql: 'SELECT visitor FROM excluded_visitors WHERE site_id = ?', args: [site.id] }),
      db.execute({ sql: 'SELECT name, domains FROM affiliates WHERE site_id = ?', args: [site.id] }),
    ]);
    // Registered affiliates' referring domains count as inbound affiliates, like the settings' own list.
    const domains = { ...site.settings.affiliateDomains };
    for (const a of affiliates.rows)
      for (const d of JSON.parse(String(a.domains)) as string[]) domains[d] = String(a.name);
    return {
      site: { ...site, settings: { ...site.settings, affiliateDomains: domains } },
      excluded: new Set(rows.map((r) => String(r.visitor))),
    };
  }
  return {
    get(db: Client, key: string): Promise<CachedSite | null> {
      const now = Date.now();
      const hit = entries.get(key);
      if (hit && hit.expires > now) return hit.value;
      if (entries.size >= max) entries.clear();
      const value = load(db, key);
      entries.set(key, { value, expires: now + ttlMs });
      value.catch(() => entries.delete(key));
      return value;
    },
    clear: () => entries.clear(),
  };
}
export type SiteCache = ReturnType<typeof createSiteCache>;
