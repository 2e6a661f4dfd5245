import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';

/**
 * CORS for the public API: any page may call it (the site's allowed origins
 * are checked per request, see site-access.ts), never with credentials.
 * Headers are set before the handler runs, so error answers carry them too.
 */
export const publicCors = (): MiddlewareHandler<AppEnv> =>
  async function publicCors(c, next) {
    const origin = c.req.header('origin');
    c.header('Access-Control-Allow-Origin', origin ?? '*');
    if (origin) c.header('Vary', 'Origin');
    if (c.req.method === 'OPTIONS') {
      c.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      c.header('Access-Control-Allow-Headers', 'content-type, x-ticket-token, last-event-id');
      c.header('Access-Control-Max-Age', '86400');
      return c.body(null, 204);
    }
    c.header('Access-Control-Expose-Headers', 'Retry-After');
    await next();
  };
