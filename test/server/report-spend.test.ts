import { describe, expect, it } from 'vitest';
import { zonedMidnight } from '../../server/reports/range.ts';
import { daysInWindow } from '../../server/reports/spend.ts';
import { as, pageview, post, testApp } from './test-app.ts';

const DAY = 86_400_000;
/** A date `n` days from today (UTC, the test site's zone). */
const day = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

/**
 * Hand-checkable campaigns over the last 10 days (today − 9 … today, UTC):
 * - google / cpc / fall: 4 visits (g1–g4); g1 and g2 leave leads; g1 converts for 6000 USD and g2 for 3000;
 *   g1's contact buys (the purchase's last-touch session is g1) → 1 customer.
 *   Spend: 20000 over today − 19 … today (20 days, 10 in the window → 10000) + 2000 on today − 2 = 12000;
 *   500 EUR on today − 1 (listed apart).
 * - news / email / spring: 2 visits, 1 lead (n1). Spend 3100 over the 10 days → 3100.
 * - facebook / paid: no visits. Spend 1000 over today − 6 … today + 3 (10 days, 7 in the window) → 700.
 * - 900 on today − 30: outside the window.
 */
async function dataset() {
  const t = await testApp();
  const fall = 'https://shop.example/?utm_source=google&utm_medium=cpc&utm_campaign=fall';
  const spring = 'https://shop.example/?utm_source=news&utm_medium=email&utm_campaign=spring';
  const s = (id: string, url: string) => ({
    visitor: `visitor-${id}`,
    session: `session-${id}`,
    url,
    ts: Date.now() - 1000,
  });
  const [g1, g2, g3, g4, n1, n2] = [
    s('g1', fall),
    s('g2', fall),
    s('g3', fall),
    s('g4', fall),
    s('n1', spring),
    s('n2', spring),
  ];
  const events = [
    ...[g1, g2, g3, g4, n1, n2].map((x) => pageview(x)),
    pageview({ ...g1, type: 'conversion', name: 'purchase', value: 6000, currency: 'USD' }),
    pageview({ ...g2, type: 'conversion', name: 'purchase', value: 3000, currency: 'USD' }),
  ];
  expect((await t.app.request('/v1/events', post({ site: t.siteKey, events }))).status).toBe(202);
  for (const [x, email] of [
    [g1, 'g1@shop.test'],
    [g2, 'g2@shop.test'],
    [n1, 'n1@shop.test'],
  ] as const) {
    const res = await t.app.request(
      '/v1/leads',
      post({
        site: t.siteKey,
        form: 'contact',
        id: pageview().id,
        visitor: x.visitor,
        session: x.session,
        fields: { name: email.slice(0, 2), email },
        elapsedMs: 5000,
      }),
    );
    expect(res.status).toBe(201);
  }
  expect(
    (
      await t.app.request(
        '/v1/admin/purchases',
        as(t.adminToken, 'POST', { email: 'g1@shop.test', productName: 'Lamp', unitPrice: 9000, currency: 'USD' }),
      )
    ).status,
  ).toBe(201);
  const spend = async (body: Record<string, unknown>, token = t.adminToken) =>
    t.app.request('/v1/admin/spend', as(token, 'POST', body));
  for (const body of [
    { source: 'google', medium: 'cpc', campaign: 'fall', fromDay: day(-19), toDay: day(0), amount: 20000 },
    { source: 'Google ', medium: 'CPC', campaign: 'fall', fromDay: day(-2), amount: 2000 },
    { source: 'google', medium: 'cpc', campaign: 'fall', fromDay: day(-1), amount: 500, currency: 'EUR' },
    {
      source: 'news',
      medium: 'email',
      campaign: 'spring',
      fromDay: day(-9),
      toDay: day(0),
      amount: 3100,
      note: 'newsletter',
    },
    { source: 'facebook', medium: 'paid', campaign: '', fromDay: day(-6), toDay: day(3), amount: 1000 },
    { source: 'google', medium: 'cpc', campaign: 'fall', fromDay: day(-30), amount: 900 },
  ])
    expect((await spend(body)).status).toBe(201);
  const report = async (name: string) =>
    (await t.app.request(`/v1/admin/reports/${name}?from=${day(-9)}&to=${day(1)}`, as(t.adminToken))).json();
  return { ...t, spend, report };
}

