/**
 * testApp() for the Workers run: the same shape as the Node one, but `app`
 * sends each request over HTTP to `wrangler dev` (the Worker in workerd) and
 * `db` is an HTTP libSQL client to the test's own sqld namespace, migrated
 * through the CLI's code path, as a deployment is.
 */
import { randomUUID } from 'node:crypto';
import { createClient, type Client } from '@libsql/client';
import type { App } from '../../server/app.ts';
import { migrate } from '../../server/db/migrate.ts';
import { createDirectWriteQueue } from '../../server/db/write-queue.ts';

export const workerRun = () => !!process.env.LEADLINE_TEST_WORKER_URL;

/** A fresh sqld namespace (empty database) and a client to it; `url` is what the Worker is told to use. */
export async function freshDatabase(): Promise<{ db: Client; url: string }> {
  const namespace = `t${randomUUID().replaceAll('-', '')}`;
  const res = await fetch(`${process.env.LEADLINE_TEST_SQLD_ADMIN}/v1/namespaces/${namespace}/create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (!res.ok) throw new Error(`sqld namespace create: ${res.status} ${await res.text()}`);
  const url = process.env.LEADLINE_TEST_DATABASES!.replace('NAMESPACE', namespace);
  return { db: createClient({ url }), url };
}

/** An `app` whose `request()` goes to the Worker, with the test's database and options in test-only headers. */
export function remoteApp(databaseUrl: string, opts: { emailEnabled?: boolean } = {}): App {
  const base = process.env.LEADLINE_TEST_WORKER_URL!;
  const request = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const req = input instanceof Request ? input : new Request(new URL(String(input), 'http://localhost'), init);
    const url = new URL(req.url);
    const headers = new Headers(req.headers);
    headers.set('x-test-database', databaseUrl);
    // app.request() sends no User-Agent; Node's fetch would add `node`, which isbot counts as a bot.
    if (!headers.has('user-agent')) headers.set('user-agent', '');
    // Cloudflare's edge sets CF-Connecting-IP to the peer; stand in for it with the address the test gives.
    const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded && !headers.has('cf-connecting-ip')) headers.set('cf-connecting-ip', forwarded);
    if (opts.emailEnabled) headers.set('x-test-email', '1');
    const body = req.body ? await req.arrayBuffer() : undefined;
    return fetch(base + url.pathname + url.search, { method: req.method, headers, body, redirect: 'manual' });
  };
  return { request } as unknown as App;
}

/** testApp()'s database half on sqld: migrated, with writes as the Worker makes them (one batch per call). */
export async function workerDatabase() {
  const { db, url } = await freshDatabase();
  await migrate(db);
  const writes = Object.assign(createDirectWriteQueue(db), { idle: async () => {} });
  return { db, url, writes };
}
