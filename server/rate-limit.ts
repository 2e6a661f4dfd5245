/**
 * Fixed-window rate limits for public writes made by people (leads, tickets,
 * messages, feedback). The Node entry uses this in-process limiter; the
 * Workers entry supplies a Durable Object behind the same interface.
 */
export interface RateLimiter {
  /** Counts one hit on `key`; `ok: false` with the seconds to wait once `limit` hits happened within `windowMs`. */
  hit(key: string, limit: number, windowMs: number): Promise<{ ok: boolean; retryAfter: number }>;
}

export function createMemoryRateLimiter(max = 100_000): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    async hit(key, limit, windowMs) {
      const now = Date.now();
      let w = windows.get(key);
      if (!w || now - w.start >= windowMs) {
        if (windows.size >= max) windows.clear();
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      return { ok: w.count <= limit, retryAfter: Math.ceil((w.start + windowMs - now) / 1000) };
    },
  };
}
