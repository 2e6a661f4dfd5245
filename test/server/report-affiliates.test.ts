import { describe, expect, it } from 'vitest';
import { as, pageview, post, testApp } from './test-app.ts';

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

/**
 * Affiliates and their rules: `blog` 10 % (1000 basis points) of purchase revenue,
 * `coupons` 5.00 USD per new customer, `eu-partner` 3.00 EUR per new customer.
 * Each contact arrives once through `?ref=…` and leaves a lead; purchases in the last 10 days:
 * - ana (blog): 10000 + 2500 USD and 700 EUR → revenue 12500, commission 1250 (+ 70 EUR apart), net 11250
 * - bo (coupons): bought 40 days ago (not new), 4000 USD now; cy (coupons): new, 6000 USD
 *   → customers 2, newCustomers 1, revenue 10000, commission 500, net 9500
 * - di (eu-partner): new, 2000 USD → commission 300 EUR (apart), 0 USD, net 2000
 */
async function dataset() {
  const t = await testApp();
  for (const a of [
    { name: 'blog', commissionType: 'percent', commissionValue: 1000 },
    { name: 'coupons', commissionType: 'fixed', commissionValue: 500 },
    { name: 'eu-partner', commissionType: 'fixed', commissionValue: 300, currency: 'EUR' },
  ])
    expect((await t.app.request('/v1/admin/affiliates', as(t.adminToken, 'POST', a))).status).toBe(201);
  const people = [
    ['ana', 'blog'],
    ['bo', 'coupons'],
    ['cy', 'coupons'],
    ['di', 'eu-partner'],
  ] as const;
  const visit = (name: string, ref: string) => ({
    visitor: `visitor-${name}`,
    session: `session-${name}`,
    url: `https://shop.example/?ref=${ref}`,
    ts: Date.now() - 1000,
  });
  expect(
    (
      await t.app.request(
        '/v1/events',
        post({ site: t.siteKey, events: people.map(([n, ref]) => pageview(visit(n, ref))) }),
      )
    ).status,
  ).toBe(202);
  for (const [n, ref] of people) {
    const v = visit(n, ref);
    expect(
      (
        await t.app.request(
          '/v1/leads',
          post({
            site: t.siteKey,
            form: 'contact',
            id: pageview().id,
            visitor: v.visitor,
            session: v.session,
            fields: { name: n, email: `${n}@shop.test` },
            elapsedMs: 5000,
          }),
        )
      ).status,
    ).toBe(201);
  }
  const buy = async (n: string, unitPrice: number, currency = 'USD', purchasedAt = Date.now() - DAY) =>
    expect(
      (
        await t.app.request(
          '/v1/admin/purchases',
          as(t.adminToken, 'POST', { email: `${n}@shop.test`, productName: 'Lamp', unitPrice, currency, purchasedAt }),
        )
      ).status,
    ).toBe(201);
  await buy('ana', 10000);
  await buy('ana', 2500);
  await buy('ana', 700, 'EUR');
  await buy('bo', 1000, 'USD', Date.now() - 40 * DAY);
  await buy('bo', 4000);
  await buy('cy', 6000);
  await buy('di', 2000);
  return {
    ...t,
    report: (extra = '') =>
      t.app.request(`/v1/admin/reports/affiliates?from=${day(-9)}&to=${day(1)}${extra}`, as(t.adminToken)),
  };
}

describe('affiliate economics', () => {
  it('computes each affiliate’s commission by its rule, and net = revenue − commission', async () => {
    const { report } = await dataset();
    const body = await (await report()).json();
    expect(body.rows).toEqual([
      {
        key: { affiliate: 'coupons' },
        visits: 2,
        visitors: 2,
        leads: 2,
        customers: 2,
        newCustomers: 1,
        revenue: 10000,
        commission: 500,
        net: 9500,
      },
      {
        key: { affiliate: 'blog' },
        visits: 1,
        visitors: 1,
        leads: 1,
        customers: 1,
        newCustomers: 1,
        revenue: 12500,
        commission: 1250,
        net: 11250,
      },
      {
        key: { affiliate: 'eu-partner' },
        visits: 1,
        visitors: 1,
        leads: 1,
        customers: 1,
        newCustomers: 1,
        revenue: 2000,
        commission: 0,
        net: 2000,
      },
    ]);
    expect(body.totals).toEqual({
      visits: 4,
      visitors: 4,
      leads: 4,
      customers: 4,
      newCustomers: 3,
      revenue: 24500,
      commission: 1750,
      net: 22750,
    });
    expect(body.otherCurrencies).toEqual({ EUR: 700 });
    expect(body.otherCommission).toEqual({ EUR: 370 });
  });

  it('pays for customers who buy in a window their affiliate sent no visits in', async () => {
    const { app, adminToken } = await dataset();
    // Yesterday: the purchases, but the visits and leads were today.
    const body = await (
      await app.request(`/v1/admin/reports/affiliates?from=${day(-1)}&to=${day(0)}`, as(adminToken))
    ).json();
    expect(
      body.rows.map((r: Record<string, unknown>) => [r.key, r.visits, r.leads, r.customers, r.commission, r.net]),
    ).toEqual([
      [{ affiliate: 'coupons' }, 0, 0, 2, 500, 9500],
      [{ affiliate: 'blog' }, 0, 0, 1, 1250, 11250],
      [{ affiliate: 'eu-partner' }, 0, 0, 1, 0, 2000],
    ]);
  });

  it('exports the payable commission as CSV for paying partners', async () => {
    const { report } = await dataset();
    const lines = (await (await report('&format=csv')).text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toEqual([
      'affiliate,visits,visitors,leads,customers,newCustomers,revenue,commission,net,currency',
      'coupons,2,2,2,2,1,100.00,5.00,95.00,USD',
      'blog,1,1,1,1,1,125.00,12.50,112.50,USD',
      'eu-partner,1,1,1,1,1,20.00,0.00,20.00,USD',
    ]);
  });
});
