import { describe, expect, it } from 'vitest';
import { deliverDueEmails } from '../../server/email/outbox.ts';
import { MAX_RATING_CHANGES } from '../../server/routes/tickets.ts';
import { as, eventId, post, testApp } from './test-app.ts';

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const b64url = (v: unknown) => btoa(JSON.stringify(v)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

/** Issue 19, item 10: each low item with its regression test. */
describe('issue 19: low items', () => {
  it('a re-issued invite leaves only the newest link valid', async () => {
    const { app, adminToken } = await testApp();
    const first = await (
      await app.request(
        '/v1/admin/users',
        as(adminToken, 'POST', { name: 'Rey', email: 'rey@example.com', role: 'rep' }),
      )
    ).json();
    const second = await (await app.request(`/v1/admin/users/${first.user.id}/invite`, as(adminToken, 'POST'))).json();
    expect((await app.request('/v1/admin/session', json({ invite: first.invite }))).status).toBe(401);
    expect((await app.request('/v1/admin/session', json({ invite: second.invite }))).status).toBe(201);
  });

  it('queued emails hold no ticket token; the link made at send time opens the thread', async () => {
    const t = await testApp({ emailEnabled: true, origins: ['https://shop.example'] });
    const { app, db, siteKey, adminToken } = t;
    const { trackingNumber } = await (
      await app.request(
        '/v1/tickets',
        post({ site: siteKey, email: 'v@example.com', subject: 'Hi', body: 'Help', url: 'https://shop.example/help' }),
      )
    ).json();
    const id = String((await db.execute('SELECT id FROM tickets')).rows[0]!.id);
    await app.request(`/v1/admin/tickets/${id}/messages`, as(adminToken, 'POST', { body: 'Answer' }));
    const { rows } = await db.execute("SELECT data FROM emails WHERE to_email = 'v@example.com'");
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(String(r.data)).not.toMatch(/tt_|ll-ticket/);
    const sent: string[] = [];
    await deliverDueEmails({
      db,
      writes: t.writes,
      mailer: { send: async (m) => void sent.push(m.text) },
      from: 'x@localhost',
    });
    const tokens = sent.map((text) => /#ll-ticket=[^~]+~(tt_[\w-]+)/.exec(text)?.[1]).filter(Boolean);
    expect(tokens).toHaveLength(2);
    for (const token of tokens)
      expect(
        (await app.request(`/v1/tickets/${trackingNumber}?site=${siteKey}`, { headers: { 'x-ticket-token': token! } }))
          .status,
      ).toBe(200);
  });

  it('counts one “helpful” vote per browser per article', async () => {
    const { app, db, siteKey, adminToken } = await testApp();
    const article = await (
      await app.request(
        '/v1/admin/kb',
        as(adminToken, 'POST', { locale: 'en', title: 'Returns', body: 'Thirty days.' }),
      )
    ).json();
    const vote = (ua: string) =>
      app.request(`/v1/kb/articles/${article.id}/vote`, post({ site: siteKey, helpful: true }, { 'user-agent': ua }));
    for (let i = 0; i < 5; i++) expect((await vote('Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0')).status).toBe(201);
    await vote('Mozilla/5.0 (Windows NT 10.0) Firefox/140.0');
    expect((await db.execute('SELECT helpful_yes FROM kb_articles')).rows[0]!.helpful_yes).toBe(2);
    expect((await app.request(`/v1/kb/articles/999/vote`, post({ site: siteKey, helpful: true }))).status).toBe(404);
  });

  it('lets a ticket rating change a bounded number of times', async () => {
    const { app, db, siteKey, adminToken } = await testApp();
    const { trackingNumber, token } = await (
      await app.request('/v1/tickets', post({ site: siteKey, email: 'v@example.com', subject: 'Hi', body: 'Help' }))
    ).json();
    const id = String((await db.execute('SELECT id FROM tickets')).rows[0]!.id);
    await app.request(`/v1/admin/tickets/${id}`, as(adminToken, 'PATCH', { status: 'solved' }));
    const rate = (rating: number) =>
      app.request(`/v1/tickets/${trackingNumber}/rating`, post({ site: siteKey, rating }, { 'x-ticket-token': token }));
    for (let i = 0; i <= MAX_RATING_CHANGES; i++) expect((await rate(1 + (i % 5))).status).toBe(201);
    expect((await rate(5)).status).toBe(409);
    expect((await db.execute('SELECT rating FROM tickets')).rows[0]!.rating).toBe(1 + (MAX_RATING_CHANGES % 5));
  });

  it('does the same database work for an unknown tracking number as for a known one', async () => {
    const { app, db, siteKey } = await testApp();
    const { trackingNumber } = await (
      await app.request('/v1/tickets', post({ site: siteKey, email: 'v@example.com', subject: 'Hi', body: 'Help' }))
    ).json();
    const calls: string[] = [];
    const execute = db.execute.bind(db);
    db.execute = ((stmt: Parameters<typeof execute>[0]) => (
      calls.push(typeof stmt === 'string' ? stmt : (stmt as { sql: string }).sql),
      execute(stmt)
    )) as typeof db.execute;
    const read = async (tn: string) => {
      calls.length = 0;
      const res = await app.request(`/v1/tickets/${tn}?site=${siteKey}`, {
        headers: { 'x-ticket-token': `tt_${'x'.repeat(32)}` },
      });
      expect(res.status).toBe(404);
      return [...calls];
    };
    const known = await read(trackingNumber);
    const unknown = await read(trackingNumber.replace(/.$/, (ch: string) => (ch === 'A' ? 'B' : 'A')));
    expect(unknown).toEqual(known);
    expect(known.some((sql) => sql.includes('ticket_tokens'))).toBe(true);
  });

  it('sends a no-JavaScript form back only to the page’s own origin when the site has no allowed origins', async () => {
    const { app, siteKey } = await testApp();
    const send = (redirect: string) =>
      app.request('/v1/leads/html', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', referer: 'https://shop.example/contact' },
        body: new URLSearchParams({
          site: siteKey,
          form: 'contact',
          name: 'O',
          email: `o${Math.random()}@example.com`,
          _redirect: redirect,
        }).toString(),
      });
    const evil = await send('https://evil.example/phish');
    expect(evil.status).toBe(201);
    expect(evil.headers.get('location')).toBeNull();
    expect((await send('https://shop.example/thanks')).headers.get('location')).toBe(
      'https://shop.example/thanks?leadline=sent',
    );
  });

  it('takes conversions on a site with allowed origins only from an allowed Origin', async () => {
    const { app, db, siteKey } = await testApp({ origins: ['https://shop.example'] });
    const conversion = () => ({
      id: eventId(),
      type: 'conversion',
      name: 'order',
      value: 999_999,
      currency: 'USD',
      ts: Date.now(),
      visitor: 'visitor-1',
      session: 'session-1',
      url: 'https://shop.example/done',
    });
    expect((await app.request('/v1/events', post({ site: siteKey, events: [conversion()] }))).status).toBe(202);
    expect(
      (
        await app.request(
          '/v1/events',
          post({ site: siteKey, events: [conversion()] }, { origin: 'https://shop.example' }),
        )
      ).status,
    ).toBe(202);
    expect((await db.execute("SELECT count(*) AS n FROM events WHERE type = 'conversion'")).rows[0]!.n).toBe(1);
  });

  it('answers 400 to a malformed contacts cursor, and imports CSV columns named like Object members', async () => {
    const { app, adminToken } = await testApp();
    for (const cursor of [b64url(5), b64url(['a']), b64url({}), b64url([{}, 'x']), 'not-base64!'])
      expect(
        (await app.request(`/v1/admin/contacts?cursor=${encodeURIComponent(cursor)}`, as(adminToken))).status,
        cursor,
      ).toBe(400);
    const csv = 'email,constructor,toString,__proto__,hasOwnProperty\na@example.com,x,y,z,w\n';
    const res = await app.request('/v1/admin/contacts/import', {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ created: 1, rejected: [] });
  });

  it('refuses report dates before 1970 instead of reading years 0–99 as 1900–1999', async () => {
    const { app, adminToken } = await testApp();
    for (const from of ['0050-01-01', '0099-12-31T00:00:00Z', '1969-12-31'])
      expect(
        (await app.request(`/v1/admin/reports/overview?from=${from}&to=2026-01-01`, as(adminToken))).status,
        from,
      ).toBe(400);
    expect((await app.request('/v1/admin/reports/overview?from=2025-12-01&to=2026-01-01', as(adminToken))).status).toBe(
      200,
    );
  });

  it('answers two concurrent creates of one email with 201 and 409', async () => {
    const { app, db, adminToken } = await testApp();
    const create = () =>
      app.request('/v1/admin/contacts', as(adminToken, 'POST', { email: 'twice@example.com', name: 'Twice' }));
    const answers = await Promise.all([create(), create()]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((await answers.find((r) => r.status === 409)!.json()).error.code).toBe('conflict');
    expect((await db.execute('SELECT count(*) AS n FROM contacts')).rows[0]!.n).toBe(1);
  });
});
