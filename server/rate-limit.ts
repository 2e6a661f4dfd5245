import type { RateLimits, SiteSettings } from './schemas/settings.ts';

/**
 * Fixed-window rate limits for public writes made by people (leads, tickets,
 * messages, feedback). The Node entry uses this in-process limiter; the
 * Workers entry supplies a Durable Object behind the same interface.
 */
export interface RateLimiter {
  /** Counts `cost` (default 1) hits on `key`; `ok: false` with the seconds to wait once more than `limit` happened within `windowMs`. */
  hit(key: string, limit: number, windowMs: number, cost?: number): Promise<{ ok: boolean; retryAfter: number }>;
}

/**
 * A site's limits (`settings.rateLimits`, complete once parsed: server/schemas/settings.ts).
 * Kept for the lead and ticket routes; new code reads `site.settings.rateLimits`.
 */
export const rateLimitsOf = (settings: SiteSettings): RateLimits => settings.rateLimits;

export function createMemoryRateLimiter(max = 100_000): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    async hit(key, limit, windowMs, cost = 1) {
      const now = Date.now();
      let w = windows.get(key);
      if (!w || now - w.start >= windowMs) {
        if (windows.size >= max) windows.clear();
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      w.count += cost;
      return { ok: w.count <= limit, retryAfter: Math.ceil((w.start + windowMs - now) / 1000) };
    },
  };
}
