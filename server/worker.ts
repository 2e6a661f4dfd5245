/**
 * Cloudflare Workers entry: the same app over remote libSQL (Turso / sqld),
 * a client per request (Workers cannot share I/O objects across requests),
 * each write one batch round trip. Static files come from Workers assets.
 * Migrations run only from the CLI (`npm run cli -- migrate`); until they
 * have, the API answers 503 `unavailable` + Retry-After.
 */
import { createClient } from '@libsql/client/web';
import type { ExecutionContext } from 'hono';
import { createApp } from './app.ts';
import { createSchemaGate } from './db/schema-check.ts';
import { wellFormedClient } from './db/well-formed-client.ts';
import { createDirectWriteQueue } from './db/write-queue.ts';
import { httpMailer } from './email/mailer.ts';
import { deliverDueEmails, queueDailyDigests, queueDueTasks } from './email/outbox.ts';
import { applyRetention } from './jobs/retention.ts';
import { deliverDueWebhooks } from './jobs/webhooks.ts';
import { durableRateLimiter, type DurableObjectNamespaceLike } from './rate-limit-do.ts';
import { durableHub } from './live/live-do.ts';
import { publishDueTasks } from './live/due-tasks.ts';

export { RateLimiterObject } from './rate-limit-do.ts';
export { LiveObject } from './live/live-do.ts';

/** The bindings of wrangler.toml plus the secrets (`wrangler secret put …`). */
export interface Env {
  /** `libsql://…` (Turso) or `https://…` / `http://…` (sqld). */
  DATABASE_URL: string;
  DATABASE_AUTH_TOKEN?: string;
  /** The Durable Object namespace counting rate limits. */
  RATE_LIMITER: DurableObjectNamespaceLike;
  /** The Durable Object namespace of live updates: one object per site fans its events out. */
  LIVE: DurableObjectNamespaceLike;
  /** Static files (embed.js, widgets, demo) from ./dist. */
  ASSETS?: { fetch(request: Request): Promise<Response> };
  /** Where the Worker is reached from the web (e.g. https://leadline.example): the tag the admin shows. */
  PUBLIC_URL?: string;
  /** An HTTP email API, e.g. https://api.resend.com/emails, and its key; both or neither. */
  EMAIL_API_URL?: string;
  EMAIL_API_KEY?: string;
  EMAIL_FROM?: string;
}

/** Per isolate: only when each database was last seen current (no I/O objects). */
const schema = createSchemaGate();

const clientFor = (env: Env) =>
  wellFormedClient(createClient({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN }));

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    const db = clientFor(env);
    const app = createApp({
      db,
      writes: createDirectWriteQueue(db),
      ready: () => schema.check(db, env.DATABASE_URL),
      rateLimiter: durableRateLimiter(env.RATE_LIMITER),
      emailEnabled: !!(env.EMAIL_API_URL && env.EMAIL_API_KEY),
      // Cloudflare's edge is the peer: it sets CF-Connecting-IP and request.cf, never the client.
      trustProxy: { mode: 'cloudflare' },
      publicUrl: env.PUBLIC_URL || undefined,
      live: durableHub(env.LIVE),
    });
    return app.fetch(request, env, ctx);
  },
  /** The Cron Trigger (wrangler.toml): the outbox — webhooks, then email — and hourly retention. */
  async scheduled(event: { scheduledTime?: number }, env: Env): Promise<void> {
    const db = clientFor(env);
    await schema.check(db, env.DATABASE_URL);
    const writes = createDirectWriteQueue(db);
    // Live `task.due` for the minute this run stands for (the cron runs every minute).
    const minute = event.scheduledTime ?? Date.now();
    await publishDueTasks(db, durableHub(env.LIVE), minute - 60_000, minute);
    await deliverDueWebhooks({ db, writes });
    // Data retention once an hour (the cron runs every minute).
    if (new Date().getUTCMinutes() === 0) await applyRetention({ db, writes });
    if (env.EMAIL_API_URL && env.EMAIL_API_KEY) {
      await queueDueTasks(db, writes);
      await queueDailyDigests(db, writes);
      await deliverDueEmails({
        db,
        writes,
        mailer: httpMailer(env.EMAIL_API_URL, env.EMAIL_API_KEY),
        from: env.EMAIL_FROM ?? 'Leadline <no-reply@localhost>',
      });
    }
  },
};
