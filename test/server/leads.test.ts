import { describe, expect, it } from 'vitest';
import { eventId, pageview, post, testApp } from './test-app.ts';

const lead = (siteKey: string, overrides: Record<string, unknown> = {}) => ({
  site: siteKey,
  form: 'contact',
  id: eventId(),
  visitor: 'visitor-0001',
  session: 'session-0001',
  url: 'https://shop.example/contact',
  fields: { name: 'Ana Lima', email: 'Ana@Example.com', company: 'Lima & Co', message: 'Do you ship to Porto?' },
  elapsedMs: 9000,
  ...overrides,
});

describe('POST /v1/leads', () => {
  it('creates a lead contact, stitched to the browser, with first-touch attribution, and never returns contact data', async () => {
    const { app, db, siteKey } = await testApp();
    await app.request(
      '/v1/events',
      post({
        site: siteKey,
        events: [pageview({ url: 'https://shop.example/?utm_source=news&utm_campaign=nov', ts: Date.now() - 60_000 })],
      }),
    );
    const res = await app.request('/v1/leads', post(lead(siteKey)));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ ok: true });
    const { rows } = await db.execute('SELECT * FROM contacts');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      email: 'ana@example.com',
      name: 'Ana Lima',
      company: 'Lima & Co',
      stage: 'lead',
      origin: 'form',
      source: 'news',
      campaign: 'nov',
    });
    expect(JSON.parse(String(rows[0]!.fields))).toEqual({ message: 'Do you ship to Porto?' });
    const link = await db.execute('SELECT visitor, contact_id FROM contact_visitors');
    expect(link.rows).toEqual([expect.objectContaining({ visitor: 'visitor-0001', contact_id: rows[0]!.id })]);
    const submit = await db.execute("SELECT name, visitor, session, url FROM events WHERE type = 'form_submit'");
    expect(submit.rows).toEqual([
      expect.objectContaining({
        name: 'contact',
        visitor: 'visitor-0001',
        session: 'session-0001',
        url: 'https://shop.example/contact',
      }),
    ]);
    const history = await db.execute('SELECT from_stage, to_stage, reason FROM stage_history');
    expect(history.rows).toEqual([expect.objectContaining({ from_stage: null, to_stage: 'lead', reason: 'form' })]);
  });

  it('stores a resent submission id once', async () => {
    const { app, db, siteKey } = await testApp();
    const body = lead(siteKey);
    await Promise.all([app.request('/v1/leads', post(body)), app.request('/v1/leads', post(body))]);
    await app.request('/v1/leads', post(body));
    for (const table of ['contacts', 'lead_submissions', 'stage_history'])
      expect((await db.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n, table).toBe(1);
    expect((await db.execute("SELECT count(*) AS n FROM events WHERE type = 'form_submit'")).rows[0]!.n).toBe(1);
  });

  it('updates one contact for the same email, merging fields and keeping earlier values', async () => {
    const { app, db, siteKey } = await testApp();
    await app.request('/v1/leads', post(lead(siteKey)));
    await app.request(
      '/v1/leads',
      post(
        lead(siteKey, {
          visitor: 'visitor-0002',
          fields: { email: 'ana@example.com', name: 'Ana L.', message: 'Second question' },
        }),
      ),
    );
    const { rows } = await db.execute('SELECT * FROM contacts');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: 'Ana L.', company: 'Lima & Co' });
    const visitors = await db.execute('SELECT visitor FROM contact_visitors ORDER BY visitor');
    expect(visitors.rows.map((r) => r.visitor)).toEqual(['visitor-0001', 'visitor-0002']);
    const submissions = await db.execute('SELECT fields FROM lead_submissions ORDER BY received_at');
    expect(submissions.rows.map((r) => JSON.parse(String(r.fields)).message)).toEqual([
      'Do you ship to Porto?',
      'Second question',
    ]);
  });

  it('answers bots with the same success and stores nothing', async () => {
    const { app, db, siteKey } = await testApp();
    for (const body of [lead(siteKey, { hp: 'http://spam.example' }), lead(siteKey, { elapsedMs: 300 })]) {
      const res = await app.request('/v1/leads', post(body));
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ ok: true });
    }
    const res = await app.request('/v1/leads', post(lead(siteKey), { 'user-agent': 'python-requests/2.32' }));
    expect(res.status).toBe(201);
    for (const table of ['contacts', 'lead_submissions', 'events'])
      expect((await db.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n, table).toBe(0);
  });

  it('checks the fields against the form definition', async () => {
    const { app, db, siteKey } = await testApp();
    const res = await app.request(
      '/v1/leads',
      post(lead(siteKey, { fields: { name: '', email: 'not-an-email', company: 'x'.repeat(300) } })),
    );
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; issues: { path: string[] }[] } };
    expect(error.code).toBe('validation_failed');
    expect(error.issues.map((i) => i.path.join('.')).sort()).toEqual(['fields.company', 'fields.email', 'fields.name']);
    expect((await db.execute('SELECT count(*) AS n FROM contacts')).rows[0]!.n).toBe(0);
  });

  it('accepts captures of forms without a definition when they carry an email or a phone', async () => {
    const { app, db, siteKey } = await testApp();
    expect(
      (
        await app.request(
          '/v1/leads',
          post(lead(siteKey, { form: 'newsletter', fields: { email: 'x@example.com', plan: 'pro' } })),
        )
      ).status,
    ).toBe(201);
    expect(
      (await app.request('/v1/leads', post(lead(siteKey, { form: 'newsletter', fields: { plan: 'pro' } })))).status,
    ).toBe(400);
    const { rows } = await db.execute('SELECT email, fields FROM contacts');
    expect(rows).toEqual([expect.objectContaining({ email: 'x@example.com', fields: '{"plan":"pro"}' })]);
  });

  it('rate-limits one address to 10 leads a minute', async () => {
    const { app, siteKey } = await testApp({ trustProxy: { mode: 'forwarded' } });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push(
        (
          await app.request(
            '/v1/leads',
            post(lead(siteKey, { fields: { name: 'N', email: `n${i}@example.com` } }), {
              'x-forwarded-for': '192.0.2.9',
            }),
          )
        ).status,
      );
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    const other = await app.request('/v1/leads', post(lead(siteKey), { 'x-forwarded-for': '192.0.2.10' }));
    expect(other.status).toBe(201);
  });

  it('turns a lost contact back into a lead', async () => {
    const { app, db, siteKey } = await testApp();
    await app.request('/v1/leads', post(lead(siteKey)));
    await db.execute("UPDATE contacts SET stage = 'lost'");
    await app.request('/v1/leads', post(lead(siteKey)));
    expect((await db.execute('SELECT stage FROM contacts')).rows[0]!.stage).toBe('lead');
    const history = await db.execute('SELECT from_stage, to_stage FROM stage_history ORDER BY id');
    expect(history.rows.map((r) => [r.from_stage, r.to_stage])).toEqual([
      [null, 'lead'],
      ['lost', 'lead'],
    ]);
  });

  it('takes plain HTML form posts and sends the browser back', async () => {
    const { app, db, siteKey } = await testApp();
    const body = new URLSearchParams({
      site: siteKey,
      form: 'contact',
      name: 'Omar',
      email: 'omar@example.com',
      leadline_hp: '',
    });
    const res = await app.request('/v1/leads/html', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', referer: 'https://shop.example/contact' },
      body: body.toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('https://shop.example/contact?leadline=sent');
    expect((await db.execute('SELECT email FROM contacts')).rows.map((r) => r.email)).toEqual(['omar@example.com']);
    const bad = await app.request('/v1/leads/html', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', referer: 'https://shop.example/contact' },
      body: new URLSearchParams({ site: siteKey, form: 'contact', email: 'nope' }).toString(),
    });
    expect(bad.headers.get('location')).toBe('https://shop.example/contact?leadline=error');
  });

  it('never redirects a plain form post off the site’s allowed origins', async () => {
    const { app, siteKey } = await testApp({ origins: ['https://shop.example'] });
    const body = new URLSearchParams({
      site: siteKey,
      form: 'contact',
      name: 'Omar',
      email: 'omar@example.com',
      _redirect: 'https://evil.example/',
    });
    const res = await app.request('/v1/leads/html', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBeNull();
  });
});
