import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { as, testApp, workerRun } from './test-app.ts';

describe('app', () => {
  it('GET /healthz answers ok when the database does', async () => {
    const { app } = await testApp();
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  // Node only: it closes the in-process client; test/worker/schema-gate.test.ts covers an unreachable database on Workers (the Workers run of this suite leaves it out).
  if (!workerRun())
    it('GET /healthz answers 503 unavailable when the database is gone', async () => {
      const { app, db } = await testApp();
      db.close();
      const res = await app.request('/healthz');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toMatchObject({ error: { code: 'unavailable' } });
    });

  it('unknown routes get the error shape', async () => {
    const { app } = await testApp();
    const res = await app.request('/v1/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'no such route' } });
  });

  it('GET /v1/openapi.json is generated from the zod schemas', async () => {
    const { app } = await testApp();
    const res = await app.request('/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const events = doc.paths['/v1/events'].post;
    const body = events.requestBody.content['application/json'].schema;
    expect(body.properties.events.maxItems).toBe(100);
    expect(body.properties.events.items.properties.type.enum).toContain('pageview');
    expect(events.responses['202']).toBeDefined();
    const params = doc.paths['/v1/admin/events'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(['type', 'visitor', 'cursor', 'limit']));
    expect(doc.paths['/v1/config'].get).toBeDefined();
  });

  it('GET /v1/config answers the public settings of a site', async () => {
    const { app, siteKey } = await testApp();
    const res = await app.request(`/v1/config?site=${siteKey}&locale=ar`);
    expect(res.status).toBe(200);
    // Only what the form and the chat read (widgets/lead-form, widgets/support-chat).
    const config = await res.json();
    expect(Object.keys(config).sort()).toEqual(['chat', 'forms', 'site', 'turnstileSiteKey']);
    expect(config).toMatchObject({
      site: { name: 'Test shop' },
      chat: { enabled: true },
      turnstileSiteKey: null,
      forms: { contact: {} },
    });
    expect((await app.request('/v1/config?site=pk_missing00&locale=ar')).status).toBe(404);
    expect((await app.request(`/v1/config?site=${siteKey}&locale=fr`)).status).toBe(400);
  });

  it('answers 503 with Retry-After instead of hanging when the database stalls', async () => {
    const { db, writes, adminToken } = await testApp();
    // The real database, answering 300 ms late (a remote libSQL under trouble).
    const stalled = new Proxy(db, {
      get: (target, key) =>
        key === 'execute'
          ? async (...args: Parameters<typeof db.execute>) => (
              await new Promise((r) => setTimeout(r, 300)),
              target.execute(...args)
            )
          : Reflect.get(target, key),
    });
    const app = createApp({ db: stalled, writes, requestTimeoutMs: 50 });
    const started = Date.now();
    const res = await app.request('/v1/admin/contacts', as(adminToken));
    expect(Date.now() - started).toBeLessThan(250);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toEqual({
      error: { code: 'unavailable', message: 'the request took too long, retry later' },
    });
    // Within the limit the same request is answered.
    const patient = createApp({ db: stalled, writes, requestTimeoutMs: 5000 });
    expect((await patient.request('/v1/admin/contacts', as(adminToken))).status).toBe(200);
  });
});
