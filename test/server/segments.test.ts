import { describe, expect, it } from 'vitest';
import { as, eventId, pageview, post, testApp } from './test-app.ts';

async function crm() {
  const t = await testApp();
  const make = async (b: Record<string, unknown>) =>
    (await t.app.request('/v1/admin/contacts', as(t.adminToken, 'POST', b))).json();
  const ana = await make({
    name: 'Ana',
    email: 'ana@acme.example',
    company: 'Acme',
    tags: ['vip'],
    fields: { plan: 'pro' },
  });
  const bo = await make({ name: 'Bo', email: 'bo@other.example', stage: 'prospect' });
  const cy = await make({ name: 'Cy', email: 'cy@acme.example', tags: ['vip'] });
  await t.app.request(
    `/v1/admin/contacts/${ana.id}/purchases`,
    as(t.adminToken, 'POST', { productName: 'Desk', unitPrice: 49900, currency: 'USD' }),
  );
  await t.app.request(
    `/v1/admin/contacts/${ana.id}/purchases`,
    as(t.adminToken, 'POST', { productName: 'Lamp', unitPrice: 4900, currency: 'USD' }),
  );
  // Bo's browser clicked the pricing button.
  await t.app.request(
    '/v1/events',
    post({ site: t.siteKey, events: [pageview({ visitor: 'visitor-bo00', type: 'click', name: 'pricing-49' })] }),
  );
  await t.app.request(
    '/v1/leads',
    post({
      site: t.siteKey,
      form: 'contact',
      id: eventId(),
      visitor: 'visitor-bo00',
      fields: { name: 'Bo', email: 'bo@other.example' },
      elapsedMs: 5000,
    }),
  );
  return { ...t, ana, bo, cy };
}

describe('segments', () => {
  it('counts members live over fields, stage, tags, events and purchases', async () => {
    const { app, adminToken } = await crm();
    const preview = async (definition: unknown) =>
      (await (await app.request('/v1/admin/segments/preview', as(adminToken, 'POST', definition))).json()).count;
    expect(await preview({ rules: [{ field: 'tag', op: 'has', value: 'vip' }] })).toBe(2);
    expect(
      await preview({
        rules: [
          { field: 'company', op: 'is', value: 'acme' },
          { field: 'tag', op: 'has', value: 'vip' },
        ],
      }),
    ).toBe(1);
    expect(await preview({ rules: [{ field: 'email', op: 'contains', value: '@acme.' }] })).toBe(2);
    expect(await preview({ rules: [{ field: 'stage', op: 'is', value: 'customer' }] })).toBe(1);
    expect(await preview({ rules: [{ field: 'purchases', op: 'gte', value: 2 }] })).toBe(1);
    expect(await preview({ rules: [{ field: 'revenue', op: 'gte', value: 50000 }] })).toBe(1);
    expect(await preview({ rules: [{ field: 'event', op: 'did', value: 'pricing-49', withinDays: 7 }] })).toBe(1);
    expect(await preview({ rules: [{ field: 'custom', key: 'plan', op: 'is', value: 'PRO' }] })).toBe(1);
    expect(
      await preview({
        match: 'any',
        rules: [
          { field: 'stage', op: 'is', value: 'prospect' },
          { field: 'purchases', op: 'gte', value: 1 },
        ],
      }),
    ).toBe(2);
    expect(
      (
        await app.request(
          '/v1/admin/segments/preview',
          as(adminToken, 'POST', { rules: [{ field: 'custom', key: "x') OR 1=1 --", op: 'exists' }] }),
        )
      ).status,
    ).toBe(400);
  });

  it('saves segments, lists their members, and filters contacts by segment', async () => {
    const { app, adminToken, tokenFor } = await crm();
    const res = await app.request(
      '/v1/admin/segments',
      as(await tokenFor('rep'), 'POST', {
        name: 'Acme VIPs',
        definition: {
          rules: [
            { field: 'tag', op: 'has', value: 'vip' },
            { field: 'email', op: 'contains', value: 'acme' },
          ],
        },
      }),
    );
    expect(res.status).toBe(201);
    const seg = await res.json();
    expect(seg).toMatchObject({ name: 'Acme VIPs', count: 2 });
    const members = await (await app.request(`/v1/admin/segments/${seg.id}/members`, as(adminToken))).json();
    expect(members.contacts.map((c: { name: string }) => c.name).sort()).toEqual(['Ana', 'Cy']);
    const filtered = await (await app.request(`/v1/admin/contacts?segment=${seg.id}&sort=name`, as(adminToken))).json();
    expect(filtered.contacts.map((c: { name: string }) => c.name)).toEqual(['Ana', 'Cy']);
    expect((await app.request(`/v1/admin/segments/${seg.id}`, as(await tokenFor('viewer'), 'DELETE'))).status).toBe(
      403,
    );
  });
});

describe('affiliates and goals', () => {
  it('registers affiliates whose referring domains then attribute visits', async () => {
    const { app, siteKey, adminToken } = await testApp();
    const created = await app.request(
      '/v1/admin/affiliates',
      as(adminToken, 'POST', {
        name: 'Deals-Blog',
        label: 'Deals blog',
        domains: ['deals.example'],
        commissionType: 'percent',
        commissionValue: 1000,
      }),
    );
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: 'deals-blog', commissionValue: 1000 });
    expect((await app.request('/v1/admin/affiliates', as(adminToken, 'POST', { name: 'deals-blog' }))).status).toBe(
      409,
    );
    await app.request(
      '/v1/events',
      post({
        site: siteKey,
        events: [pageview({ url: 'https://shop.example/', ref: 'https://www.deals.example/best-lamps' })],
      }),
    );
    const { sessions } = await (await app.request('/v1/admin/events', as(adminToken))).json();
    expect(Object.values(sessions)[0]).toMatchObject({ affiliate: 'deals-blog', medium: 'affiliate' });
  });

  it('sets one goal per metric and period', async () => {
    const { app, adminToken } = await testApp();
    await app.request('/v1/admin/goals', as(adminToken, 'PUT', { metric: 'leads', period: 'month', target: 100 }));
    await app.request('/v1/admin/goals', as(adminToken, 'PUT', { metric: 'leads', period: 'month', target: 150 }));
    await app.request(
      '/v1/admin/goals',
      as(adminToken, 'PUT', { metric: 'first_response_minutes', period: 'week', target: 60 }),
    );
    const { goals } = await (await app.request('/v1/admin/goals', as(adminToken))).json();
    expect(goals.map((g: { metric: string; target: number }) => [g.metric, g.target])).toEqual([
      ['first_response_minutes', 60],
      ['leads', 150],
    ]);
  });
});
