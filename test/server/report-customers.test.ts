import { describe, expect, it } from 'vitest';
import { median, retention } from '../../server/reports/loyalty.ts';
import { as, eventId, post, testApp } from './test-app.ts';

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
    const { contacts } = await (
      await t.app.request(`/v1/admin/contacts?q=${name}%40shop.test`, as(t.adminToken))
    ).json();
    const id =
      contacts[0]?.id ??
      (
        await (
          await t.app.request('/v1/admin/contacts', as(t.adminToken, 'POST', { name, email: `${name}@shop.test` }))
        ).json()
      ).id;
    expect(
      (
        await t.app.request(
          `/v1/admin/contacts/${id}/purchases`,
          as(t.adminToken, 'POST', { productName: 'Lamp', unitPrice, currency, purchasedAt }),
        )
      ).status,
    ).toBe(201);
  };
  await buy('ana', 100, '2026-08-20T10:00:00Z');
  await buy('ana', 200, '2026-09-10T10:00:00Z');
  await buy('bo', 300, '2026-09-30T20:00:00Z');
  await buy('bo', 50, '2026-10-05T10:00:00Z');
  await buy('bo', 70, '2026-11-01T10:00:00Z', 'EUR');
  await buy('cy', 1000, '2026-10-20T10:00:00Z');
  await buy('di', 10, '2026-11-20T10:00:00Z');
  const customers = async (tz: string, extra = '') =>
    (
      await t.app.request(
        `/v1/admin/reports/customers?from=2026-09-01&to=2026-11-15&tz=${tz}${extra}`,
        as(t.adminToken),
      )
    ).json();
  return Object.assign(customers, { t });
}

