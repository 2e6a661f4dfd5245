import { describe, expect, it } from 'vitest';
import { as, testApp } from './test-app.ts';

/**
 * Purchases (USD unless noted):
 * - Ana: 2026-08-20 100 (before the window), 2026-09-10 200
 * - Bo:  2026-09-30T20:00Z 300 (1 Oct 01:00 in Karachi), 2026-10-05 50, 2026-11-01 70 EUR
 * - Cy:  2026-10-20 1000
 * - Di:  2026-11-20 10 (after the window)
 * Window: 2026-09-01 – 2026-11-15 in Asia/Karachi (UTC+5).
 */
async function seed() {
  const t = await testApp();
  const buy = async (name: string, unitPrice: number, purchasedAt: string, currency = 'USD') => {
    const { contacts } = await (await t.app.request(`/v1/admin/contacts?q=${name}%40shop.test`, as(t.adminToken))).json();
    const id = contacts[0]?.id ?? (await (await t.app.request('/v1/admin/contacts', as(t.adminToken, 'POST', { name, email: `${name}@shop.test` }))).json()).id;
    expect((await t.app.request(`/v1/admin/contacts/${id}/purchases`, as(t.adminToken, 'POST', { productName: 'Lamp', unitPrice, currency, purchasedAt }))).status).toBe(201);
  };
  await buy('ana', 100, '2026-08-20T10:00:00Z');
  await buy('ana', 200, '2026-09-10T10:00:00Z');
  await buy('bo', 300, '2026-09-30T20:00:00Z');
  await buy('bo', 50, '2026-10-05T10:00:00Z');
  await buy('bo', 70, '2026-11-01T10:00:00Z', 'EUR');
  await buy('cy', 1000, '2026-10-20T10:00:00Z');
  await buy('di', 10, '2026-11-20T10:00:00Z');
  const customers = async (tz: string, extra = '') => (await t.app.request(`/v1/admin/reports/customers?from=2026-09-01&to=2026-11-15&tz=${tz}${extra}`, as(t.adminToken))).json();
  return Object.assign(customers, { t });
}

describe('customers report', () => {
  it('gives repeat rate, revenue per customer and monthly cohorts in the report time zone', async () => {
    const customers = await seed();
    const karachi = await customers('Asia/Karachi');
    expect(karachi.totals).toEqual({ customers: 3, repeatCustomers: 1, repeatRate: 1 / 3, revenue: 1550, revenuePerCustomer: 1550 / 3 });
    expect(karachi.otherCurrencies).toEqual({ EUR: 70 });
    expect(karachi.rows).toEqual([{ key: { cohort: '2026-10' }, customers: 2, repeat: 1, lifetimeRevenue: 1350, repeatRate: 0.5 }]);
    const utc = await customers('UTC');
    expect(utc.rows).toEqual([
      { key: { cohort: '2026-09' }, customers: 1, repeat: 1, lifetimeRevenue: 350, repeatRate: 1 },
      { key: { cohort: '2026-10' }, customers: 1, repeat: 0, lifetimeRevenue: 1000, repeatRate: 0 },
    ]);
  });

  it('counts only the contacts of a saved segment, and refuses an unknown one', async () => {
    const customers = await seed();
    const { t } = customers;
    // Bo and Cy, by their email addresses.
    const seg = await (await t.app.request('/v1/admin/segments', as(t.adminToken, 'POST', { name: 'Bo or Cy', definition: { match: 'any', rules: [{ field: 'email', op: 'contains', value: 'bo@' }, { field: 'email', op: 'contains', value: 'cy@' }] } }))).json();
    const karachi = await customers('Asia/Karachi', `&segment=${seg.id}`);
    expect(karachi.totals).toEqual({ customers: 2, repeatCustomers: 1, repeatRate: 1 / 2, revenue: 1350, revenuePerCustomer: 1350 / 2 });
    expect(karachi.otherCurrencies).toEqual({ EUR: 70 });
    expect(karachi.rows).toEqual([{ key: { cohort: '2026-10' }, customers: 2, repeat: 1, lifetimeRevenue: 1350, repeatRate: 0.5 }]);
    const utc = await customers('UTC', `&segment=${seg.id}`);
    expect(utc.rows).toEqual([
      { key: { cohort: '2026-09' }, customers: 1, repeat: 1, lifetimeRevenue: 350, repeatRate: 1 },
      { key: { cohort: '2026-10' }, customers: 1, repeat: 0, lifetimeRevenue: 1000, repeatRate: 0 },
    ]);
    const unknown = await t.app.request(`/v1/admin/reports/customers?segment=${crypto.randomUUID()}`, as(t.adminToken));
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.code).toBe('validation_failed');
  });
});
