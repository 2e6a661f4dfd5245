/**
 * Rate limiting on Workers: isolates share no memory, so each limited key
 * (`lead|site|address`, `events|site`, …) lives in its own Durable Object,
 * which counts its fixed window in memory (the in-process limiter's logic).
 * A Durable Object evicted while idle forgets a partly used window, which
 * only ever lets a little more through — acceptable for abuse limits.
 */
import { createMemoryRateLimiter, type RateLimiter } from './rate-limit.ts';

/** The slice of the Workers Durable Object namespace binding used here: `get` takes what `idFromName` gave. */
export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: unknown): { fetch(input: string, init?: RequestInit): Promise<Response> };
}

interface HitRequest {
  key: string;
  limit: number;
  windowMs: number;
  cost: number;
}

/** The Durable Object class (wrangler.toml `[[durable_objects.bindings]]` RATE_LIMITER). */
export class RateLimiterObject {
  private readonly limiter = createMemoryRateLimiter(1000);

  async fetch(request: Request): Promise<Response> {
    const { key, limit, windowMs, cost } = (await request.json()) as HitRequest;
    return Response.json(await this.limiter.hit(key, limit, windowMs, cost));
  }
}

/**
 * The RateLimiter interface over the Durable Object binding: one object per key.
 *
 * @example
 * createApp({ …, rateLimiter: durableRateLimiter(env.RATE_LIMITER) })
 */
export function durableRateLimiter(objects: DurableObjectNamespaceLike): RateLimiter {
  return {
    async hit(key, limit, windowMs, cost = 1) {
      const stub = objects.get(objects.idFromName(key));
      const res = await stub.fetch('https://rate-limiter/hit', {
        method: 'POST',
        body: JSON.stringify({ key, limit, windowMs, cost } satisfies HitRequest),
      });
      return (await res.json()) as { ok: boolean; retryAfter: number };
    },
  };
}
