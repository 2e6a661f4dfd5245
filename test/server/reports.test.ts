import { describe, expect, it } from 'vitest';
import { resolveRange, zonedMidnight } from '../../server/reports/range.ts';
import { as, pageview, post, testApp } from './test-app.ts';

/**
 * Hand-checkable traffic:
 * - visitor A (news / email / spring): sees `hero-ad` twice, clicks it once, clicks a $49 price, converts for 4900 USD.
 * - visitor B (news / email / spring): sees `hero-ad`, clicks the $99 price, leaves for partner.example as affiliate `partner-x`.
 * - visitor C (via deals-blog affiliate): one pageview, submits a lead, clicks outbound to other.example, converts for 1000 EUR.
 */
async function traffic() {
  const t = await testApp();
  await t.app.request(
    '/v1/admin/affiliates',
    as(t.adminToken, 'POST', {
      name: 'deals-blog',
      domains: ['deals.example'],
      commissionType: 'percent',
      commissionValue: 1000,
    }),
  );
  const spring = 'https://shop.example/?utm_source=news&utm_medium=email&utm_campaign=spring';
  const a = { visitor: 'visitor-aaaa', session: 'session-aaaa', url: spring };
  const b = { visitor: 'visitor-bbbb', session: 'session-bbbb', url: spring };
  const c = {
    visitor: 'visitor-cccc',
    session: 'session-cccc',
    url: 'https://shop.example/',
    ref: 'https://deals.example/top',
  };
  const events = [
    pageview(a),
    pageview(b),
    pageview(c),
    pageview({ ...a, type: 'impression', name: 'hero-ad' }),
    pageview({ ...a, type: 'impression', name: 'hero-ad' }),
    pageview({ ...a, type: 'click', name: 'hero-ad' }),
    pageview({ ...a, type: 'click', name: 'plan-basic', props: { price: 4900, currency: 'USD' } }),
    pageview({ ...a, type: 'conversion', name: 'purchase', value: 4900, currency: 'USD' }),
    pageview({ ...b, type: 'impression', name: 'hero-ad' }),
    pageview({ ...b, type: 'click', name: 'plan-pro', props: { price: 9900, currency: 'USD' } }),
    pageview({
      ...b,
      type: 'outbound',
      name: 'partner.example',
      props: { affiliate: 'partner-x', href: 'https://partner.example/p' },
    }),
    pageview({ ...c, type: 'outbound', name: 'other.example', props: { href: 'https://other.example/' } }),
    pageview({ ...c, type: 'conversion', name: 'purchase', value: 1000, currency: 'EUR' }),
  ];
  expect((await t.app.request('/v1/events', post({ site: t.siteKey, events }))).status).toBe(202);
  const lead = await t.app.request(
    '/v1/leads',
    post({
      site: t.siteKey,
      form: 'contact',
      id: pageview().id,
      visitor: c.visitor,
      session: c.session,
      fields: { name: 'Cy', email: 'cy@example.test' },
      elapsedMs: 5000,
    }),
  );
  expect(lead.status).toBeLessThan(300);
  const report = async (name: string, query = '', token = t.adminToken) =>
    t.app.request(`/v1/admin/reports/${name}${query}`, as(token));
  return { ...t, report };
}

describe('marketing reports', () => {
  it('counts impressions, clicks and click-through per tracked element', async () => {
    const { report } = await traffic();
    const res = await report('elements');
    expect(res.status).toBe(200);
    const body = await res.json();
    const hero = body.rows.find((r: { key: { element: string } }) => r.key.element === 'hero-ad');
    expect(hero).toEqual({ key: { element: 'hero-ad' }, impressions: 3, clicks: 1, ctr: 1 / 3 });
    expect(body.totals.impressions).toBe(3);
    expect(body.currency).toBe('USD');
  });

  it('ranks campaigns by conversions with revenue in the reporting currency and others apart', async () => {
    const { report } = await traffic();
    const body = await (await report('campaigns')).json();
    expect(body.rows[0]).toMatchObject({
      key: { source: 'news', medium: 'email', campaign: 'spring' },
      visits: 2,
      visitors: 2,
      leads: 0,
      conversions: 1,
      revenue: 4900,
      conversionRate: 0.5,
    });
    expect(body.rows[1]).toMatchObject({
      key: { source: 'deals-blog' },
      visits: 1,
      leads: 1,
      conversions: 1,
      revenue: 0,
    });
    expect(body.totals).toMatchObject({ visits: 3, leads: 1, conversions: 2, revenue: 4900 });
    expect(body.otherCurrencies).toEqual({ EUR: 1000 });
    const filtered = await (await report('campaigns', '?campaign=spring')).json();
    expect(filtered.totals.visits).toBe(2);
  });

  it('attributes outbound clicks to partners or domains, and price points to clicks and conversions', async () => {
    const { report } = await traffic();
    const out = await (await report('outbound')).json();
    expect(out.rows).toEqual(
      expect.arrayContaining([
        { key: { affiliate: 'partner-x' }, clicks: 1 },
        { key: { domain: 'other.example' }, clicks: 1 },
      ]),
    );
    const prices = await (await report('prices')).json();
    expect(prices.rows).toEqual(
      expect.arrayContaining([
        { key: { price: 4900, currency: 'USD' }, clicks: 1, conversions: 1 },
        { key: { price: 9900, currency: 'USD' }, clicks: 1, conversions: 0 },
      ]),
    );
  });

  it('shows which affiliate sites send visits and leads', async () => {
    const { report } = await traffic();
    const body = await (await report('affiliates')).json();
    expect(body.rows).toEqual([
      {
        key: { affiliate: 'deals-blog' },
        visits: 1,
        visitors: 1,
        leads: 1,
        customers: 0,
        newCustomers: 0,
        revenue: 0,
        commission: 0,
        net: 0,
      },
    ]);
  });

  it('windows by date in the report time zone and rejects bad queries with 400', async () => {
    const { report, tokenFor } = await traffic();
    const past = await (await report('campaigns', '?from=2020-01-01&to=2020-02-01&tz=Asia/Karachi')).json();
    expect(past).toMatchObject({
      from: '2019-12-31T19:00:00.000Z',
      to: '2020-01-31T19:00:00.000Z',
      tz: 'Asia/Karachi',
      rows: [],
    });
    expect((await report('campaigns', '?tz=Mars/Olympus')).status).toBe(400);
    expect((await report('campaigns', '?from=yesterday')).status).toBe(400);
    expect((await report('nope')).status).toBe(400);
    expect((await report('demographics', '?by=zip')).status).toBe(400);
    expect((await report('demographics', "?field=x')--")).status).toBe(400);
    expect((await report('campaigns', '', await tokenFor('viewer'))).status).toBe(200);
    expect((await report('campaigns', '', 'not-a-token')).status).toBe(401);
  });
});

describe('report ranges', () => {
  it('puts midnight at the right instant across a DST change', () => {
    expect(new Date(zonedMidnight('2026-03-08', 'America/New_York')).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(new Date(zonedMidnight('2026-03-09', 'America/New_York')).toISOString()).toBe('2026-03-09T04:00:00.000Z');
    const now = Date.UTC(2026, 10, 23, 22, 0); // 23 Nov 22:00 UTC = 24 Nov 03:00 in Karachi
    const r = resolveRange({}, 'Asia/Karachi', now);
    expect(new Date(r.to).toISOString()).toBe('2026-11-24T19:00:00.000Z');
    expect(new Date(r.from).toISOString()).toBe('2026-10-25T19:00:00.000Z');
  });
});
