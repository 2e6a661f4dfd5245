import { describe, expect, it } from 'vitest';
import { createSite } from '../../server/db/sites.ts';
import { as, testApp } from './test-app.ts';

/** Editing that was missing from the admin (issue 22): activities, merge preview, archived products, settings pickers. */
async function setup() {
  const t = await testApp();
  const other = await createSite(t.writes, { name: 'Other shop', origins: [] });
  const viewer = await t.tokenFor('viewer');
  const rep = await t.tokenFor('rep');
  const req = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await t.app.request(path, as(token, method, body));
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  };
  const contact = async (email: string) =>
    (await req(t.adminToken, 'POST', '/v1/admin/contacts', { email })).body.id as string;
  return { ...t, otherToken: other.adminToken, viewer, rep, req, contact };
}

describe('activities: edit, date, duration, delete', () => {
  it('changes and deletes an activity; viewers and other sites cannot', async () => {
    const { req, contact, adminToken, rep, viewer, otherToken } = await setup();
    const id = await contact('ana@example.com');
    const logged = (await req(rep, 'POST', `/v1/admin/contacts/${id}/activities`, { kind: 'call', subject: 'Intro' }))
      .body;
    const at = '2026-03-04T10:30:00+04:00';
    const changed = await req(rep, 'PATCH', `/v1/admin/activities/${logged.id}`, {
      kind: 'meeting',
      occurredAt: at,
      durationMinutes: 45,
      subject: null,
    });
    expect(changed).toMatchObject({
      status: 200,
      body: { id: logged.id, kind: 'meeting', occurredAt: Date.parse(at), durationMinutes: 45, subject: null },
    });
    expect((await req(viewer, 'GET', `/v1/admin/contacts/${id}/activities`)).body.activities).toEqual([changed.body]);
    expect((await req(viewer, 'PATCH', `/v1/admin/activities/${logged.id}`, { durationMinutes: 1 })).status).toBe(403);
    expect((await req(viewer, 'DELETE', `/v1/admin/activities/${logged.id}`)).status).toBe(403);
    expect((await req(otherToken, 'PATCH', `/v1/admin/activities/${logged.id}`, { durationMinutes: 1 })).status).toBe(
      404,
    );
    expect((await req(otherToken, 'DELETE', `/v1/admin/activities/${logged.id}`)).status).toBe(404);
    expect(
      (await req(rep, 'PATCH', `/v1/admin/activities/${logged.id}`, { durationMinutes: 24 * 60 + 1 })).status,
    ).toBe(400);
    expect((await req(rep, 'PATCH', `/v1/admin/activities/${logged.id}`, { kind: 'lunch' })).status).toBe(400);
    expect((await req(adminToken, 'DELETE', `/v1/admin/activities/${logged.id}`)).status).toBe(204);
    expect((await req(adminToken, 'DELETE', `/v1/admin/activities/${logged.id}`)).status).toBe(404);
    expect((await req(adminToken, 'GET', `/v1/admin/contacts/${id}/activities`)).body.activities).toEqual([]);
  });
});

describe('merge preview', () => {
  it('counts what would move; refuses itself, viewers, and another site’s contacts', async () => {
    const { req, contact, adminToken, viewer, otherToken } = await setup();
    const into = await contact('ana@work.example');
    const from = await contact('ana@home.example');
    for (const kind of ['call', 'note'])
      await req(adminToken, 'POST', `/v1/admin/contacts/${from}/activities`, { kind });
    const preview = await req(adminToken, 'GET', `/v1/admin/contacts/${into}/merge-preview?from=${from}`);
    expect(preview.status).toBe(200);
    expect(preview.body.into).toEqual({ id: into, name: null, email: 'ana@work.example' });
    expect(preview.body.moves).toMatchObject({ activities: 2, purchases: 0, tickets: 0 });
    expect((await req(adminToken, 'GET', `/v1/admin/contacts/${into}/merge-preview?from=${into}`)).status).toBe(400);
    expect((await req(adminToken, 'GET', `/v1/admin/contacts/${into}/merge-preview`)).status).toBe(400);
    expect((await req(viewer, 'GET', `/v1/admin/contacts/${into}/merge-preview?from=${from}`)).status).toBe(403);
    expect((await req(otherToken, 'GET', `/v1/admin/contacts/${into}/merge-preview?from=${from}`)).status).toBe(404);
    const theirs = (await req(otherToken, 'POST', '/v1/admin/contacts', { email: 'bo@example.com' })).body.id;
    expect((await req(adminToken, 'GET', `/v1/admin/contacts/${into}/merge-preview?from=${theirs}`)).status).toBe(404);
  });
});

