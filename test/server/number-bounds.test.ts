import { describe, expect, it } from 'vitest';
import { reports } from '../../server/reports/reports.ts';
import { MONEY_MAX, PROP_NUMBER_MAX } from '../../server/schemas/numbers.ts';
import { as, eventId, pageview, post, testApp } from './test-app.ts';

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
/** Past 2^63 when two are added, past 2^53 alone: what a poisoned row holds. */
const HUGE = '9000000000000000000';

const visit = {
  visitor: 'visitor-0001',
  session: 'session-0001',
  url: 'https://shop.example/pricing?ref=blog&utm_source=news',
};

describe('number bounds on the wire', () => {
  it('public ingest drops an out-of-range value or prop number and keeps the event', async () => {
    const { app, db, siteKey } = await testApp();
    const events = [
      pageview({ ...visit, type: 'conversion', name: 'order', value: MONEY_MAX + 1, currency: 'USD' }),
      pageview({ ...visit, type: 'conversion', name: 'order', value: 1.5, currency: 'USD' }),
      pageview({ ...visit, type: 'click', name: 'buy', props: { price: 1e16, currency: 'USD', ok: PROP_NUMBER_MAX } }),
      pageview({ ...visit, type: 'vital', name: 'LCP', props: { value: -1e300, rating: 'good' } }),
      pageview({ ...visit, type: 'conversion', name: 'order', value: MONEY_MAX, currency: 'USD' }),
    ];
    // 1e400 is Infinity once parsed: only raw JSON text can send it.
    const body = JSON.stringify({ site: siteKey, events }).replace('-1e+300', '1e400');
    const res = await app.request('/v1/events', post(body));
    expect(res.status).toBe(202);
    expect((await res.json()).accepted).toBe(5);
    const { rows } = await db.execute({ sql: 'SELECT id, value, props FROM events', args: [] });
    const byId = new Map(rows.map((r) => [String(r.id), r]));
    expect(byId.get(events[0]!.id)!.value).toBeNull();
    expect(byId.get(events[1]!.id)!.value).toBeNull();
    expect(JSON.parse(String(byId.get(events[2]!.id)!.props))).toEqual({ currency: 'USD', ok: PROP_NUMBER_MAX });
    expect(JSON.parse(String(byId.get(events[3]!.id)!.props))).toEqual({ rating: 'good' });
    expect(byId.get(events[4]!.id)!.value).toBe(MONEY_MAX);
    // Not a number at all is still a wrong type: refused.
    const wrong = await app.request('/v1/events', post({ site: siteKey, events: [pageview({ value: 'lots' })] }));
    expect(wrong.status).toBe(400);
  });

  it('admin writes answer 400 for money or numbers out of range', async () => {
    const { app, adminToken } = await testApp();
    const make = async (path: string, body: unknown) => (await app.request(path, as(adminToken, 'POST', body))).json();
    const contact = await make('/v1/admin/contacts', { email: 'a@shop.test' });
    const product = await make('/v1/admin/products', { name: 'Lamp', price: 10 ** 12, currency: 'USD' });
    const conversion = { type: 'conversion', name: 'o', visitor: 'visitor-0001', currency: 'USD' };
    const lamp = { email: 'a@shop.test', productName: 'Lamp', currency: 'USD' };
    const refused: [string, string, unknown][] = [
      ['POST', '/v1/admin/events', { events: [{ ...conversion, value: MONEY_MAX + 1 }] }],
      ['POST', '/v1/admin/events', { events: [{ ...conversion, value: 1, props: { n: PROP_NUMBER_MAX * 2 } }] }],
      ['POST', '/v1/admin/products', { name: 'Big', price: MONEY_MAX + 1, currency: 'USD' }],
      ['POST', '/v1/admin/purchases', { ...lamp, unitPrice: MONEY_MAX + 1 }],
      ['POST', '/v1/admin/purchases', { ...lamp, unitPrice: 10 ** 9, quantity: 100_000 }],
      ['POST', `/v1/admin/contacts/${contact.id}/purchases`, { productId: product.id, quantity: 11 }],
      ['POST', '/v1/admin/spend', { source: 'news', fromDay: day(0), amount: MONEY_MAX + 1 }],
      ['PATCH', `/v1/admin/contacts/${contact.id}`, { fields: { budget: -PROP_NUMBER_MAX - 1 } }],
      ['POST', '/v1/admin/segments/preview', { match: 'all', rules: [{ field: 'revenue', op: 'gte', value: 1e18 }] }],
    ];
    for (const [method, path, body] of refused) {
      const res = await app.request(path, as(adminToken, method, body));
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      expect((await res.json()).error.code).toBe('validation_failed');
    }
    const ok = { productId: product.id, quantity: 10 };
    const bought = await app.request(`/v1/admin/contacts/${contact.id}/purchases`, as(adminToken, 'POST', ok));
    expect(bought.status).toBe(201);
  });
});

