/**
 * Cloudflare Workers entry: the same app over remote libSQL (Turso / sqld),
 * a client per request (Workers cannot share I/O objects across requests),
 * each write one batch round trip. Static files come from Workers assets.
 * Migrations run only from the CLI (`npm run cli -- migrate`).
 */
import { createClient } from '@libsql/client/web';
import type { ExecutionContext } from 'hono';
import { createApp } from './app.ts';
import { createDirectWriteQueue } from './db/write-queue.ts';

export interface Env {
  DATABASE_URL: string;
  DATABASE_AUTH_TOKEN?: string;
  TRUST_PROXY?: string;
}

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    const db = createClient({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN });
    // On Workers the peer address is Cloudflare's own header, set by the edge (never by the client).
    const app = createApp({ db, writes: createDirectWriteQueue(db), trustProxy: env.TRUST_PROXY === '1', socketIp: (c) => c.req.header('cf-connecting-ip') });
    return app.fetch(request, env, ctx);
  },
};