describe('products: edit and archive', () => {
  it('archives a product: kept on its purchases, refused for new ones', async () => {
    const { req, contact, adminToken, rep } = await setup();
    const id = await contact('ana@example.com');
    const product = (
      await req(adminToken, 'POST', '/v1/admin/products', { name: 'Lamp', price: 4900, currency: 'USD' })
    ).body;
    expect((await req(rep, 'POST', `/v1/admin/contacts/${id}/purchases`, { productId: product.id })).status).toBe(201);
    const edited = await req(adminToken, 'PATCH', `/v1/admin/products/${product.id}`, {
      name: 'Desk lamp',
      price: 5900,
      active: false,
    });
    expect(edited.body).toMatchObject({ name: 'Desk lamp', price: 5900, active: false });
    expect((await req(rep, 'PATCH', `/v1/admin/products/${product.id}`, { active: true })).status).toBe(403);
    const refused = await req(rep, 'POST', `/v1/admin/contacts/${id}/purchases`, { productId: product.id });
    expect(refused).toMatchObject({ status: 400, body: { error: { message: 'productId: the product is archived' } } });
    const { purchases } = (await req(adminToken, 'GET', `/v1/admin/contacts/${id}/purchases`)).body;
    expect(purchases).toMatchObject([{ productId: product.id, productName: 'Lamp', unitPrice: 4900 }]);
  });
});

describe('settings: time zone and currency are ones Intl knows', () => {
  it('accepts Intl’s values and refuses others', async () => {
    const { req, adminToken } = await setup();
    expect(
      (await req(adminToken, 'PATCH', '/v1/admin/settings', { timeZone: 'Asia/Karachi', currency: 'PKR' })).body,
    ).toMatchObject({ timeZone: 'Asia/Karachi', currency: 'PKR' });
    expect((await req(adminToken, 'PATCH', '/v1/admin/settings', { currency: 'XYZ' })).status).toBe(400);
    expect((await req(adminToken, 'PATCH', '/v1/admin/settings', { timeZone: 'Mars/Olympus' })).status).toBe(400);
  });
});

describe('deletes', () => {
  it('deletes affiliates, segments, help articles, forms, webhooks and canned replies; viewers and other sites cannot', async () => {
    const { req, adminToken, viewer, otherToken } = await setup();
    const made = {
      affiliates: (
        await req(adminToken, 'POST', '/v1/admin/affiliates', {
          name: 'blog',
          commissionType: 'percent',
          commissionValue: 100,
        })
      ).body.id,
      segments: (
        await req(adminToken, 'POST', '/v1/admin/segments', {
          name: 'Leads',
          definition: { rules: [{ field: 'stage', op: 'is', value: 'lead' }] },
        })
      ).body.id,
      kb: (await req(adminToken, 'POST', '/v1/admin/kb', { locale: 'en', title: 'Returns', body: 'Thirty days.' })).body
        .id,
      forms: 'contact',
      webhooks: (await req(adminToken, 'POST', '/v1/admin/webhooks', { url: 'https://hooks.example/x' })).body.id,
      'canned-replies': (
        await req(adminToken, 'POST', '/v1/admin/canned-replies', { locale: 'en', title: 'Hi', body: 'Hello' })
      ).body.id,
    };
    for (const [kind, id] of Object.entries(made)) {
      const path = `/v1/admin/${kind}/${id}`;
      expect(id, kind).toBeDefined();
      expect((await req(viewer, 'DELETE', path)).status, `${kind}: viewer`).toBe(403);
      // Forms are named per site: the other site deletes its own `contact` form, never ours.
      expect((await req(otherToken, 'DELETE', path)).status, `${kind}: other site`).toBe(kind === 'forms' ? 204 : 404);
      expect((await req(adminToken, 'DELETE', path)).status, kind).toBe(204);
      expect((await req(adminToken, 'DELETE', path)).status, `${kind}: gone`).toBe(404);
    }
  });
});