describe('reports on a poisoned database', () => {
  it('answers 200 for every report when stored numbers are far past 2^53 and their sums past 2^63', async () => {
    const { app, db, adminToken, siteKey } = await testApp();
    const blog = { name: 'blog', commissionType: 'percent', commissionValue: 1000 };
    await app.request('/v1/admin/affiliates', as(adminToken, 'POST', blog));
    await app.request('/v1/admin/goals', as(adminToken, 'PUT', { metric: 'leads', period: 'week', target: 10 }));
    const ts = Date.now() - 60_000;
    const events = [
      pageview({ ...visit, ts }),
      pageview({ ...visit, ts, type: 'click', name: 'buy', props: { price: 4900, currency: 'USD' } }),
      pageview({ ...visit, ts, type: 'vital', name: 'LCP', props: { value: 1200, rating: 'good' } }),
      pageview({ ...visit, ts, type: 'conversion', name: 'order', value: 4900, currency: 'USD' }),
      pageview({ ...visit, ts, type: 'conversion', name: 'order', value: 4900, currency: 'EUR' }),
      pageview({ ...visit, ts, type: 'outbound', name: 'partner.example', props: { affiliate: 'partner-x' } }),
    ];
    expect((await app.request('/v1/events', post({ site: siteKey, events }))).status).toBe(202);
    const fields = { name: 'Ana', email: 'ana@shop.test' };
    const lead = { site: siteKey, form: 'contact', id: eventId(), ...visit, fields, elapsedMs: 5000 };
    const leadRes = await app.request('/v1/leads', post(lead));
    expect(leadRes.status, await leadRes.clone().text()).toBe(201);
    for (const currency of ['USD', 'USD', 'EUR']) {
      const purchase = { ...fields, productName: 'Lamp', unitPrice: 100, currency, purchasedAt: Date.now() - DAY };
      expect((await app.request('/v1/admin/purchases', as(adminToken, 'POST', purchase))).status).toBe(201);
    }
    for (const [source, currency] of [
      ['news', 'USD'],
      ['blog', 'USD'],
      ['news', 'EUR'],
    ]) {
      const spend = { source, fromDay: day(-1), amount: 100, currency };
      expect((await app.request('/v1/admin/spend', as(adminToken, 'POST', spend))).status).toBe(201);
    }
    const feedback = { site: siteKey, visitor: visit.visitor, rating: 5 };
    expect((await app.request('/v1/feedback', post(feedback))).status).toBe(201);
    // What an older build, or a hand-made import, may have left behind.
    await db.batch(
      [
        `UPDATE events SET value = ${HUGE} WHERE value IS NOT NULL`,
        `UPDATE events SET props = json_set(props, '$.price', ${HUGE}) WHERE json_extract(props, '$.price') IS NOT NULL`,
        `UPDATE events SET props = json_set(props, '$.value', ${HUGE}) WHERE type = 'vital'`,
        `UPDATE purchases SET unit_price = ${HUGE}`,
        `UPDATE spend SET amount = ${HUGE}`,
        `UPDATE affiliates SET commission_value = ${HUGE}`,
        `UPDATE rollups SET value = ${HUGE}`,
      ],
      'write',
    );

    const from = day(-3);
    const to = day(1);
    const steps = `steps=${encodeURIComponent('url:/pricing|event:order|stage:customer')}`;
    const queries = [
      ...Object.keys(reports).map((name) => `${name}?from=${from}&to=${to}&${steps}`),
      ...Object.keys(reports).map((name) => `${name}?from=${from}&to=${to}&${steps}&format=csv`),
      `overview?from=${from}&to=${to}&interval=day`,
      `campaigns?from=${from}&to=${to}&source=news`,
      `customers?from=${from}&to=${to}&by=source`,
      `demographics?from=${from}&to=${to}&by=device`,
      `overview?from=${new Date(Date.now() - 3 * DAY + 7 * 60_000).toISOString()}&to=${new Date().toISOString()}`,
    ];
    const failed: string[] = [];
    for (const q of queries) {
      const res = await app.request(`/v1/admin/reports/${q}`, as(adminToken));
      if (res.status !== 200) failed.push(`${res.status} ${q}`);
    }
    expect(failed).toEqual([]);
  });
});
