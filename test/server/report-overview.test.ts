import { describe, expect, it } from 'vitest';
import { findSite } from '../../server/db/sites.ts';
import { buckets } from '../../server/reports/range.ts';
import { seedEvents } from '../bench/seed-events.ts';
import { as, pageview, post, testApp } from './test-app.ts';

const H = 3_600_000;
const DAY = 24 * H;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * D = today's UTC midnight. The report window is [D-2d, D+1d); the previous
 * window [D-5d, D-2d).
 * - previous: visitor P, one session at D-3d+1h with 2 pageviews.
 * - in window: visitor A at D-1d+1h (3 pageviews, a 4900 conversion, a lead);
 *   visitor B at D-2d+19h = 00:30 of day D-1 in Kolkata (1 pageview, utm_source=news);
 *   visitor A again, second session at D-1d+3h (1 pageview).
 * - purchases: Ana 2 × 2500 USD at D-1d+4h, 900 EUR at D-1d+5h; Bo 1000 USD at D-4d (previous).
 */
async function seed() {
  const t = await testApp();
  const D = Math.floor(Date.now() / DAY) * DAY;
  const s = (visitor: string, session: string, ts: number, url = 'https://shop.example/') => ({
    visitor,
    session,
    ts,
    url,
  });
  const p = s('visitor-pppp', 'session-pppp', D - 3 * DAY + H);
  const a1 = s('visitor-aaaa', 'session-aaa1', D - DAY + H);
  const a2 = s('visitor-aaaa', 'session-aaa2', D - DAY + 3 * H);
  const b = s('visitor-bbbb', 'session-bbbb', D - 2 * DAY + 19 * H, 'https://shop.example/?utm_source=news');
  const events = [
    pageview(p),
    pageview({ ...p, ts: p.ts + 1000 }),
    pageview(a1),
    pageview({ ...a1, ts: a1.ts + 1000 }),
    pageview({ ...a1, ts: a1.ts + 2000 }),
    pageview({ ...a1, ts: a1.ts + 3000, type: 'conversion', name: 'purchase', value: 4900, currency: 'USD' }),
    pageview(b),
    pageview(a2),
  ];
  expect((await t.app.request('/v1/events', post({ site: t.siteKey, events }))).status).toBe(202);
  expect(
    (
      await t.app.request(
        '/v1/leads',
        post({
          site: t.siteKey,
          form: 'contact',
          id: pageview().id,
          visitor: a1.visitor,
          session: a1.session,
          fields: { name: 'Ana', email: 'ana@example.test' },
          elapsedMs: 5000,
        }),
      )
    ).status,
  ).toBeLessThan(300);
  const contact = async (name: string) =>
    (
      await (
        await t.app.request('/v1/admin/contacts', as(t.adminToken, 'POST', { name, email: `${name}@shop.test` }))
      ).json()
    ).id;
  const buy = async (id: string, unitPrice: number, quantity: number, currency: string, at: number) =>
    expect(
      (
        await t.app.request(
          `/v1/admin/contacts/${id}/purchases`,
          as(t.adminToken, 'POST', { productName: 'Lamp', unitPrice, quantity, currency, purchasedAt: at }),
        )
      ).status,
    ).toBe(201);
  const ana = await contact('ana');
  const bo = await contact('bo');
  await buy(ana, 2500, 2, 'USD', D - DAY + 4 * H);
  await buy(ana, 900, 1, 'EUR', D - DAY + 5 * H);
  await buy(bo, 1000, 1, 'USD', D - 4 * DAY);
  const overview = async (query: string) => {
    const res = await t.app.request(`/v1/admin/reports/overview?${query}`, as(t.adminToken));
    expect(res.status).toBe(200);
    return res.json();
  };
  return { ...t, D, overview };
}

