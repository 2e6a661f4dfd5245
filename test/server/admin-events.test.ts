import { describe, expect, it } from 'vitest';
import { pageview, post, testApp } from './test-app.ts';

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('GET /v1/admin/events', () => {
  it('answers 401 without a bearer, with a bad one, and for a token in the query string', async () => {
    const { app, adminToken } = await testApp();
    for (const init of [{}, bearer('sk_thisisnotarealtoken00'), { headers: { authorization: adminToken } }]) {
      const res = await app.request('/v1/admin/events', init);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
    const inUrl = await app.request(`/v1/admin/events?token=${adminToken}`);
    expect(inUrl.status).toBe(401);
    expect(await inUrl.json()).toMatchObject({ error: { message: expect.stringContaining('refused in URLs') } });
  });

  it('stores only the hash of a token', async () => {
    const { db, adminToken } = await testApp();
    const { rows } = await db.execute('SELECT hash FROM tokens');
    expect(rows).toHaveLength(1);
    expect(String(rows[0]!.hash)).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(adminToken.slice(3));
  });

  it('returns the site events newest first, filtered and paginated', async () => {
    const { app, siteKey, adminToken } = await testApp();
    const t = Date.now() - 10_000;
    const events = [
      pageview({ ts: t, visitor: 'visitor-aaaa' }),
      pageview({ ts: t + 1, visitor: 'visitor-bbbb', utm: { source: 'news' } }),
      pageview({ ts: t + 2, visitor: 'visitor-aaaa', type: 'click', name: 'buy' }),
      pageview({ ts: t + 3, visitor: 'visitor-aaaa' }),
    ];
    await app.request('/v1/events', post({ site: siteKey, events }));

    const all = await (await app.request('/v1/admin/events', bearer(adminToken))).json();
    expect(all.events.map((e: { ts: number }) => e.ts)).toEqual([t + 3, t + 2, t + 1, t]);
    expect(all.events[2].utm).toEqual({ source: 'news' });
    expect(all.nextCursor).toBeNull();

    const mine = await (
      await app.request('/v1/admin/events?visitor=visitor-aaaa&type=pageview', bearer(adminToken))
    ).json();
    expect(mine.events.map((e: { ts: number }) => e.ts)).toEqual([t + 3, t]);

    const page1 = await (await app.request('/v1/admin/events?limit=3', bearer(adminToken))).json();
    expect(page1.events).toHaveLength(3);
    const page2 = await (
      await app.request(`/v1/admin/events?limit=3&cursor=${page1.nextCursor}`, bearer(adminToken))
    ).json();
    expect(page2.events.map((e: { ts: number }) => e.ts)).toEqual([t]);
    expect(page2.nextCursor).toBeNull();

    const window = await (
      await app.request(`/v1/admin/events?from=${t + 1}&to=${new Date(t + 3).toISOString()}`, bearer(adminToken))
    ).json();
    expect(window.events.map((e: { ts: number }) => e.ts)).toEqual([t + 2, t + 1]);
  });

  it('never shows another site’s events', async () => {
    const one = await testApp();
    await one.app.request('/v1/events', post({ site: one.siteKey, events: [pageview()] }));
    const { createSite } = await import('../../server/db/sites.ts');
    const other = await createSite(one.writes, { name: 'Other' });
    const res = await one.app.request('/v1/admin/events', bearer(other.adminToken));
    expect((await res.json()).events).toEqual([]);
  });

  it('lets viewers and reps read, and refuses integration tokens', async () => {
    const { app, tokenFor } = await testApp();
    expect((await app.request('/v1/admin/events', bearer(await tokenFor('viewer')))).status).toBe(200);
    expect((await app.request('/v1/admin/events', bearer(await tokenFor('rep')))).status).toBe(200);
    const res = await app.request('/v1/admin/events', bearer(await tokenFor('integration')));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('answers 400 for bad filters', async () => {
    const { app, adminToken } = await testApp();
    for (const q of ['type=hover', 'limit=0', 'limit=9999', 'cursor=abc', 'from=yesterday']) {
      const res = await app.request(`/v1/admin/events?${q}`, bearer(adminToken));
      expect(res.status, q).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'validation_failed' } });
    }
  });
});