describe('campaign spend', () => {
  it('adds spend, cost per visit / lead / customer and ROAS per campaign, pro rata by days', async () => {
    const { report } = await dataset();
    const body = await report('campaigns');
    const row = (source: string) => body.rows.find((r: { key: { source: string } }) => r.key.source === source);
    expect(row('google')).toEqual({
      key: { source: 'google', medium: 'cpc', campaign: 'fall' },
      visits: 4,
      visitors: 4,
      leads: 2,
      conversions: 2,
      revenue: 9000,
      conversionRate: 0.5,
      revenuePerVisit: 2250,
      customers: 1,
      spend: 12000,
      costPerVisit: 3000,
      costPerLead: 6000,
      costPerCustomer: 12000,
      roas: 0.75,
    });
    expect(row('news')).toEqual({
      key: { source: 'news', medium: 'email', campaign: 'spring' },
      visits: 2,
      visitors: 2,
      leads: 1,
      conversions: 0,
      revenue: 0,
      conversionRate: 0,
      revenuePerVisit: 0,
      customers: 0,
      spend: 3100,
      costPerVisit: 1550,
      costPerLead: 3100,
      costPerCustomer: null,
      roas: 0,
    });
    // Spend without a visit is a row: the money to cut.
    expect(row('facebook')).toEqual({
      key: { source: 'facebook', medium: 'paid', campaign: null },
      visits: 0,
      visitors: 0,
      leads: 0,
      conversions: 0,
      revenue: 0,
      conversionRate: 0,
      revenuePerVisit: 0,
      customers: 0,
      spend: 700,
      costPerVisit: null,
      costPerLead: null,
      costPerCustomer: null,
      roas: 0,
    });
    expect(body.rows.map((r: { key: { source: string } }) => r.key.source)).toEqual(['google', 'news', 'facebook']);
    expect(body.totals).toEqual({
      visits: 6,
      visitors: 6,
      leads: 3,
      conversions: 2,
      revenue: 9000,
      conversionRate: 2 / 6,
      customers: 1,
      spend: 15800,
      costPerVisit: 15800 / 6,
      costPerLead: 15800 / 3,
      costPerCustomer: 15800,
      roas: 9000 / 15800,
    });
    expect(body.otherSpend).toEqual({ EUR: 500 });
  });

  it('narrows spend with the source and campaign filters', async () => {
    const t = await dataset();
    const body = await (
      await t.app.request(`/v1/admin/reports/campaigns?from=${day(-9)}&to=${day(1)}&source=news`, as(t.adminToken))
    ).json();
    expect(body.rows.map((r: { key: { source: string } }) => r.key.source)).toEqual(['news']);
    expect(body.totals).toMatchObject({ spend: 3100, costPerVisit: 1550, roas: 0 });
    expect(body.otherSpend).toEqual({});
  });

  it('counts the days of a period that start inside the window, in the given zone', () => {
    const w = (from: string, to: string, tz: string) => [zonedMidnight(from, tz), zonedMidnight(to, tz)] as const;
    expect(daysInWindow('2026-10-25', '2026-11-03', ...w('2026-11-01', '2026-12-01', 'UTC'), 'UTC')).toBe(3);
    expect(daysInWindow('2026-10-25', '2026-11-03', ...w('2026-10-01', '2026-11-01', 'UTC'), 'UTC')).toBe(7);
    expect(daysInWindow('2026-10-25', '2026-10-25', ...w('2026-10-26', '2026-11-01', 'UTC'), 'UTC')).toBe(0);
    // Across the end of daylight saving time in New York (1 Nov 2026 has 25 hours).
    expect(
      daysInWindow(
        '2026-10-30',
        '2026-11-02',
        ...w('2026-11-01', '2026-11-03', 'America/New_York'),
        'America/New_York',
      ),
    ).toBe(2);
    // A window of instants: a day counts when its midnight is inside.
    expect(
      daysInWindow(
        '2026-11-01',
        '2026-11-05',
        Date.parse('2026-11-01T12:00:00Z'),
        Date.parse('2026-11-03T12:00:00Z'),
        'UTC',
      ),
    ).toBe(2);
  });
});