describe('customers report', () => {
  it('gives repeat rate, revenue per customer and monthly cohorts in the report time zone', async () => {
    const customers = await seed();
    const karachi = await customers('Asia/Karachi');
    expect(karachi.totals).toEqual({
      customers: 3,
      repeatCustomers: 1,
      repeatRate: 1 / 3,
      revenue: 1550,
      revenuePerCustomer: 1550 / 3,
    });
    expect(karachi.otherCurrencies).toEqual({ EUR: 70 });
    expect(karachi.rows).toEqual([
      { key: { cohort: '2026-10' }, customers: 2, repeat: 1, lifetimeRevenue: 1350, repeatRate: 0.5 },
    ]);
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
    const seg = await (
      await t.app.request(
        '/v1/admin/segments',
        as(t.adminToken, 'POST', {
          name: 'Bo or Cy',
          definition: {
            match: 'any',
            rules: [
              { field: 'email', op: 'contains', value: 'bo@' },
              { field: 'email', op: 'contains', value: 'cy@' },
            ],
          },
        }),
      )
    ).json();
    const karachi = await customers('Asia/Karachi', `&segment=${seg.id}`);
    expect(karachi.totals).toEqual({
      customers: 2,
      repeatCustomers: 1,
      repeatRate: 1 / 2,
      revenue: 1350,
      revenuePerCustomer: 1350 / 2,
    });
    expect(karachi.otherCurrencies).toEqual({ EUR: 70 });
    expect(karachi.rows).toEqual([
      { key: { cohort: '2026-10' }, customers: 2, repeat: 1, lifetimeRevenue: 1350, repeatRate: 0.5 },
    ]);
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

/**
 * Loyalty, first purchases January–March 2026 (UTC), all USD:
 * - ann (first touch google): 01-05 100, 02-04 200 (30 days), 04-05 300 (60 days); NPS 10 "Fast delivery", chose price
 * - ben (google): 01-20 50, 01-30 50 (10 days); NPS 6 without a comment
 * - cat (news): 02-10 1000, 03-12 500 (30 days), 08-20 250 (161 days); NPS 9 "Great lamps", chose quality "Bright"
 * - dan (entered by hand, no source): 02-15 80; CSAT 4 "Helpful support"
 * (Feedback and a ticket rating with comments too: the reasons come from the survey answers only.)
 * - eve: 2025-12-01 first, so in no cohort of the window; 01-10 40
 * Window 2026-01-01 – 2026-04-01 UTC. Cohort customers: ann, ben, cat, dan.
 * repeatRate 3/4; lifetime revenue 600 + 100 + 1750 + 80 = 2530; gaps 10, 30, 30, 60, 161 → median 30 days.
 * Retention: 2026-01 (ann, ben): +1 Feb ann ½, +3 Apr ann ½; 2026-02 (cat, dan): +1 Mar cat ½, +6 Aug cat ½.
 */
async function loyaltySeed() {
  const t = await testApp();
  const url = (source: string) => `https://shop.example/?utm_source=${source}&utm_medium=cpc`;
  const people = [
    ['ann', 'google'],
    ['ben', 'google'],
    ['cat', 'news'],
  ] as const;
  const v = (n: string, source: string) => ({
    id: eventId(),
    type: 'pageview',
    ts: Date.now() - 1000,
    visitor: `visitor-${n}`,
    session: `session-${n}`,
    url: url(source),
  });
  expect(
    (await t.app.request('/v1/events', post({ site: t.siteKey, events: people.map(([n, s]) => v(n, s)) }))).status,
  ).toBe(202);
  for (const [n, s] of people) {
    const x = v(n, s);
    expect(
      (
        await t.app.request(
          '/v1/leads',
          post({
            site: t.siteKey,
            form: 'contact',
            id: eventId(),
            visitor: x.visitor,
            session: x.session,
            fields: { name: n, email: `${n}@shop.test` },
            elapsedMs: 5000,
          }),
        )
      ).status,
    ).toBe(201);
  }
  const buy = async (n: string, unitPrice: number, day: string) =>
    expect(
      (
        await t.app.request(
          '/v1/admin/purchases',
          as(t.adminToken, 'POST', {
            email: `${n}@shop.test`,
            productName: 'Lamp',
            unitPrice,
            currency: 'USD',
            purchasedAt: `${day}T10:00:00Z`,
          }),
        )
      ).status,
    ).toBe(201);
  for (const [n, price, day] of [
    ['ann', 100, '2026-01-05'],
    ['ann', 200, '2026-02-04'],
    ['ann', 300, '2026-04-05'],
    ['ben', 50, '2026-01-20'],
    ['ben', 50, '2026-01-30'],
    ['cat', 1000, '2026-02-10'],
    ['cat', 500, '2026-03-12'],
    ['cat', 250, '2026-08-20'],
    ['dan', 80, '2026-02-15'],
    ['eve', 10, '2025-12-01'],
    ['eve', 40, '2026-01-10'],
  ] as const)
    await buy(n, price, day);
  for (const f of [
    { visitor: 'visitor-ann', rating: 5, comment: 'Fast delivery' },
    { visitor: 'visitor-ben', rating: 3 },
    { visitor: 'visitor-cat', nps: 9, comment: 'Great lamps' },
  ])
    expect((await t.app.request('/v1/feedback', post({ site: t.siteKey, ...f }))).status).toBe(201);
  const ticket = await (
    await t.app.request(
      '/v1/tickets',
      post({ site: t.siteKey, email: 'dan@shop.test', name: 'Dan', subject: 'Bulb', body: 'Which bulb fits?' }),
    )
  ).json();
  const {
    rows: [solved],
  } = await t.db.execute({ sql: 'SELECT id FROM tickets WHERE tracking_number = ?', args: [ticket.trackingNumber] });
  expect(
    (await t.app.request(`/v1/admin/tickets/${solved!.id}`, as(t.adminToken, 'PATCH', { status: 'solved' }))).status,
  ).toBe(200);
  expect(
    (
      await t.app.request(
        `/v1/tickets/${ticket.trackingNumber}/rating`,
        post({ site: t.siteKey, rating: 4, comment: 'Helpful support' }, { 'x-ticket-token': ticket.token }),
      )
    ).status,
  ).toBe(201);
  const survey = async (body: Record<string, unknown>) =>
    (await (await t.app.request('/v1/admin/surveys', as(t.adminToken, 'POST', body))).json()).id as string;
  const nps = await survey({ name: 'NPS', kind: 'nps', question: { en: 'Recommend us?' } });
  const csat = await survey({ name: 'Support', kind: 'csat', question: { en: 'Happy?' } });
  const why = await survey({
    name: 'Why',
    kind: 'choice',
    question: { en: 'Why us?' },
    choices: [
      { id: 'price', label: { en: 'Price' } },
      { id: 'quality', label: { en: 'Quality' } },
    ],
  });
  // Dan (no tracked visit, so no first touch) answers from a browser linked to him afterwards: the answer joins him.
  const linkDan = {
    sql: `INSERT INTO contact_visitors (site_id, visitor, contact_id, linked_at)
          SELECT site_id, 'visitor-dan', id, 0 FROM contacts WHERE email = 'dan@shop.test'`,
    args: [],
  };
  let at = 0;
  for (const [survey, n, answer] of [
    [nps, 'ann', { score: 10, comment: 'Fast delivery' }],
    [why, 'ann', { choice: ['price'] }],
    [nps, 'ben', { score: 6 }],
    [nps, 'cat', { score: 9, comment: 'Great lamps' }],
    [why, 'cat', { choice: ['quality'], comment: 'Bright' }],
    [csat, 'dan', { score: 4, comment: 'Helpful support' }],
  ] as const) {
    const body = { site: t.siteKey, id: crypto.randomUUID(), visitor: `visitor-${n}`, ...answer };
    expect((await t.app.request(`/v1/surveys/${survey}/answers`, post(body))).status).toBe(201);
    if (n === 'dan') await t.writes.run([linkDan]);
    // Answers one second apart, in this order.
    await t.writes.run([
      { sql: 'UPDATE survey_answers SET created_at = ? WHERE id = ?', args: [++at * 1000, body.id] },
    ]);
  }
  return async (extra = '') =>
    (
      await t.app.request(`/v1/admin/reports/customers?from=2026-01-01&to=2026-04-01&tz=UTC${extra}`, as(t.adminToken))
    ).json();
}

describe('customer loyalty', () => {
  it('gives repeat rate, median days between purchases, lifetime revenue, cohort retention and the customers’ own words', async () => {
    const report = await loyaltySeed();
    const body = await report();
    expect(body.totals).toEqual({
      customers: 5,
      repeatCustomers: 3,
      repeatRate: 3 / 5,
      revenue: 2020,
      revenuePerCustomer: 2020 / 5,
    });
    expect(body.rows).toEqual([
      { key: { cohort: '2026-01' }, customers: 2, repeat: 2, lifetimeRevenue: 700, repeatRate: 1 },
      { key: { cohort: '2026-02' }, customers: 2, repeat: 1, lifetimeRevenue: 1830, repeatRate: 0.5 },
    ]);
    expect(body.loyalty).toEqual({
      customers: 4,
      repeatCustomers: 3,
      repeatRate: 0.75,
      lifetimeRevenue: 2530,
      lifetimeRevenuePerCustomer: 632.5,
      medianDaysBetweenPurchases: 30,
    });
    expect(body.retention).toEqual([
      { cohort: '2026-01', customers: 2, months: [0.5, 0, 0.5, 0, 0, 0] },
      { cohort: '2026-02', customers: 2, months: [0.5, 0, 0, 0, 0, 0.5] },
    ]);
    const reason = { kind: 'survey', rating: null, nps: null };
    expect(body.reasons).toEqual([
      { ...reason, cohort: '2026-02', survey: 'Support', rating: 4, comment: 'Helpful support', at: 6000 },
      { ...reason, cohort: '2026-02', survey: 'Why', choices: ['Quality'], comment: 'Bright', at: 5000 },
      { ...reason, cohort: '2026-02', survey: 'NPS', nps: 9, comment: 'Great lamps', at: 4000 },
      { ...reason, cohort: '2026-01', survey: 'NPS', nps: 10, comment: 'Fast delivery', at: 1000 },
    ]);
    const share = { survey: 'Why' };
    expect(body.reasonShares).toEqual([
      { ...share, cohort: '2026-02', choice: 'price', label: 'Price', answers: 0, share: 0 },
      { ...share, cohort: '2026-02', choice: 'quality', label: 'Quality', answers: 1, share: 1 },
      { ...share, cohort: '2026-01', choice: 'price', label: 'Price', answers: 1, share: 1 },
      { ...share, cohort: '2026-01', choice: 'quality', label: 'Quality', answers: 0, share: 0 },
    ]);
  });

  it('breaks loyalty down by the contacts’ first-touch source', async () => {
    const report = await loyaltySeed();
    const body = await report('&by=source');
    expect(body.rows).toEqual([
      {
        key: { source: 'google' },
        customers: 2,
        repeat: 2,
        repeatRate: 1,
        lifetimeRevenue: 700,
        lifetimeRevenuePerCustomer: 350,
        medianDaysBetweenPurchases: 30,
      },
      {
        key: { source: 'news' },
        customers: 1,
        repeat: 1,
        repeatRate: 1,
        lifetimeRevenue: 1750,
        lifetimeRevenuePerCustomer: 1750,
        medianDaysBetweenPurchases: 95.5,
      },
      {
        key: { source: null },
        customers: 1,
        repeat: 0,
        repeatRate: 0,
        lifetimeRevenue: 80,
        lifetimeRevenuePerCustomer: 80,
        medianDaysBetweenPurchases: null,
      },
    ]);
    expect(body.retention).toEqual([
      { source: 'google', cohort: '2026-01', customers: 2, months: [0.5, 0, 0.5, 0, 0, 0] },
      { source: 'news', cohort: '2026-02', customers: 1, months: [1, 0, 0, 0, 0, 1] },
      { source: null, cohort: '2026-02', customers: 1, months: [0, 0, 0, 0, 0, 0] },
    ]);
    expect(body.reasons.map((r: { source: string | null; comment: string }) => [r.source, r.comment]).sort()).toEqual(
      [
        ['google', 'Fast delivery'],
        ['news', 'Bright'],
        ['news', 'Great lamps'],
        [null, 'Helpful support'],
      ].sort(),
    );
  });

  it('leaves months that have not begun empty, and takes the middle of an even number of gaps', () => {
    const b = {
      id: 'x',
      source: null,
      rows: 2,
      revenue: 0,
      times: [Date.parse('2026-10-03T10:00:00Z'), Date.parse('2026-11-02T10:00:00Z')],
    };
    expect(retention([b], 'UTC', Date.parse('2026-11-23T22:00:00Z'))).toEqual([
      { cohort: '2026-10', customers: 1, months: [1, null, null, null, null, null] },
    ]);
    expect(median([10, 40, 20, 30])).toBe(25);
  });
});
