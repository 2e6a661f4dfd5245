import { describe, expect, it } from 'vitest';
import { eventId, pageview, post, testApp, workerRun } from '../test-app.ts';

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const T = Date.now() - 3_600_000;

describe('ingest: visitors and sessions', () => {
  it('keeps each session’s source from its first event, whatever order batches arrive in', async () => {
    const { app, db, siteKey } = await testApp();
    const later = pageview({ ts: T + 5000, session: 'session-aaaa', url: 'https://shop.example/pricing' });
    const first = pageview({
      ts: T,
      session: 'session-aaaa',
      url: 'https://shop.example/?utm_source=news&utm_medium=email&utm_campaign=nov',
      ref: 'https://mail.example/',
    });
    await app.request('/v1/events', post({ site: siteKey, events: [later] }));
    await app.request('/v1/events', post({ site: siteKey, events: [first] }));
    await app.request('/v1/events', post({ site: siteKey, events: [first, later] }));
    const { rows } = await db.execute('SELECT * FROM sessions');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: 'session-aaaa',
      visitor: 'visitor-0001',
      started_at: T,
      source: 'news',
      medium: 'email',
      campaign: 'nov',
      landing_url: 'https://shop.example/?utm_source=news&utm_medium=email&utm_campaign=nov',
      referrer_domain: 'mail.example',
    });
  });

  it('records first and last touch per visitor', async () => {
    const { app, siteKey, adminToken } = await testApp();
    const events = [
      pageview({ ts: T, session: 'session-one1', url: 'https://shop.example/?ref=partner-x' }),
      pageview({ ts: T + 1000, session: 'session-one1', url: 'https://shop.example/pricing' }),
      pageview({ ts: T + 60_000, session: 'session-two2', url: 'https://shop.example/?gclid=abc' }),
      pageview({
        ts: T + 61_000,
        session: 'session-two2',
        type: 'click',
        name: 'pricing-49',
        props: { price: 4900, currency: 'USD' },
      }),
    ];
    await app.request('/v1/events', post({ site: siteKey, events }));
    const page = await (await app.request('/v1/admin/events?visitor=visitor-0001', bearer(adminToken))).json();
    expect(page.events).toHaveLength(4);
    expect(page.visitor).toMatchObject({
      id: 'visitor-0001',
      firstSeen: T,
      lastSeen: T + 61_000,
      sessions: 2,
      firstTouch: { id: 'session-one1', source: 'partner-x', medium: 'affiliate', affiliate: 'partner-x' },
      lastTouch: { id: 'session-two2', source: 'google', medium: 'cpc', clickIdType: 'gclid' },
    });
    expect(page.sessions['session-two2']).toMatchObject({
      source: 'google',
      startedAt: T + 60_000,
      lastAt: T + 61_000,
    });
    expect(Object.keys(page.sessions).sort()).toEqual(['session-one1', 'session-two2']);
  });

  // Node only: app.request() has no peer address here, while on Workers the edge always gives one (the Workers run of this suite leaves it out).
  if (!workerRun())
    it('stores device and language, and country only behind a trusted proxy — never the IP', async () => {
      const headers = {
        'user-agent':
          'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1',
        'accept-language': 'ar-SA,ar;q=0.9,en;q=0.5',
        'x-country-code': 'SA',
        'x-forwarded-for': '10.0.0.1, 203.0.113.7',
      };
      const untrusted = await testApp();
      await untrusted.app.request('/v1/events', post({ site: untrusted.siteKey, events: [pageview()] }, headers));
      expect(
        (await untrusted.db.execute('SELECT country, language, device, visitor_hash FROM sessions')).rows[0],
      ).toMatchObject({
        country: null,
        language: 'ar-SA',
        device: 'mobile',
        visitor_hash: null,
      });

      const trusted = await testApp({ trustProxy: { mode: 'forwarded', countryHeader: 'x-country-code' } });
      await trusted.app.request('/v1/events', post({ site: trusted.siteKey, events: [pageview()] }, headers));
      const row = (await trusted.db.execute('SELECT country, visitor_hash FROM sessions')).rows[0]!;
      expect(row.country).toBe('SA');
      expect(String(row.visitor_hash)).toMatch(/^[0-9a-f]{32}$/);
      const everything = JSON.stringify([
        (await trusted.db.execute('SELECT * FROM sessions')).rows,
        (await trusted.db.execute('SELECT * FROM events')).rows,
        (await trusted.db.execute('SELECT * FROM daily_salts')).rows,
      ]);
      expect(everything).not.toContain('203.0.113.7');
    });

  it('gives the same anonymous hash to one browser within a day and another one to a different address', async () => {
    const { app, db, siteKey } = await testApp({ trustProxy: { mode: 'forwarded' } });
    const from = (ip: string, session: string) =>
      post(
        { site: siteKey, events: [pageview({ session, visitor: `v-${session}` })] },
        { 'x-forwarded-for': ip, 'user-agent': 'Mozilla/5.0 Firefox/140.0' },
      );
    await app.request('/v1/events', from('198.51.100.1', 'sess-aaaaaa'));
    await app.request('/v1/events', from('198.51.100.1', 'sess-bbbbbb'));
    await app.request('/v1/events', from('198.51.100.2', 'sess-cccccc'));
    const { rows } = await db.execute('SELECT id, visitor_hash FROM sessions ORDER BY id');
    expect(rows[0]!.visitor_hash).toBe(rows[1]!.visitor_hash);
    expect(rows[2]!.visitor_hash).not.toBe(rows[0]!.visitor_hash);
    expect((await db.execute('SELECT count(*) AS n FROM daily_salts')).rows[0]!.n).toBe(1);
  });

  it('drops the events of excluded team browsers', async () => {
    const { app, db, siteKey, adminToken, tokenFor } = await testApp();
    const json = (body: unknown, token = adminToken) => ({
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(
      (await app.request('/v1/admin/excluded-visitors', json({ visitor: 'team-laptop-1' }, await tokenFor('rep'))))
        .status,
    ).toBe(403);
    expect(
      (await app.request('/v1/admin/excluded-visitors', json({ visitor: 'team-laptop-1', label: 'Sara’s laptop' })))
        .status,
    ).toBe(201);
    const res = await app.request(
      '/v1/events',
      post({ site: siteKey, events: [pageview({ visitor: 'team-laptop-1' }), pageview()] }),
    );
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect((await db.execute('SELECT DISTINCT visitor FROM events')).rows.map((r) => r.visitor)).toEqual([
      'visitor-0001',
    ]);
    const list = await (await app.request('/v1/admin/excluded-visitors', bearer(adminToken))).json();
    expect(list.visitors).toMatchObject([{ visitor: 'team-laptop-1', label: 'Sara’s laptop' }]);
    await app.request('/v1/admin/excluded-visitors/team-laptop-1', { method: 'DELETE', ...bearer(adminToken) });
    const again = await app.request(
      '/v1/events',
      post({ site: siteKey, events: [pageview({ visitor: 'team-laptop-1' })] }),
    );
    expect(await again.json()).toEqual({ accepted: 1, duplicates: 0 });
  });
});

