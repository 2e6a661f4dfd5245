/**
 * Node's webhook transport against real sockets: non-public targets are refused before any
 * connection, whatever the port is doing, and the delivery log says the same for all of them.
 */
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicFetch, publicLookup } from '../../server/net/public-fetch.ts';
import { deliverDueWebhooks } from '../../server/jobs/webhooks.ts';
import { as, eventId, post, testApp } from './test-app.ts';

let server: Server;
let hits = 0;
let open = 0;
let closed = 0;
const listen = (s: Server) =>
  new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));

beforeAll(async () => {
  server = createServer((_req, res) => {
    hits++;
    res.end('ok');
  });
  open = await listen(server);
  const gone = createServer();
  closed = await listen(gone);
  await new Promise((r) => gone.close(r));
});
afterAll(() => new Promise((r) => server.close(r)));

const lead = (siteKey: string, email: string) =>
  post({ site: siteKey, form: 'contact', id: eventId(), fields: { name: 'Ana', email }, elapsedMs: 5000 });

describe('webhook transport (Node)', () => {
  it('logs one "delivery failed" for open and closed ports of loopback spellings, never connecting', async () => {
    const { app, db, writes, siteKey, adminToken } = await testApp();
    const targets = [open, closed].flatMap((port) => [
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://[::ffff:7f00:1]:${port}/`,
      `http://127.1:${port}/`,
      `http://localhost:${port}/`,
      `http://2130706433:${port}/`,
    ]);
    for (const url of targets) {
      const saved = await app.request('/v1/admin/webhooks', as(adminToken, 'POST', { url: 'https://hooks.example/x' }));
      const { id } = await saved.json();
      // As a row saved before the check knew these spellings would hold it.
      await db.execute({ sql: 'UPDATE webhooks SET url = ? WHERE id = ?', args: [url, id] });
    }
    await app.request('/v1/leads', lead(siteKey, 'a@example.com'));
    await deliverDueWebhooks({ db, writes, fetch: publicFetch }, 100);

    expect(hits).toBe(0);
    const { rows } = await db.execute('SELECT DISTINCT status, last_status, last_error FROM deliveries');
    const log = rows.map((r) => ({ ...r }));
    expect(log).toEqual([{ status: 'pending', last_status: null, last_error: 'delivery failed' }]);
  });

  it('refuses at connect time a name that resolves to loopback (no DNS-rebinding window)', async () => {
    const error = await new Promise<Error>((resolve) => {
      const connected = () => resolve(new Error('connected'));
      get(`http://localhost:${open}/`, { lookup: publicLookup }, connected).on('error', resolve);
    });
    expect(error.message).toMatch(/not public/);
    expect(hits).toBe(0);
  });

  it('does not follow a public target’s redirect; its real status is logged', async () => {
    const { app, db, writes, siteKey, adminToken } = await testApp();
    await app.request('/v1/admin/webhooks', as(adminToken, 'POST', { url: 'https://hooks.example/x' }));
    await app.request('/v1/leads', lead(siteKey, 'b@example.com'));
    const calls: RequestInit[] = [];
    const redirecting = (async (_url: string, init: RequestInit) => {
      calls.push(init);
      return new Response(null, { status: 302, headers: { location: `http://127.0.0.1:${open}/` } });
    }) as typeof fetch;
    await deliverDueWebhooks({ db, writes, fetch: redirecting, resolve: async () => ['93.184.215.14'] });
    expect(calls.map((c) => c.redirect)).toEqual(['manual']);
    const { rows } = await db.execute('SELECT last_status, last_error FROM deliveries');
    expect({ ...rows[0] }).toEqual({ last_status: 302, last_error: 'answered 302' });
  });
});
