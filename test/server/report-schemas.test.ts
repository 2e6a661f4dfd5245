import { describe, expect, it } from 'vitest';
import { reportAnswers, reportNames, reportWindow, type ReportName } from '../../server/schemas/reports.ts';
import { dealSeeder, seedUser, siteIdOf } from './deal-seed.ts';
import { as, pageview, post, testApp } from './test-app.ts';

const HOUR = 3_600_000;

/**
 * One site with something in every report: campaign, affiliate and direct visits, impressions,
 * clicks on prices, outbound clicks to a partner and to a plain domain, conversions in two
 * currencies, vitals, a lead who bought twice (through the affiliate), feedback, a complaint
 * answered by staff, spend and goals, and an open, a won and a lost deal.
 */
async function seeded() {
  const t = await testApp();
  const admin = (path: string, method = 'GET', body?: unknown) => t.app.request(path, as(t.adminToken, method, body));
  expect(
    (
      await admin('/v1/admin/affiliates', 'POST', {
        name: 'deals-blog',
        domains: ['deals.example'],
        commissionType: 'percent',
        commissionValue: 1000,
      })
    ).status,
  ).toBe(201);
  const spring = 'https://shop.example/?utm_source=news&utm_medium=email&utm_campaign=spring';
  const a = { visitor: 'visitor-aaaa', session: 'session-aaaa', url: spring };
  const c = {
    visitor: 'visitor-cccc',
    session: 'session-cccc',
    url: 'https://shop.example/pricing',
    ref: 'https://deals.example/top',
  };
  const events = [
    pageview(a),
    pageview(c),
    pageview({ ...a, type: 'impression', name: 'hero-ad' }),
    pageview({ ...a, type: 'click', name: 'hero-ad' }),
    pageview({ ...a, type: 'click', name: 'plan-basic', props: { price: 4900, currency: 'USD' } }),
    pageview({ ...a, type: 'conversion', name: 'purchase', value: 4900, currency: 'USD' }),
    pageview({
      ...a,
      type: 'outbound',
      name: 'partner.example',
      props: { affiliate: 'partner-x', href: 'https://partner.example/p' },
    }),
    pageview({ ...a, type: 'vital', name: 'LCP', props: { value: 1800, rating: 'good' } }),
    pageview({ ...c, type: 'vital', name: 'CLS', props: { value: 0.02, rating: 'good' } }),
    pageview({ ...c, type: 'outbound', name: 'other.example', props: { href: 'https://other.example/' } }),
    pageview({ ...c, type: 'conversion', name: 'purchase', value: 1000, currency: 'EUR' }),
  ];
  expect((await t.app.request('/v1/events', post({ site: t.siteKey, events }))).status).toBe(202);
  const lead = {
    site: t.siteKey,
    form: 'contact',
    id: pageview().id,
    ...c,
    fields: { name: 'Cy', email: 'cy@example.test' },
    elapsedMs: 5000,
  };
  expect((await t.app.request('/v1/leads', post(lead))).status).toBe(201);
  for (const [hoursAgo, currency] of [
    [3, 'USD'],
    [2, 'USD'],
    [1, 'EUR'],
  ] as const) {
    const purchase = {
      email: 'cy@example.test',
      productName: 'Lamp',
      unitPrice: 2500,
      currency,
      purchasedAt: new Date(Date.now() - hoursAgo * HOUR).toISOString(),
    };
    expect((await admin('/v1/admin/purchases', 'POST', purchase)).status).toBe(201);
  }
  expect(
    (
      await t.app.request(
        '/v1/feedback',
        post({ site: t.siteKey, visitor: c.visitor, rating: 5, comment: 'Fast delivery' }),
      )
    ).status,
  ).toBe(201);
  for (const [survey, answer] of [
    [
      { name: 'NPS', kind: 'nps', question: { en: 'Recommend us?' } },
      { score: 9, comment: 'Bright' },
    ],
    [{ name: 'CSAT', kind: 'csat', question: { en: 'Happy?' } }, { score: 4 }],
    [
      {
        name: 'Why',
        kind: 'choice',
        question: { en: 'Why?' },
        choices: [0, 1].map((n) => ({ id: `c${n}`, label: { en: `C${n}` } })),
      },
      { choice: ['c1'], comment: 'Cheap' },
    ],
  ] as const) {
    const { id: surveyId } = await (await admin('/v1/admin/surveys', 'POST', survey)).json();
    const body = { site: t.siteKey, id: crypto.randomUUID(), visitor: c.visitor, session: c.session, ...answer };
    expect((await t.app.request(`/v1/surveys/${surveyId}/answers`, post(body))).status).toBe(201);
  }
  expect(
    (
      await admin('/v1/admin/segments', 'POST', {
        name: 'Buyers',
        definition: { rules: [{ field: 'purchases', op: 'gte', value: 1 }] },
      })
    ).status,
  ).toBe(201);
  const ticket = {
    site: t.siteKey,
    email: 'cy@example.test',
    subject: 'Lamp arrived broken',
    body: 'The shade is cracked.',
    category: 'complaint',
  };
  const { trackingNumber } = await (await t.app.request('/v1/tickets', post(ticket))).json();
  const id = String(
    (await t.db.execute({ sql: 'SELECT id FROM tickets WHERE tracking_number = ?', args: [trackingNumber] })).rows[0]!
      .id,
  );
  expect(
    (await admin(`/v1/admin/tickets/${id}/messages`, 'POST', { body: 'Sorry, a new one is on its way.' })).status,
  ).toBe(201);
  const today = new Date().toISOString().slice(0, 10);
  expect(
    (
      await admin('/v1/admin/spend', 'POST', {
        source: 'news',
        medium: 'email',
        campaign: 'spring',
        fromDay: today,
        amount: 5000,
      })
    ).status,
  ).toBe(201);
  for (const goal of [
    { metric: 'leads', period: 'month', target: 4 },
    { metric: 'first_response_minutes', period: 'week', target: 30 },
    { metric: 'won_value', period: 'month', target: 100000 },
  ]) {
    expect((await admin('/v1/admin/goals', 'PUT', goal)).status).toBeLessThan(300);
  }
  const siteId = await siteIdOf(t.db, t.siteKey);
  const deals = dealSeeder(t.db, siteId);
  const { stages } = await deals.pipeline('Sales', [
    ['Lead', 20],
    ['Won', 100, 'won'],
    ['Lost', 0, 'lost'],
  ]);
  const ownerId = await seedUser(t.db, siteId, 'Ana');
  await deals.deal({ stage: stages.Lead!, amount: 5000, closeDate: today, currency: 'EUR', ownerId });
  await deals.deal({ stage: stages.Won!, amount: 7000, closedAt: Date.now() - HOUR, source: 'news', ownerId });
  await deals.deal({ stage: stages.Lost!, amount: 3000, closedAt: Date.now() - HOUR, lostReason: 'price' });
  return async (name: ReportName, query = '') => {
    const res = await admin(`/v1/admin/reports/${name}${query}`);
    expect(res.status).toBe(200);
    return res.json();
  };
}

