/**
 * The Worker under test: server/worker.ts unchanged, except that each
 * request may name its own database (one sqld namespace per test) in the
 * `x-test-database` header, and rate-limit keys and live hubs are scoped to it
 * so tests do not share counters or sites (every test database has a site 1). Only `wrangler dev` in the test run loads this entry;
 * the deployed Worker is server/worker.ts.
 */
import worker, { type Env } from '../../server/worker.ts';
import type { DurableObjectNamespaceLike } from '../../server/rate-limit-do.ts';

export { LiveObject, RateLimiterObject } from '../../server/worker.ts';

const scoped = (objects: DurableObjectNamespaceLike, scope: string): DurableObjectNamespaceLike => ({
  idFromName: (name) => objects.idFromName(`${scope}|${name}`),
  get: (id) => objects.get(id),
});

export default {
  fetch(request: Request, env: Env, ctx: Parameters<typeof worker.fetch>[2]) {
    const url = request.headers.get('x-test-database');
    if (!url) return worker.fetch(request, env, ctx);
    const options: Partial<Env> = {};
    // What testApp({ emailEnabled }) sets on the Node app.
    if (request.headers.get('x-test-email'))
      Object.assign(options, { EMAIL_API_URL: 'http://127.0.0.1:9/unused', EMAIL_API_KEY: 'test' });
    return worker.fetch(
      request,
      {
        ...env,
        ...options,
        DATABASE_URL: url,
        RATE_LIMITER: scoped(env.RATE_LIMITER, url),
        LIVE: scoped(env.LIVE, url),
      },
      ctx,
    );
  },
  scheduled(event: Parameters<typeof worker.scheduled>[0], env: Env) {
    return worker.scheduled(event, env);
  },
};