describe('spend API', () => {
  it('lists, replaces, deletes and audits entries; integration tokens may post, viewers only read', async () => {
    const { app, adminToken, tokenFor, spend } = await dataset();
    const list = await (
      await app.request(`/v1/admin/spend?from=${day(-9)}&to=${day(0)}`, as(await tokenFor('viewer')))
    ).json();
    // The entry of today − 30 does not overlap the days asked for.
    expect(list.spend).toHaveLength(5);
    expect(list.spend.find((s: { note: string | null }) => s.note === 'newsletter')).toMatchObject({
      source: 'news',
      medium: 'email',
      campaign: 'spring',
      fromDay: day(-9),
      toDay: day(0),
      amount: 3100,
      currency: 'USD',
    });
    expect((await spend({ source: 'bing', fromDay: day(0), amount: 100 }, await tokenFor('integration'))).status).toBe(
      201,
    );
    expect((await spend({ source: 'bing', fromDay: day(0), amount: 100 }, await tokenFor('viewer'))).status).toBe(403);
    expect((await spend({ source: 'bing', fromDay: day(0), amount: 100 }, await tokenFor('rep'))).status).toBe(403);
    // The same key, day and currency again replaces the amount.
    const again = await (await spend({ source: 'bing', fromDay: day(0), amount: 250 })).json();
    const bing = (await (await app.request('/v1/admin/spend?source=bing', as(adminToken))).json()).spend;
    expect(bing).toEqual([again]);
    expect(again.amount).toBe(250);
    for (const bad of [
      { source: 'x', fromDay: day(0), amount: -1 },
      { source: 'x', fromDay: day(0), toDay: day(-1), amount: 1 },
      { source: 'x', fromDay: 'today', amount: 1 },
      { source: 'x', fromDay: day(0), amount: 1, extra: true },
      { source: '', fromDay: day(0), amount: 1 },
      { source: 'x', fromDay: day(-400), toDay: day(0), amount: 1 },
    ]) {
      const res = await spend(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect((await res.json()).error.code).toBe('validation_failed');
    }
    expect((await app.request(`/v1/admin/spend/${again.id}`, as(await tokenFor('rep'), 'DELETE'))).status).toBe(403);
    expect((await app.request(`/v1/admin/spend/${again.id}`, as(adminToken, 'DELETE'))).status).toBe(204);
    expect((await app.request(`/v1/admin/spend/${again.id}`, as(adminToken, 'DELETE'))).status).toBe(404);
    const audit = await (await app.request('/v1/admin/audit-log', as(adminToken))).json();
    expect(
      audit.entries
        .filter((e: { action: string }) => e.action.startsWith('spend.'))
        .map((e: { action: string }) => e.action)
        .slice(0, 2),
    ).toEqual(['spend.delete', 'spend.create']);
  });

  it('imports CSV with a dry run first, rejecting bad rows with their line', async () => {
    const { app, adminToken, tokenFor } = await testApp();
    const csv = [
      'source,medium,campaign,from,to,amount,currency,note',
      `google,cpc,fall,${day(-2)},${day(0)},3000,,export`,
      `news,,,${day(0)},,150,USD,`,
      `bad,,,${day(0)},,12.5,,`,
      `,,,${day(0)},,1,,`,
      `google,cpc,fall,${day(-2)},${day(0)},10,,dupe`,
    ].join('\r\n');
    const send = async (query: string, body = csv, token = adminToken) =>
      app.request(`/v1/admin/spend/import${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
        body,
      });
    const dry = await (await send('?dryRun=1')).json();
    expect(dry).toEqual({
      dryRun: true,
      columns: ['source', 'medium', 'campaign', 'from', 'to', 'amount', 'currency', 'note'],
      stored: 2,
      replaced: 0,
      rejected: [
        { row: 4, reason: expect.stringMatching(/^amount: /) },
        { row: 5, reason: expect.stringMatching(/^source: /) },
        { row: 6, reason: 'row: the same key, days and currency appear earlier in this file' },
      ],
    });
    expect((await (await app.request('/v1/admin/spend', as(adminToken))).json()).spend).toEqual([]);
    expect(await (await send('')).json()).toMatchObject({ dryRun: false, stored: 2, replaced: 0 });
    expect(await (await send('', csv, await tokenFor('integration'))).json()).toMatchObject({ stored: 2, replaced: 2 });
    const stored = (await (await app.request('/v1/admin/spend', as(adminToken))).json()).spend;
    expect(
      stored.map((s: { source: string; amount: number; medium: string | null }) => [s.source, s.medium, s.amount]),
    ).toEqual([
      ['news', null, 150],
      ['google', 'cpc', 3000],
    ]);
    expect((await send('', csv, await tokenFor('viewer'))).status).toBe(403);
    expect((await app.request('/v1/admin/spend/import', as(adminToken, 'POST', { a: 1 }))).status).toBe(415);
    const audit = await (await app.request('/v1/admin/audit-log', as(adminToken))).json();
    expect(audit.entries.filter((e: { action: string }) => e.action === 'spend.import')).toHaveLength(2);
  });
});
