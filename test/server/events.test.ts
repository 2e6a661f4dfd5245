import { describe, expect, it } from 'vitest';
import { eventId, pageview, post, testApp, workerRun } from './test-app.ts';

describe('POST /v1/events', () => {
  it('stores a text/plain batch and answers 202 with counts', async () => {
    const { app, db, siteKey } = await testApp();
    const events = [pageview(), pageview({ type: 'click', name: 'buy', props: { price: 4900, currency: 'USD' } })];
    const res = await app.request('/v1/events', post({ site: siteKey, events }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0 });
    const { rows } = await db.execute('SELECT id, type, name, props FROM events ORDER BY type DESC');
    expect(rows.map((r) => [r.id, r.type, r.name])).toEqual([
      [events[0]!.id, 'pageview', null],
      [events[1]!.id, 'click', 'buy'],
    ]);
    expect(JSON.parse(String(rows[1]!.props))).toEqual({ price: 4900, currency: 'USD' });
  });

  it('never stores a survey link token with the page URL or the referrer', async () => {
    const { app, db, siteKey } = await testApp();
    const url = 'https://shop.example/thanks?utm_source=mail&ll_survey=SECRET-TOKEN&x=1';
    const res = await app.request('/v1/events', post({ site: siteKey, events: [pageview({ url, ref: url })] }));
    expect(res.status).toBe(202);
    const { rows } = await db.execute(
      'SELECT e.url, e.ref, s.landing_url FROM events e JOIN sessions s ON s.id = e.session',
    );
    expect(rows[0]).toMatchObject({
      url: 'https://shop.example/thanks?utm_source=mail&x=1',
      ref: 'https://shop.example/thanks?utm_source=mail&x=1',
      landing_url: 'https://shop.example/thanks?utm_source=mail&x=1',
    });
    expect(JSON.stringify(rows)).not.toContain('SECRET');
  });

  it('accepts application/json too', async () => {
    const { app, siteKey } = await testApp();
    const res = await app.request(
      '/v1/events',
      post({ site: siteKey, events: [pageview()] }, { 'content-type': 'application/json' }),
    );
    expect(res.status).toBe(202);
  });

  it('stores a resent batch once and counts the duplicates', async () => {
    const { app, db, siteKey } = await testApp();
    const body = { site: siteKey, events: [pageview(), pageview()] };
    await app.request('/v1/events', post(body));
    const again = await app.request('/v1/events', post({ ...body, events: [...body.events, pageview()] }));
    expect(await again.json()).toEqual({ accepted: 1, duplicates: 2 });
    const { rows } = await db.execute('SELECT count(*) AS n FROM events');
    expect(rows[0]!.n).toBe(3);
  });

  it('strips unknown fields and keeps the known ones', async () => {
    const { app, db, siteKey } = await testApp();
    const res = await app.request(
      '/v1/events',
      post({ site: siteKey, future: 1, events: [pageview({ shiny: true })] }),
    );
    expect(res.status).toBe(202);
    const { rows } = await db.execute('SELECT * FROM events');
    expect(rows).toHaveLength(1);
  });

  it('takes a newer embed.js’s batches (higher wire version, new fields) by their known fields', async () => {
    const { app, db, siteKey } = await testApp();
    const res = await app.request(
      '/v1/events',
      post({
        site: siteKey,
        v: 2,
        batchMeta: { compressed: false },
        events: [pageview({ engagementMs: 5400, sampling: { rate: 1 } })],
      }),
    );
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0 });
    expect((await db.execute('SELECT type FROM events')).rows.map((r) => r.type)).toEqual(['pageview']);
    expect((await app.request('/v1/events', post({ site: siteKey, v: 0, events: [pageview()] }))).status).toBe(400);
  });

  it('keeps click ids of networks it does not know yet (a newer embed.js), and attributes the known ones', async () => {
    const { app, db, siteKey } = await testApp();
    const res = await app.request(
      '/v1/events',
      post({
        site: siteKey,
        v: 1,
        events: [pageview({ url: 'https://shop.example/', clickIds: { gclid: 'g-1', wbraid: 'w-1' } })],
      }),
    );
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0 });
    const { rows } = await db.execute(
      'SELECT e.click_ids, s.source, s.click_id_type FROM events e JOIN sessions s ON s.id = e.session',
    );
    expect(JSON.parse(String(rows[0]!.click_ids))).toEqual({ gclid: 'g-1', wbraid: 'w-1' });
    expect(rows[0]).toMatchObject({ source: 'google', click_id_type: 'gclid' });
  });

  it.each([
    ['not JSON', '{"site":', 'the body is not valid JSON'],
    ['JSON of the wrong shape', '[1,2,3]', 'the body is not valid'],
    ['an empty body', '', 'the body is not valid JSON'],
  ])('answers 400 validation_failed for %s', async (_, body, message) => {
    const { app } = await testApp();
    const res = await app.request('/v1/events', post(body));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'validation_failed', message } });
  });

  it('lists each invalid field under issues', async () => {
    const { app, siteKey } = await testApp();
    const res = await app.request(
      '/v1/events',
      post({ site: siteKey, events: [pageview({ type: 'hover', url: 'javascript:alert(1)', id: 'x' })] }),
    );
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { issues: { path: unknown[] }[] } };
    expect(error.issues.map((i) => i.path.join('.')).sort()).toEqual(['events.0.id', 'events.0.type', 'events.0.url']);
  });

  it('refuses more than 100 events', async () => {
    const { app, siteKey } = await testApp();
    const events = Array.from({ length: 101 }, () => pageview());
    const res = await app.request('/v1/events', post({ site: siteKey, events }));
    expect(res.status).toBe(400);
  });

  // Node only: fetch() cannot send a lying Content-Length to workerd; its HTTP layer owns framing (the Workers run of this suite leaves it out).
  if (!workerRun())
    it('answers 413 on a declared Content-Length over 256 KB without reading', async () => {
      const { app, siteKey } = await testApp();
      const res = await app.request(
        '/v1/events',
        post({ site: siteKey, events: [pageview()] }, { 'content-length': String(300 * 1024) }),
      );
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    });

  it('answers 413 on an actual body over 256 KB whatever the headers say', async () => {
    const { app, db, siteKey } = await testApp();
    const big = JSON.stringify({ site: siteKey, events: [pageview({ title: 'x'.repeat(300 * 1024) })] });
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const res = await app.request('/v1/events', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await db.execute('SELECT count(*) AS n FROM events')).rows[0]!.n).toBe(0);
  });

  it('answers 415 for form bodies', async () => {
    const { app } = await testApp();
    const res = await app.request('/v1/events', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
  });

  it('answers 400 for invalid UTF-8', async () => {
    const { app } = await testApp();
    const res = await app.request('/v1/events', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(res.status).toBe(400);
  });

  it('answers 404 for an unknown site key', async () => {
    const { app } = await testApp();
    const res = await app.request('/v1/events', post({ site: 'pk_unknownsite1', events: [pageview()] }));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('checks the allowed origins and sends CORS headers on errors too', async () => {
    const { app, db, siteKey } = await testApp({ origins: ['https://shop.example'] });
    const ok = await app.request(
      '/v1/events',
      post({ site: siteKey, events: [pageview()] }, { origin: 'https://shop.example' }),
    );
    expect(ok.status).toBe(202);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const bad = await app.request(
      '/v1/events',
      post({ site: siteKey, events: [pageview()] }, { origin: 'https://evil.example' }),
    );
    expect(bad.status).toBe(403);
    expect(await bad.json()).toMatchObject({ error: { code: 'origin_not_allowed' } });
    expect(bad.headers.get('access-control-allow-origin')).toBe('https://evil.example');
    const invalid = await app.request('/v1/events', post('nope', { origin: 'https://shop.example' }));
    expect(invalid.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect((await db.execute('SELECT count(*) AS n FROM events')).rows[0]!.n).toBe(1);
  });

  it('answers preflights by reflecting the origin, without credentials', async () => {
    const { app } = await testApp();
    const res = await app.request('/v1/events', {
      method: 'OPTIONS',
      headers: { origin: 'https://a.example', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://a.example');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('drops known bots with the same answer', async () => {
    const { app, db, siteKey } = await testApp();
    const res = await app.request(
      '/v1/events',
      post(
        { site: siteKey, events: [pageview()] },
        { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' },
      ),
    );
    expect(res.status).toBe(202);
    expect((await db.execute('SELECT count(*) AS n FROM events')).rows[0]!.n).toBe(0);
  });

  it('groups concurrent requests and stores every event once', async () => {
    const { app, db, siteKey } = await testApp();
    const ids = new Set<string>();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const events = Array.from({ length: (i % 10) + 1 }, () => pageview({ id: eventId() }));
        for (const e of events) ids.add(e.id);
        return Promise.resolve(app.request('/v1/events', post({ site: siteKey, events }))).then((r) => r.status);
      }),
    );
    expect(results.every((s) => s === 202)).toBe(true);
    expect((await db.execute('SELECT count(*) AS n FROM events')).rows[0]!.n).toBe(ids.size);
  });

  it('counts each event once across concurrent requests that share ids', async () => {
    const { app, siteKey } = await testApp();
    const shared = [pageview(), pageview()];
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        Promise.resolve(app.request('/v1/events', post({ site: siteKey, events: [...shared, pageview()] }))).then((r) =>
          r.json(),
        ),
      ),
    );
    const accepted = answers.reduce((n, a) => n + a.accepted, 0);
    const duplicates = answers.reduce((n, a) => n + a.duplicates, 0);
    expect(accepted).toBe(2 + 6);
    expect(duplicates).toBe(10);
  });

  it('reads a body with a Content-Length through the fast path and checks its size', async () => {
    const { app, siteKey } = await testApp();
    const body = JSON.stringify({ site: siteKey, events: [pageview()] });
    const res = await app.request(
      '/v1/events',
      post(body, { 'content-length': String(new TextEncoder().encode(body).length) }),
    );
    expect(res.status).toBe(202);
  });

  it('never answers 5xx for hostile bodies', async () => {
    const { app, siteKey } = await testApp();
    const bodies = [
      'null',
      '"str"',
      '{}',
      '{"site":null}',
      `{"site":"${siteKey}","events":{}}`,
      `{"site":"${siteKey}","events":[null]}`,
      `{"site":"${siteKey}","events":[{"__proto__":{"x":1}}]}`,
      '\u0000',
      '{"a":'.repeat(5000),
      `{"site":"${siteKey}","events":[${JSON.stringify(pageview({ ts: 'now', props: { a: { b: 1 } } }))}]}`,
    ];
    for (const body of bodies) {
      const res = await app.request('/v1/events', post(body));
      expect(res.status, body.slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(res.status, body.slice(0, 40)).toBeLessThan(500);
    }
  });
});
