import { describe, expect, it } from 'vitest';
import { as, eventId, pageview, post, testApp } from './test-app.ts';

const identify = (props: Record<string, string>, visitor = 'visitor-0001') =>
  pageview({ type: 'identify', visitor, props, url: 'https://shop.example/account' });

describe('identify events', () => {
  it('link the browser to the contact with that email: its events, earlier ones included, join the timeline', async () => {
    const { app, siteKey, adminToken } = await testApp();
    const known = await (
      await app.request('/v1/admin/contacts', as(adminToken, 'POST', { email: 'ana@example.com', name: 'Ana' }))
    ).json();
    const earlier = pageview({ url: 'https://shop.example/pricing' });
    expect(
      (
        await app.request(
          '/v1/events',
          post({ site: siteKey, events: [earlier, identify({ email: ' Ana@Example.com ' })] }),
        )
      ).status,
    ).toBe(202);

    const detail = await (await app.request(`/v1/admin/contacts/${known.id}`, as(adminToken))).json();
    expect(detail.visitors).toEqual(['visitor-0001']);
    const timeline = await (await app.request(`/v1/admin/contacts/${known.id}/timeline`, as(adminToken))).json();
    expect(timeline.items.map((i: { id: string }) => i.id)).toContain(earlier.id);
    // Still the contact it was: one contact, entered by hand.
    const list = await (await app.request('/v1/admin/contacts', as(adminToken))).json();
    expect(list.contacts).toHaveLength(1);
    expect(list.contacts[0]).toMatchObject({ origin: 'manual', name: 'Ana' });
  });

  it('of an unknown email make a lead with the first touch of the browser’s session', async () => {
    const { app, siteKey, adminToken } = await testApp();
    const landing = pageview({
      url: 'https://shop.example/?utm_source=news&utm_campaign=nov',
      ts: Date.now() - 60_000,
    });
    await app.request('/v1/events', post({ site: siteKey, events: [landing] }));
    await app.request(
      '/v1/events',
      post({ site: siteKey, events: [identify({ email: 'new@example.com', plan: 'pro' })] }),
    );

    const { contacts } = await (await app.request('/v1/admin/contacts', as(adminToken))).json();
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({
      email: 'new@example.com',
      stage: 'lead',
      origin: 'identify',
      source: 'news',
      campaign: 'nov',
    });
    const detail = await (await app.request(`/v1/admin/contacts/${contacts[0].id}`, as(adminToken))).json();
    expect(detail.stageHistory).toEqual([expect.objectContaining({ from: null, to: 'lead', reason: 'identify' })]);
    expect(detail.firstTouch).toMatchObject({ sessionId: 'session-0001', source: 'news' });
  });

  it('a resend changes nothing; a second browser of the same person is linked to the same contact', async () => {
    const { app, db, siteKey } = await testApp();
    const event = identify({ email: 'same@example.com' });
    await app.request('/v1/events', post({ site: siteKey, events: [event] }));
    await app.request('/v1/events', post({ site: siteKey, events: [event] }));
    await app.request(
      '/v1/events',
      post({ site: siteKey, events: [identify({ email: 'same@example.com' }, 'visitor-0002')] }),
    );
    expect((await db.execute('SELECT count(*) AS n FROM contacts')).rows[0]!.n).toBe(1);
    expect((await db.execute('SELECT count(*) AS n FROM stage_history')).rows[0]!.n).toBe(1);
    const links = await db.execute('SELECT visitor FROM contact_visitors ORDER BY visitor');
    expect(links.rows.map((r) => r.visitor)).toEqual(['visitor-0001', 'visitor-0002']);
  });

  it('ignore an invalid email and a bare userId: the events are stored, no contact is made or linked', async () => {
    const { app, db, siteKey } = await testApp();
    const events = [
      identify({ email: 'not-an-email' }),
      identify({ userId: 'u-123' }),
      identify({ email: 'a@b' }),
      { ...identify({}), id: eventId() },
    ];
    const res = await app.request('/v1/events', post({ site: siteKey, events }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 4, duplicates: 0 });
    expect((await db.execute('SELECT count(*) AS n FROM contacts')).rows[0]!.n).toBe(0);
    expect((await db.execute('SELECT count(*) AS n FROM contact_visitors')).rows[0]!.n).toBe(0);
  });
});
