import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { timeout } from 'hono/timeout';
import { openAPIRouteHandler } from 'hono-openapi';
import type { AppDeps, AppEnv } from './app-env.ts';
import { createDailySalt } from './privacy/daily-salt.ts';
import { createSiteCache } from './db/site-cache.ts';
import { ApiError } from './errors.ts';
import { onError } from './middleware/on-error.ts';
import { publicCors } from './middleware/public-cors.ts';
import { adminContactRoutes } from './routes/admin-contacts.ts';
import { adminEventRoutes } from './routes/admin-events.ts';
import { adminFormRoutes } from './routes/admin-forms.ts';
import { adminTimelineRoutes } from './routes/admin-timeline.ts';
import { adminWebhookRoutes } from './routes/admin-webhooks.ts';
import { adminExcludedVisitorRoutes } from './routes/admin-excluded-visitors.ts';
import { configRoutes } from './routes/config.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { leadRoutes } from './routes/leads.ts';
import { kbRoutes } from './routes/kb.ts';
import { ticketRoutes } from './routes/tickets.ts';
import { adminKbRoutes } from './routes/admin-kb.ts';
import { adminTicketRoutes } from './routes/admin-tickets.ts';
import { adminPurchaseRoutes } from './routes/admin-purchases.ts';
import { adminTaskRoutes } from './routes/admin-tasks.ts';
import { adminUserRoutes } from './routes/admin-users.ts';
import { adminSigninRoutes } from './routes/admin-signin.ts';
import { adminSettingsRoutes } from './routes/admin-settings.ts';
import { adminInstallationRoutes } from './routes/admin-installation.ts';
import { adminDataRoutes } from './routes/admin-data.ts';
import { adminSegmentRoutes } from './routes/admin-segments.ts';
import { adminReportRoutes } from './routes/admin-reports.ts';
import { adminSpendRoutes } from './routes/admin-spend.ts';
import { createMemoryRateLimiter } from './rate-limit.ts';
import { createMemoryHub } from './live/hub.ts';
import { streamRoutes } from './routes/streams.ts';
import { surveyRoutes } from './routes/surveys.ts';
import { adminSurveyRoutes } from './routes/admin-surveys.ts';
import { createIngestSink } from './tracking/ingest-sink.ts';

/** No request waits longer than this for the database (default 15 s); a hung remote database answers 503 and the client retries. */
const REQUEST_TIMEOUT_MS = 15_000;

/** Admin JSON bodies (imports use their own, larger limit). */
const ADMIN_BODY_LIMIT = 1024 * 1024;

/**
 * The whole HTTP API as one runtime-neutral Hono app (no node: imports).
 * Runtime entries (node.ts, worker.ts) and tests supply the database and
 * the write queue.
 *
 * @example
 * const app = createApp({ db, writes: createBatchingWriteQueue(db) });
 * const res = await app.request('/healthz');
 */
export function createApp(input: AppDeps) {
  const deps: AppDeps = { ...input, live: input.live === undefined ? createMemoryHub() : input.live };
  const sites = createSiteCache();
  const salt = createDailySalt();
  const ingest = createIngestSink(deps.writes, { group: deps.groupIngest ?? false });
  const limiter = deps.rateLimiter ?? createMemoryRateLimiter();
  const app = new Hono<AppEnv>()
    .use(async function provideDeps(c, next) {
      c.set('deps', deps);
      await next();
    })
    // Events and leads are idempotent by their client ids, so the retry of a request that timed out (and may still land) stores it once.
    .use(
      '/v1/*',
      timeout(
        deps.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
        () =>
          new ApiError(503, 'unavailable', 'the request took too long, retry later', {
            headers: { 'Retry-After': '5' },
          }),
      ),
    )
    .use('/v1/*', async function publicOnly(c, next) {
      // Admin routes are same-page API calls with a bearer; no CORS preflight answer for them here.
      if (c.req.path.startsWith('/v1/admin/')) return next();
      return publicCors()(c, next);
    })
    .use('/v1/admin/*', async function adminCors(c, next) {
      // The admin widget lives on the owner's own pages, so admin calls are cross-origin too;
      // bearer tokens (never cookies) make reflecting the origin safe.
      const origin = c.req.header('origin');
      if (origin) (c.header('Access-Control-Allow-Origin', origin), c.header('Vary', 'Origin'));
      if (c.req.method === 'OPTIONS') {
        c.header('Access-Control-Allow-Methods', 'GET, POST, PATCH, PUT, DELETE, OPTIONS');
        c.header('Access-Control-Allow-Headers', 'authorization, content-type, last-event-id');
        c.header('Access-Control-Max-Age', '86400');
        return c.body(null, 204);
      }
      await next();
    })
    .use('*', async function databaseReady(c, next) {
      // After CORS, so a 503 while the schema is behind reaches the page.
      if (deps.ready && (c.req.path.startsWith('/v1/') || c.req.path === '/healthz')) await deps.ready();
      await next();
    })
    .use('/v1/admin/*', async function adminBodyLimit(c, next) {
      // Imports carry their own, larger limit.
      if (c.req.path === '/v1/admin/contacts/import') return next();
      return bodyLimit({
        maxSize: ADMIN_BODY_LIMIT,
        onError: () => {
          throw new ApiError(413, 'payload_too_large', `the body must be at most ${ADMIN_BODY_LIMIT} bytes`);
        },
      })(c, next);
    })
    .route('/', healthRoutes())
    .route('/', configRoutes(sites))
    .route('/', eventRoutes(sites, salt, ingest, limiter))
    .route('/', leadRoutes(sites, limiter))
    .route('/', ticketRoutes(sites, limiter))
    .route('/', kbRoutes(sites, salt))
    .route('/', surveyRoutes(sites, limiter))
    .route('/', adminEventRoutes())
    .route('/', adminExcludedVisitorRoutes(sites))
    .route('/', adminContactRoutes())
    .route('/', adminTimelineRoutes())
    .route('/', adminFormRoutes())
    .route('/', adminWebhookRoutes())
    .route('/', adminTicketRoutes())
    .route('/', adminKbRoutes())
    .route('/', adminUserRoutes())
    .route('/', adminSigninRoutes(limiter))
    .route('/', adminTaskRoutes())
    .route('/', adminPurchaseRoutes())
    .route('/', adminSettingsRoutes(sites))
    .route('/', adminInstallationRoutes())
    .route('/', adminDataRoutes())
    .route('/', adminSegmentRoutes(sites))
    .route('/', adminSpendRoutes())
    .route('/', adminReportRoutes())
    .route('/', adminSurveyRoutes())
    .route('/', streamRoutes(sites));

  app.get(
    '/v1/openapi.json',
    openAPIRouteHandler(app, {
      documentation: {
        info: { title: 'Leadline API', version: '1' },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      },
    }),
  );
  app.notFound(() => {
    throw new ApiError(404, 'not_found', 'no such route');
  });
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;
