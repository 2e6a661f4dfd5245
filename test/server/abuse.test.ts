import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { as, pageview, post, testApp } from './test-app.ts';

const lead = (siteKey: string, n: number, extra: Record<string, unknown> = {}) =>
  post({
    site: siteKey,
    form: 'contact',
    id: crypto.randomUUID(),
    fields: { email: `p${n}@shop.test`, name: `P${n}` },
    elapsedMs: 5000,
    ...extra,
  });
const count = async (db: { execute: (sql: string) => Promise<{ rows: Record<string, unknown>[] }> }, table: string) =>
  Number((await db.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);

/** A local stand-in of Turnstile's siteverify: secret `s3cret`; token `good` passes, `bad` fails, `boom` is a 500. */
const seen: URLSearchParams[] = [];
const verifier = new Hono().post('/siteverify', async (c) => {
  const form = new URLSearchParams(await c.req.text());
  seen.push(form);
  if (form.get('response') === 'boom') return c.text('down', 500);
  return c.json({ success: form.get('secret') === 's3cret' && form.get('response') === 'good', 'error-codes': [] });
});
const stand = await new Promise<{ url: string; close: () => void }>((resolve) => {
  const server = serve({ fetch: verifier.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
    resolve({ url: `http://127.0.0.1:${info.port}/siteverify`, close: () => server.close() }),
  );
});
afterAll(() => stand.close());

describe('abuse limits', () => {
  it('limits leads and tickets per visitor address with the site’s own numbers, answering 429 with Retry-After', async () => {
    const { app, db, siteKey, adminToken } = await testApp();
    for (let n = 0; n < 10; n++) expect((await app.request('/v1/leads', lead(siteKey, n))).status).toBe(201);
    const over = await app.request('/v1/leads', lead(siteKey, 10));
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await over.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(await count(db, 'lead_submissions')).toBe(10);

    const settings = await app.request('/v1/admin/settings', as(adminToken, 'PATCH', { rateLimits: { tickets: 1 } }));
    expect((await settings.json()).rateLimits).toEqual({
      leads: 10,
      tickets: 1,
      messages: 20,
      feedback: 10,
      events: 0,
    });
    const ticket = () =>
      app.request('/v1/tickets', post({ site: siteKey, email: 'v@shop.test', subject: 'Broken', body: 'It broke.' }));
    expect((await ticket()).status).toBe(201);
    expect((await ticket()).status).toBe(429);
    expect(await count(db, 'tickets')).toBe(1);
    expect(
      (await app.request('/v1/admin/settings', as(adminToken, 'PATCH', { rateLimits: { leads: 0 } }))).status,
    ).toBe(400);
  });

  it('never limits a site’s events unless it set an event limit, then counts events per minute', async () => {
    const { app, db, siteKey, adminToken } = await testApp();
    const batch = (n: number) => post({ site: siteKey, events: Array.from({ length: n }, () => pageview()) });
    for (let i = 0; i < 5; i++) expect((await app.request('/v1/events', batch(100))).status).toBe(202);
    expect(await count(db, 'events')).toBe(500);
    await app.request('/v1/admin/settings', as(adminToken, 'PATCH', { rateLimits: { events: 15 } }));
    expect((await app.request('/v1/events', batch(10))).status).toBe(202);
    const refused = await app.request('/v1/events', batch(10));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await count(db, 'events')).toBe(510);
  });
});

describe('Turnstile on lead forms', () => {
  it('checks every lead against siteverify once the site set a secret, never showing the secret', async () => {
    const t = await testApp();
    const app = createApp({
      db: t.db,
      writes: t.writes,
      groupIngest: true,
      turnstileVerifyUrl: stand.url,
      log: () => {},
    });
    expect((await (await app.request(`/v1/config?site=${t.siteKey}`)).json()).turnstileSiteKey).toBe(null);
    const patched = await app.request(
      '/v1/admin/settings',
      as(t.adminToken, 'PATCH', { turnstileSiteKey: '0x4AAA-site', turnstileSecret: 's3cret' }),
    );
    const body = await patched.json();
    expect(body).toMatchObject({ turnstileSiteKey: '0x4AAA-site', turnstileSecretSet: true });
    expect(JSON.stringify(body)).not.toContain('s3cret');
    expect(JSON.stringify(await (await app.request('/v1/admin/settings', as(t.adminToken))).json())).not.toContain(
      's3cret',
    );
    expect((await (await app.request(`/v1/config?site=${t.siteKey}`)).json()).turnstileSiteKey).toBe('0x4AAA-site');

    const missing = await app.request('/v1/leads', lead(t.siteKey, 1));
    expect(missing.status).toBe(403);
    expect(await missing.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await app.request('/v1/leads', lead(t.siteKey, 2, { turnstileToken: 'bad' }))).status).toBe(403);
    expect(await count(t.db, 'lead_submissions')).toBe(0);
    const good = lead(t.siteKey, 3, { turnstileToken: 'good' });
    expect((await app.request('/v1/leads', good)).status).toBe(201);
    // A resend of the same submission (its answer was lost) is not checked again: Turnstile tokens are single use.
    const checks = seen.length;
    expect((await app.request('/v1/leads', good)).status).toBe(201);
    expect(seen.length).toBe(checks);
    // Turnstile down: the lead is kept rather than lost.
    expect((await app.request('/v1/leads', lead(t.siteKey, 4, { turnstileToken: 'boom' }))).status).toBe(201);
    expect(await count(t.db, 'lead_submissions')).toBe(2);
    expect(seen.map((f) => [f.get('secret'), f.get('response'), f.has('remoteip')])).toEqual([
      ['s3cret', 'bad', false],
      ['s3cret', 'good', false],
      ['s3cret', 'boom', false],
    ]);

    // The no-JavaScript form posts Turnstile's own field name.
    const html = (token: string) =>
      app.request('/v1/leads/html', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', referer: 'https://shop.example/contact' },
        body: new URLSearchParams({
          site: t.siteKey,
          form: 'contact',
          email: `h-${token}@shop.test`,
          name: 'Html',
          'cf-turnstile-response': token,
        }).toString(),
      });
    expect((await html('bad')).headers.get('location')).toContain('leadline=error');
    expect((await html('good')).headers.get('location')).toContain('leadline=sent');
    expect(await count(t.db, 'lead_submissions')).toBe(3);
    // Clearing the secret turns the check off.
    await app.request('/v1/admin/settings', as(t.adminToken, 'PATCH', { turnstileSecret: null }));
    expect((await app.request('/v1/leads', lead(t.siteKey, 5))).status).toBe(201);
  });
});
