import { ApiError } from './errors.ts';
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
 * The one way a limit is applied: counts `cost` hits on `key`, and past `max` in `windowMs` answers
 * 429 `rate_limited` with Retry-After (`message` says what was limited).
 *
 * @example
 * await enforceLimit(limiter, `lead|${site.id}|${ip}`, site.settings.rateLimits.leads, 'too many submissions');
 */
export async function enforceLimit(
  limiter: RateLimiter,
  key: string,
  max: number,
  message = 'too many requests',
  { windowMs = 60_000, cost = 1 } = {},
): Promise<void> {
  const r = await limiter.hit(key, max, windowMs, cost);
  const retry = { headers: { 'Retry-After': String(r.retryAfter) } };
  if (!r.ok) throw new ApiError(429, 'rate_limited', `${message}, try again in ${r.retryAfter} s`, retry);
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
