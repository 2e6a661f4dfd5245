import { describe, expect, it } from 'vitest';
import { as, pageview, post, testApp } from './test-app.ts';

const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1';
const DESKTOP = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

/**
 * Three browsers: A on a phone in Arabic, B and C on desktops in English.
 * A and B submit the contact form (company "Acme" and "Zed"); A's contact buys.
 */
async function seed() {
  const t = await testApp();
  const visit = async (id: string, ua: string, lang: string) =>
    expect(
      (
        await t.app.request(
          '/v1/events',
          post(
            { site: t.siteKey, events: [pageview({ visitor: `visitor-${id}`, session: `session-${id}` })] },
            { 'user-agent': ua, 'accept-language': lang },
          ),
        )
      ).status,
    ).toBe(202);
  await visit('aaaa', PHONE, 'ar-AE,ar;q=0.9');
  await visit('bbbb', DESKTOP, 'en-GB,en;q=0.8');
  await visit('cccc', DESKTOP, 'en-US');
  const lead = async (id: string, email: string, company: string) =>
    expect(
      (
        await t.app.request(
          '/v1/leads',
          post({
            site: t.siteKey,
            form: 'contact',
            id: pageview().id,
            visitor: `visitor-${id}`,
            session: `session-${id}`,
            fields: { name: id, email, company },
            elapsedMs: 5000,
          }),
        )
      ).status,
    ).toBeLessThan(300);
  await lead('aaaa', 'a@shop.test', 'Acme');
  await lead('bbbb', 'b@shop.test', 'Zed');
  const { contacts } = await (await t.app.request('/v1/admin/contacts?q=a%40shop.test', as(t.adminToken))).json();
  expect(
    (
      await t.app.request(
        `/v1/admin/contacts/${contacts[0].id}/purchases`,
        as(t.adminToken, 'POST', { productName: 'Desk', unitPrice: 100, currency: 'USD' }),
      )
    ).status,
  ).toBe(201);
  const report = async (query: string) => {
    const res = await t.app.request(`/v1/admin/reports/demographics?${query}`, as(t.adminToken));
    expect(res.status).toBe(200);
    return res.json();
  };
  return { report, t };
}

describe('demographics report', () => {
  it('compares visitors, leads and customers by device and language', async () => {
    const { report } = await seed();
    expect((await report('by=device')).rows).toEqual([
      { key: { device: 'desktop' }, visitors: 2, leads: 1, customers: 0 },
      { key: { device: 'mobile' }, visitors: 1, leads: 1, customers: 1 },
    ]);
    const langs = (await report('by=language')).rows;
    expect(langs.find((r: { key: { language: string } }) => r.key.language?.startsWith('ar'))).toMatchObject({
      visitors: 1,
      leads: 1,
      customers: 1,
    });
  });

  it('breaks leads and customers down by a form field answer', async () => {
    const { report } = await seed();
    const body = await report('field=company');
    expect(body.rows).toEqual(
      expect.arrayContaining([
        { key: { field: 'company', value: 'Acme' }, leads: 1, contacts: 1, customers: 1 },
        { key: { field: 'company', value: 'Zed' }, leads: 1, contacts: 1, customers: 0 },
      ]),
    );
    expect(body.totals).toEqual({ leads: 2, customers: 1 });
  });

  it('narrows visitors, leads and customers to a saved segment’s contacts and their browsers', async () => {
    const { report, t } = await seed();
    const seg = await (
      await t.app.request(
        '/v1/admin/segments',
        as(t.adminToken, 'POST', {
          name: 'Zed',
          definition: { match: 'all', rules: [{ field: 'email', op: 'is', value: 'b@shop.test' }] },
        }),
      )
    ).json();
    expect((await report(`by=device&segment=${seg.id}`)).rows).toEqual([
      { key: { device: 'desktop' }, visitors: 1, leads: 1, customers: 0 },
    ]);
    const byField = await report(`field=company&segment=${seg.id}`);
    expect(byField.rows).toEqual([{ key: { field: 'company', value: 'Zed' }, leads: 1, contacts: 1, customers: 0 }]);
  });
});
