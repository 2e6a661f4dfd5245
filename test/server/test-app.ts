import { createClient, type Client } from '@libsql/client';
import { createApp, type App } from '../../server/app.ts';
import { migrate } from '../../server/db/migrate.ts';
import { createSite, createUserToken } from '../../server/db/sites.ts';
import { createBatchingWriteQueue, type WriteQueue } from '../../server/db/write-queue.ts';
import type { LiveHub } from '../../server/live/hub.ts';
import type { Role } from '../../server/schemas/users.ts';
import type { ProxyTrust } from '../../server/tracking/client-info.ts';
import { remoteApp, workerDatabase, workerRun } from '../worker/worker-app.ts';
export { workerRun };

/**
 * A fresh app on a real in-memory libSQL database, migrated, with one site.
 * In the Workers run (LEADLINE_TEST_WORKER_URL, see test/worker/) the app is
 * the Worker under `wrangler dev` and the database its own sqld namespace;
 * `logged` then stays empty (the Worker logs in its own process).
 */
export async function testApp(
  site: {
    origins?: string[];
    trustProxy?: ProxyTrust;
    emailEnabled?: boolean;
    socketIp?: string;
    live?: LiveHub | null;
  } = {},
) {
  if (workerRun()) return withSite(await workerTestApp(site), site);
  const db = createClient({ url: ':memory:' });
  await migrate(db);
  const writes = createBatchingWriteQueue(db);
  const logged: unknown[] = [];
  const app = createApp({
    db,
    writes,
    groupIngest: true,
    emailEnabled: site.emailEnabled ?? false,
    trustProxy: site.trustProxy,
    socketIp: () => site.socketIp,
    live: site.live,
    log: (_m, e) => logged.push(e),
  });
  return withSite({ app, db, writes, logged }, site);
}

/** The Worker always takes the client from Cloudflare's edge headers, so `trustProxy` does not apply there. */
async function workerTestApp(site: { emailEnabled?: boolean }) {
  const { db, url, writes } = await workerDatabase();
  return { app: remoteApp(url, site), db, writes, logged: [] as unknown[] };
}

async function withSite<W extends WriteQueue>(
  { app, db, writes, logged }: { app: App; db: Client; writes: W; logged: unknown[] },
  site: { origins?: string[] },
) {
  const { siteKey, adminToken } = await createSite(writes, { name: 'Test shop', origins: site.origins ?? [] });
  const tokenFor = async (role: Role) =>
    (await createUserToken(db, writes, { siteKey, role, email: `${role}@example.test` }))!;
  return { app, db, writes, siteKey, adminToken, tokenFor, logged };
}

let n = 0;
/** A UUIDv7-shaped id, unique per call. */
export function eventId(): string {
  const hex = (Date.now().toString(16).padStart(12, '0') + (n++).toString(16).padStart(20, '0')).slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function pageview(overrides: Record<string, unknown> = {}) {
  return {
    id: eventId(),
    type: 'pageview',
    ts: Date.now(),
    visitor: 'visitor-0001',
    session: 'session-0001',
    url: 'https://shop.example/pricing?utm_source=news',
    title: 'Pricing',
    ...overrides,
  };
}

export const post = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'text/plain', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

/** Request init for an admin call with `token`, JSON body optional. */
export const as = (token: string, method = 'GET', body?: unknown) => ({
  method,
  headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});
