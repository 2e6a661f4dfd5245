import type { Locale, PublicConfig } from '../../server/schemas/config.ts';
import { apiRequest } from './api.ts';

const cache = new Map<string, Promise<PublicConfig>>();

/** `GET /v1/config` once per api + site + locale; a failed fetch is retried on the next call. */
export function fetchConfig(api: string, site: string, locale: Locale): Promise<PublicConfig> {
  const key = `${api}|${site}|${locale}`;
  let p = cache.get(key);
  if (!p) {
    p = apiRequest<PublicConfig>(api, `/v1/config?site=${encodeURIComponent(site)}&locale=${locale}`);
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}