describe('overview report', () => {
  it('totals the window and compares it with the span just before', async () => {
    const { D, overview } = await seed();
    const body = await overview(`from=${iso(D - 2 * DAY)}&to=${iso(D + DAY)}`);
    expect(body.totals).toEqual({
      visits: 3,
      visitors: 2,
      pageviews: 5,
      leads: 1,
      conversions: 1,
      customers: 1,
      revenue: 5000,
      conversionRate: 1 / 3,
    });
    expect(body.previous).toEqual({
      visits: 1,
      visitors: 1,
      pageviews: 2,
      leads: 0,
      conversions: 0,
      customers: 1,
      revenue: 1000,
      conversionRate: 0,
    });
    expect(body.series).toBeUndefined();
  });

  it("shows this month's leads against the goal", async () => {
    const { D, overview, app, adminToken } = await seed();
    expect(
      (await app.request('/v1/admin/goals', as(adminToken, 'PUT', { metric: 'leads', period: 'month', target: 4 })))
        .status,
    ).toBeLessThan(300);
    const body = await overview(`from=${iso(D - 2 * DAY)}&to=${iso(D + DAY)}&tz=UTC`);
    expect(body.goals).toEqual([
      expect.objectContaining({ metric: 'leads', period: 'month', target: 4, actual: 1, progress: 0.25, met: false }),
    ]);
    expect(body.goals[0].from).toMatch(/^\d{4}-\d{2}-01T00:00:00.000Z$/);
  });

  it('draws a daily series whose days follow the time zone, half-hour offsets included', async () => {
    const { D, overview } = await seed();
    const day = (ms: number) => iso(ms).slice(0, 10);
    const utc = await overview(`from=${day(D - 2 * DAY)}&to=${day(D + DAY)}&tz=UTC&interval=day`);
    expect(utc.series.map((r: { t: string; visits: number }) => [r.t, r.visits])).toEqual([
      [iso(D - 2 * DAY), 1],
      [iso(D - DAY), 2],
      [iso(D), 0],
    ]);
    // In Kolkata (UTC+5:30) B's visit at 19:00 UTC falls on the next day, 00:30 local.
    const kolkata = await overview(`from=${day(D - 2 * DAY)}&to=${day(D + DAY)}&tz=Asia/Kolkata&interval=day`);
    expect(kolkata.from).toBe(iso(D - 2 * DAY - 5.5 * H));
    expect(
      kolkata.series.map((r: { t: string; visits: number; pageviews: number }) => [r.t, r.visits, r.pageviews]),
    ).toEqual([
      [iso(D - 2 * DAY - 5.5 * H), 0, 0],
      [iso(D - DAY - 5.5 * H), 3, 5],
      [iso(D - 5.5 * H), 0, 0],
    ]);
  });

  it('reports purchase revenue in a non-default currency and filters by source', async () => {
    const { D, overview, app, adminToken } = await seed();
    expect((await app.request('/v1/admin/settings', as(adminToken, 'PATCH', { currency: 'EUR' }))).status).toBe(200);
    const eur = await overview(`from=${iso(D - 2 * DAY)}&to=${iso(D + DAY)}`);
    expect(eur).toMatchObject({ currency: 'EUR', totals: { revenue: 900, customers: 1 } });
    const news = await overview(`from=${iso(D - 2 * DAY)}&to=${iso(D + DAY)}&source=news`);
    expect(news.totals).toMatchObject({ visits: 1, visitors: 1, pageviews: 1, leads: 0, revenue: 0 });
  });

  it('refuses inverted ranges and oversized series', async () => {
    const { app, adminToken } = await seed();
    expect((await app.request('/v1/admin/reports/overview?from=2026-02-01&to=2026-01-01', as(adminToken))).status).toBe(
      400,
    );
    expect(
      (await app.request('/v1/admin/reports/overview?from=2020-01-01&to=2026-01-01&interval=day', as(adminToken)))
        .status,
    ).toBe(400);
    expect((await app.request('/v1/admin/reports/overview?interval=hour', as(adminToken))).status).toBe(400);
  });
});

describe('report buckets', () => {
  it('cuts ISO weeks on Mondays and months on the 1st, in local time across DST', () => {
    const ny = 'America/New_York';
    // Wed 4 Mar – Wed 18 Mar 2026; DST starts Sun 8 Mar.
    const weeks = buckets(Date.parse('2026-03-04T05:00:00Z'), Date.parse('2026-03-18T04:00:00Z'), 'week', ny).map(
      ([lo]) => iso(lo),
    );
    expect(weeks).toEqual(['2026-03-04T05:00:00.000Z', '2026-03-09T04:00:00.000Z', '2026-03-16T04:00:00.000Z']);
    const months = buckets(Date.parse('2026-01-15T00:00:00Z'), Date.parse('2026-04-01T00:00:00Z'), 'month', 'UTC').map(
      ([lo, hi]) => [iso(lo), iso(hi)],
    );
    expect(months).toEqual([
      ['2026-01-15T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
      ['2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
      ['2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'],
    ]);
  });
});

describe('overview totals with a series', () => {
  it('are what the window alone gives, in any zone, across DST, with and without filters', async () => {
    const t = await testApp();
    const site = (await findSite(t.db, t.siteKey))!;
    // 90 days back from 2026-04-15 cover the Europe/Berlin DST change of 2026-03-29.
    await seedEvents(t.db, { siteId: site.id, events: 4000, end: Date.UTC(2026, 3, 15), seed: 7 });
    const cases: Record<string, string>[] = [
      { from: '2026-02-01', to: '2026-03-03' },
      { from: '2026-03-20', to: '2026-04-05', tz: 'Europe/Berlin' },
      { from: '2026-03-20', to: '2026-04-05', tz: 'Asia/Kolkata' },
      { from: '2026-03-01', to: '2026-04-01', tz: 'Asia/Kathmandu' },
      { from: '2026-02-01T10:07:00Z', to: '2026-03-03T13:11:00Z' },
      { from: '2026-02-01', to: '2026-03-03', source: 'google' },
    ];
    for (const q of cases) {
      const report = async (extra: Record<string, string>) =>
        (
          await t.app.request(`/v1/admin/reports/overview?${new URLSearchParams({ ...q, ...extra })}`, as(t.adminToken))
        ).json() as Promise<{ totals: { visits: number }; previous: unknown; series?: unknown[] }>;
      const alone = await report({});
      expect(alone.totals.visits, JSON.stringify(q)).toBeGreaterThan(0);
      for (const interval of ['day', 'week', 'month']) {
        const withSeries = await report({ interval });
        expect(withSeries.series!.length).toBeGreaterThan(0);
        expect({ ...withSeries, series: undefined }, `${JSON.stringify(q)} ${interval}`).toEqual(alone);
      }
    }
  });
});
