import { describe, expect, it } from 'vitest';
import { as, pageview, post, testApp } from './test-app.ts';

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('users, invites and tokens', () => {
  it('invites a rep whose link becomes a 30-day session token, once', async () => {
    const { app, adminToken } = await testApp();
    const created = await app.request(
      '/v1/admin/users',
      as(adminToken, 'POST', { name: 'Rana Rep', email: 'Rana@Shop.example', role: 'rep' }),
    );
    expect(created.status).toBe(201);
    const { invite, user } = await created.json();
    expect(user).toMatchObject({ name: 'Rana Rep', email: 'rana@shop.example', role: 'rep' });
    const session = await app.request('/v1/admin/session', json({ invite }));
    expect(session.status).toBe(201);
    const { token, expiresAt } = await session.json();
    expect(expiresAt - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const me = await (await app.request('/v1/admin/me', as(token))).json();
    expect(me).toMatchObject({ user: { name: 'Rana Rep', role: 'rep' }, site: { name: 'Test shop', currency: 'USD' } });
    expect((await app.request('/v1/admin/session', json({ invite }))).status).toBe(401);
    expect(
      (await app.request('/v1/admin/users', as(token, 'POST', { name: 'X', email: 'x@shop.example', role: 'owner' })))
        .status,
    ).toBe(403);
  });

  it('lets owners change roles, revoke tokens and remove users — not themselves', async () => {
    const { app, adminToken, tokenFor } = await testApp();
    const rep = await tokenFor('rep');
    const { tokens } = await (await app.request('/v1/admin/tokens', as(adminToken))).json();
    expect(JSON.stringify(tokens)).not.toContain(rep);
    const repToken = tokens.find((t: { role: string }) => t.role === 'rep');
    expect((await app.request(`/v1/admin/tokens/${repToken.id}`, as(adminToken, 'DELETE'))).status).toBe(204);
    expect((await app.request('/v1/admin/contacts', as(rep))).status).toBe(401);
    const me = await (await app.request('/v1/admin/me', as(adminToken))).json();
    expect(
      (await app.request(`/v1/admin/users/${me.user.id}`, as(adminToken, 'PATCH', { role: 'viewer' }))).status,
    ).toBe(409);
    expect((await app.request(`/v1/admin/users/${me.user.id}`, as(adminToken, 'DELETE'))).status).toBe(409);
    const { users } = await (await app.request('/v1/admin/users', as(adminToken))).json();
    const other = users.find((u: { role: string }) => u.role === 'rep');
    expect(
      (await (await app.request(`/v1/admin/users/${other.id}`, as(adminToken, 'PATCH', { role: 'viewer' }))).json())
        .role,
    ).toBe('viewer');
    expect((await app.request(`/v1/admin/users/${other.id}`, as(adminToken, 'DELETE'))).status).toBe(204);
  });
});

describe('tasks', () => {
  it('lists my open tasks with overdue ones first, and completes them', async () => {
    const { app, adminToken, tokenFor } = await testApp();
    const rep = await tokenFor('rep');
    const contact = await (
      await app.request('/v1/admin/contacts', as(rep, 'POST', { name: 'Ana', email: 'ana@example.com' }))
    ).json();
    const yesterday = Date.now() - 86_400_000;
    await app.request(
      `/v1/admin/contacts/${contact.id}/tasks`,
      as(rep, 'POST', { title: 'Send the quote', dueAt: new Date(Date.now() + 86_400_000).toISOString() }),
    );
    const late = await (
      await app.request(
        `/v1/admin/contacts/${contact.id}/tasks`,
        as(rep, 'POST', { title: 'Call back', dueAt: yesterday }),
      )
    ).json();
    expect(late).toMatchObject({ title: 'Call back', overdue: true, contactName: 'Ana' });
    await app.request(`/v1/admin/contacts/${contact.id}/tasks`, as(adminToken, 'POST', { title: 'Owner’s own' }));
    const mine = await (await app.request('/v1/admin/tasks', as(rep))).json();
    expect(mine.tasks.map((t: { title: string }) => t.title)).toEqual(['Call back', 'Send the quote']);
    await app.request(`/v1/admin/tasks/${late.id}`, as(rep, 'PATCH', { done: true }));
    expect(
      (await (await app.request('/v1/admin/tasks', as(rep))).json()).tasks.map((t: { title: string }) => t.title),
    ).toEqual(['Send the quote']);
    expect(
      (
        await app.request(
          `/v1/admin/contacts/${contact.id}/tasks`,
          as(await tokenFor('viewer'), 'POST', { title: 'x' }),
        )
      ).status,
    ).toBe(403);
  });
});

describe('products, purchases and customers', () => {
  it('records a purchase from the catalogue: contract end, last-touch session, and the contact becomes a customer', async () => {
    const { app, siteKey, adminToken, tokenFor, db } = await testApp();
    const rep = await tokenFor('rep');
    await app.request(
      '/v1/events',
      post({ site: siteKey, events: [pageview({ url: 'https://shop.example/?utm_source=news' })] }),
    );
    await app.request(
      '/v1/leads',
      post({
        site: siteKey,
        form: 'contact',
        id: crypto.randomUUID(),
        visitor: 'visitor-0001',
        fields: { name: 'Ana', email: 'ana@example.com' },
        elapsedMs: 5000,
      }),
    );
    const contactId = String((await db.execute('SELECT id FROM contacts')).rows[0]!.id);
    const lamp = await (
      await app.request(
        '/v1/admin/products',
        as(adminToken, 'POST', { name: 'Desk lamp', sku: 'LAMP-1', price: 4900, currency: 'USD', contractMonths: 12 }),
      )
    ).json();
    expect(
      (
        await app.request(
          '/v1/admin/products',
          as(adminToken, 'POST', { name: 'Dup', sku: 'LAMP-1', price: 1, currency: 'USD' }),
        )
      ).status,
    ).toBe(409);
    const me = await (await app.request('/v1/admin/me', as(rep))).json();
    const res = await app.request(
      `/v1/admin/contacts/${contactId}/purchases`,
      as(rep, 'POST', {
        productId: lamp.id,
        quantity: 2,
        salesRepId: me.user.id,
        instructions: 'Gift wrap',
        purchasedAt: '2026-11-01',
      }),
    );
    expect(res.status).toBe(201);
    const bought = await res.json();
    expect(bought).toMatchObject({
      productName: 'Desk lamp',
      unitPrice: 4900,
      quantity: 2,
      total: 9800,
      currency: 'USD',
      instructions: 'Gift wrap',
      contractEndAt: Date.parse('2027-11-01T00:00:00Z'),
    });
    expect((await db.execute('SELECT session FROM purchases')).rows[0]!.session).toBe('session-0001');
    const contact = await (await app.request(`/v1/admin/contacts/${contactId}`, as(rep))).json();
    expect(contact.stage).toBe('customer');
    expect(contact.stageHistory.at(-1)).toMatchObject({ from: 'lead', to: 'customer', reason: 'purchase' });
    const { items } = await (await app.request(`/v1/admin/contacts/${contactId}/timeline`, as(rep))).json();
    expect(items[0]).toMatchObject({ kind: 'stage_change' });
    expect(
      items.some(
        (i: { kind: string; data: { productName?: string } }) =>
          i.kind === 'purchase' && i.data.productName === 'Desk lamp',
      ),
    ).toBe(true);
  });

  it('takes server-to-server purchases by email, once per external id, and lists customers with contracts ending soon', async () => {
    const { app, tokenFor } = await testApp();
    const integration = await tokenFor('integration');
    const owner = await tokenFor('owner');
    const order = {
      email: 'Buyer@Example.com',
      name: 'Bilal',
      productName: 'Standing desk',
      unitPrice: 49900,
      currency: 'USD',
      externalId: 'order-1001',
      contractEndAt: Date.now() + 10 * 86_400_000,
    };
    const first = await app.request('/v1/admin/purchases', as(integration, 'POST', order));
    expect(first.status).toBe(201);
    const again = await app.request('/v1/admin/purchases', as(integration, 'POST', order));
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe((await first.json()).id);
    await app.request(
      '/v1/admin/purchases',
      as(integration, 'POST', {
        email: 'buyer@example.com',
        productName: 'Lamp (JP)',
        unitPrice: 6400,
        currency: 'JPY',
        externalId: 'order-1002',
      }),
    );
    await app.request(
      '/v1/admin/purchases',
      as(integration, 'POST', { email: 'other@example.com', productName: 'Cable', unitPrice: 900, currency: 'USD' }),
    );
    const { customers } = await (await app.request('/v1/admin/customers', as(owner))).json();
    expect(customers).toHaveLength(2);
    expect(customers[0]).toMatchObject({
      email: 'buyer@example.com',
      name: 'Bilal',
      purchases: 2,
      revenue: 49900,
      currency: 'USD',
      otherCurrencies: { JPY: 6400 },
    });
    const soon = await (await app.request('/v1/admin/customers?contractEndsWithin=30', as(owner))).json();
    expect(soon.customers.map((c: { email: string }) => c.email)).toEqual(['buyer@example.com']);
    expect((await app.request('/v1/admin/purchases', as(await tokenFor('rep'), 'POST', order))).status).toBe(403);
    expect(
      (
        await app.request(
          '/v1/admin/purchases',
          as(integration, 'POST', { email: 'x@example.com', productName: 'Free text' }),
        )
      ).status,
    ).toBe(400);
  });
});