/** Every way of asking that changes an answer's shape. */
const asked: [ReportName, string][] = [
  ['overview', '?interval=day'],
  ['overview', ''],
  ['campaigns', ''],
  ['affiliates', ''],
  ['elements', ''],
  ['outbound', ''],
  ['prices', ''],
  ['demographics', ''],
  ['demographics', '?by=device'],
  ['demographics', '?field=name'],
  ['funnel', '?steps=url:/*|event:conversion|stage:customer'],
  ['customers', ''],
  ['customers', '?by=source'],
  ['service', ''],
  ['service', '?interval=week'],
  ['vitals', ''],
  ['pipeline', ''],
  ['deals', ''],
  ['deals', '?by=owner'],
  ['deals', '?by=lostReason'],
  ['surveys', ''],
  ['surveys', '?interval=day&by=choice'],
  ['surveys', '?by=segment'],
  ['surveys', '?by=repeat'],
  ['surveys', '?by=product'],
];

describe('report schemas', () => {
  it('has a schema for every report and asks each of them here', () => {
    expect(new Set(asked.map(([name]) => name))).toEqual(new Set(reportNames));
  });

  it('describe every report’s real answer exactly: nothing missing, nothing undeclared', async () => {
    const report = await seeded();
    for (const [name, query] of asked) {
      const body = await report(name, query);
      const parsed = reportWindow.and(reportAnswers[name]).safeParse(body);
      expect(parsed.error, `${name}${query}`).toBeUndefined();
      // Unknown keys are stripped by the parse, so an undeclared field makes the two differ.
      expect(parsed.data, `${name}${query}`).toEqual(body);
      // Real rows, not an empty answer that any schema accepts (overview has only totals and series).
      if (name === 'overview') expect(query ? body.series.length : body.totals.visits).toBeGreaterThan(0);
      else expect(body.rows.length, `${name}${query}`).toBeGreaterThan(0);
    }
  });

  it('are what the OpenAPI description gives for the report route', async () => {
    const t = await testApp();
    const doc = await (await t.app.request('/v1/openapi.json')).json();
    const ok = doc.paths['/v1/admin/reports/{name}'].get.responses['200'].content;
    expect(Object.keys(ok)).toEqual(['application/json', 'text/csv']);
    expect(JSON.stringify(ok['application/json'].schema)).toContain('costPerCustomer');
    expect(JSON.stringify(doc)).toContain('medianDaysBetweenPurchases');
  });
});
