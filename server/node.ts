/**
 * Node entry (`npm start`): embedded libSQL file, pragmas, migrations, the
 * serialized write queue, static files (embed.js and widget chunks: server/static.ts; the demo) and the API.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { createApp } from './app.ts';
import { buildIsStale, buildWidgets, distDir } from './build.ts';
import { migrate } from './db/migrate.ts';
import { openDatabase } from './db/open-database.ts';
import { createSite, findSite, firstSiteKey } from './db/sites.ts';
import { createBatchingWriteQueue } from './db/write-queue.ts';
import { writerThread } from './db/writer-thread.ts';
import { seedKb } from './demo/seed-kb.ts';
import { parseProxyTrust } from './tracking/client-info.ts';
import { publicFetch } from './net/public-fetch.ts';
import { applyRetention } from './jobs/retention.ts';
import { deliverDueWebhooks } from './jobs/webhooks.ts';
import { deliverDueEmails, queueDailyDigests, queueDueTasks } from './email/outbox.ts';
import { smtpMailer } from './email/smtp.ts';
import { mountStaticFiles } from './static.ts';
import { createMemoryHub } from './live/hub.ts';
import { publishDueTasks } from './live/due-tasks.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The Content-Security-Policy of the demo pages (docs/embedding.md shows it to site owners). */
export const DEMO_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The Node server: the API app plus static files, on one Hono router. */
export function createNodeServer(app: ReturnType<typeof createApp>, siteKey: () => string | null) {
  const server = new Hono();
  mountStaticFiles(server, distDir);
  server.get('/', (c) => c.redirect('/demo/'));
  server.get('/demo', (c) => c.redirect('/demo/'));
  server.get('/demo/:file{[a-z0-9-]*(\\.html)?}', (c) => {
    const file = c.req.param('file') || 'index.html';
    let html: string;
    try {
      html = readFileSync(join(root, 'demo', file.endsWith('.html') ? file : `${file}.html`), 'utf8');
    } catch {
      return c.notFound();
    }
    c.header('Cache-Control', 'no-store');
    // The demo runs under the strict policy a careful site would set: no inline scripts, no eval, no inline styles.
    c.header('Content-Security-Policy', DEMO_CSP);
    return c.html(html.replaceAll('%LEADLINE_SITE_KEY%', siteKey() ?? ''));
  });
  server.get('/demo/*', serveStatic({ root }));
  server.route('/', app);
  return server;
}

async function main(): Promise<void> {
  const started = performance.now();
  const port = Number(process.env.PORT ?? 8787);
  const url = process.env.DATABASE_URL ?? 'file:data/leadline.db';
  // Before anything else: a TRUST_PROXY typo stops the start instead of trusting the wrong headers.
  const trustProxy = parseProxyTrust(process.env.TRUST_PROXY, process.env.COUNTRY_HEADER);
  if (process.env.LEADLINE_SKIP_BUILD !== '1' && buildIsStale()) {
    console.log('Building widgets…');
    await buildWidgets();
  }
  const db = await openDatabase(url);
  await migrate(db, undefined, (line) => console.log(line));
  const writer = writerThread(url);
  const writes = writer ?? createBatchingWriteQueue(db);
  let siteKey = await firstSiteKey(db);
  let adminToken: string | null = null;
  if (!siteKey) {
    ({ siteKey, adminToken } = await createSite(writes, { name: 'Demo shop', ownerEmail: 'owner@demo.test' }));
    await seedKb(writes, (await findSite(db, siteKey))!.id);
  }

  // Email: SMTP through nodemailer when SMTP_URL is set (e.g. smtp://user:pass@smtp.example:587); otherwise none.
  const mailer = process.env.SMTP_URL ? smtpMailer(process.env.SMTP_URL) : null;
  const live = createMemoryHub();
  const app = createApp({
    db,
    writes,
    groupIngest: true,
    emailEnabled: !!mailer,
    trustProxy,
    publicUrl: process.env.PUBLIC_URL || undefined,
    socketIp: (c) => getConnInfo(c).remote.address,
    live,
  });
  const server = createNodeServer(app, () => siteKey);
  const http = serve({ fetch: server.fetch, port, hostname: process.env.HOST ?? '127.0.0.1' }, (info) => {
    const base = `http://localhost:${info.port}`;
    console.log(`Leadline is running (ready in ${Math.round(performance.now() - started)} ms)
  Demo shop:   ${base}/demo/
  Admin page:  ${base}/demo/admin.html${adminToken ? `#token=${adminToken}` : ''}
  API:         ${base}/v1/openapi.json
  Database:    ${url}
  Site key:    ${siteKey}
  Admin token: ${adminToken ?? '(shown once when the site was created; make another with: npm run cli -- token create --site ' + siteKey + ' --role owner)'}`);
  });

  // The outbox: webhook deliveries (and later email), drained every few seconds.
  let draining = false;
  const outbox = setInterval(() => {
    if (draining) return;
    draining = true;
    Promise.all([
      deliverDueWebhooks({ db, writes, fetch: publicFetch }),
      mailer &&
        queueDueTasks(db, writes)
          .then(() => queueDailyDigests(db, writes))
          .then(() =>
            deliverDueEmails({ db, writes, mailer, from: process.env.EMAIL_FROM ?? 'Leadline <no-reply@localhost>' }),
          ),
    ])
      .catch((error: unknown) => console.error('outbox delivery failed', error))
      .finally(() => (draining = false));
  }, 5000);
  outbox.unref();

  // Live `task.due` events, each task once, as its due time passes.
  let dueSince = Date.now();
  const dueTasks = setInterval(() => {
    const now = Date.now();
    void publishDueTasks(db, live, dueSince, now).then(
      () => (dueSince = now),
      (error: unknown) => console.error('task.due failed', error),
    );
  }, 30_000);
  dueTasks.unref();

  // Data retention (sites that set retentionDays): once at start, then hourly.
  const retain = () =>
    void applyRetention({ db, writes }).catch((error: unknown) => console.error('retention failed', error));
  retain();
  const retention = setInterval(retain, 3_600_000);
  retention.unref();

  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    clearInterval(outbox);
    clearInterval(retention);
    clearInterval(dueTasks);
    http.close(async () => {
      await writes.idle();
      await writer?.close();
      db.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
