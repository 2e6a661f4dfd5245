/**
 * Fixed-window rate limits for public writes made by people (leads, tickets,
 * messages, feedback). The Node entry uses this in-process limiter; the
 * Workers entry supplies a Durable Object behind the same interface.
 */
export interface RateLimiter {
  /** Counts `cost` (default 1) hits on `key`; `ok: false` with the seconds to wait once more than `limit` happened within `windowMs`. */
  hit(key: string, limit: number, windowMs: number, cost?: number): Promise<{ ok: boolean; retryAfter: number }>;
}

/** Per-minute limits a site may set (`settings.rateLimits`): per visitor address for what people write, per site for events. */
export interface RateLimits {
  leads: number;
  tickets: number;
  messages: number;
  feedback: number;
  /** Events per minute for the whole site; 0 (the default) = no limit, so a site's own traffic is never dropped. */
  events: number;
}
export const defaultRateLimits: RateLimits = { leads: 10, tickets: 5, messages: 20, feedback: 10, events: 0 };

/** The site's limits: its own where set, the defaults elsewhere. */
export const rateLimitsOf = (settings: { rateLimits?: Partial<RateLimits> }): RateLimits => ({ ...defaultRateLimits, ...settings.rateLimits });

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