describe('POST /v1/admin/events (server to server)', () => {
  const json = (token: string, body: unknown) => ({
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

  it('stores a conversion on the visitor’s last-touch session, once per id', async () => {
    const { app, db, siteKey, tokenFor } = await testApp();
    await app.request(
      '/v1/events',
      post({
        site: siteKey,
        events: [
          pageview({ ts: T, session: 'session-old1' }),
          pageview({ ts: T + 9000, session: 'session-new1', url: 'https://shop.example/?utm_source=news' }),
        ],
      }),
    );
    const integration = await tokenFor('integration');
    const conversion = {
      id: eventId(),
      type: 'conversion',
      name: 'order-paid',
      visitor: 'visitor-0001',
      value: 4999,
      currency: 'USD',
      props: { order: 'A-1001' },
    };
    const res = await app.request('/v1/admin/events', json(integration, { events: [conversion] }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(await (await app.request('/v1/admin/events', json(integration, { events: [conversion] }))).json()).toEqual({
      accepted: 0,
      duplicates: 1,
    });
    const { rows } = await db.execute("SELECT session, value, currency, props FROM events WHERE type = 'conversion'");
    expect(rows).toEqual([expect.objectContaining({ session: 'session-new1', value: 4999, currency: 'USD' })]);
    expect(JSON.parse(String(rows[0]!.props))).toEqual({ order: 'A-1001', via: 'server' });
  });

  it('refuses viewers, unknown visitors and money without a currency', async () => {
    const { app, tokenFor, adminToken } = await testApp();
    const event = { type: 'conversion', name: 'x', visitor: 'visitor-nobody' };
    expect((await app.request('/v1/admin/events', json(await tokenFor('viewer'), { events: [event] }))).status).toBe(
      403,
    );
    expect((await app.request('/v1/admin/events', json(adminToken, { events: [event] }))).status).toBe(404);
    const bad = await app.request('/v1/admin/events', json(adminToken, { events: [{ ...event, value: 100 }] }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: 'validation_failed', issues: [{ path: ['events', 0, 'currency'] }] },
    });
  });
});
