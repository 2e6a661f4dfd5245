import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../server/db/migrate.ts';
import { createSite } from '../../server/db/sites.ts';
import { dealSeeder, seedUser, siteIdOf } from './deal-seed.ts';
import { as, testApp, workerRun } from './test-app.ts';

const at = (iso: string) => Date.parse(iso);
const DAY = 86_400_000;

/**
 * Deals closed around November 2026 (USD unless said; cycle = created → closed):
 *   W1 won 10000  news/spring   Ana  closed 13 Nov 12:00Z, cycle 10 d
 *   W2 won  5000  news/spring   Bo   closed 14 Nov 00:00Z, cycle 4 d
 *   L1 lost 3000  news/fall     Ana  closed 20 Nov, reason price
 *   W3 won  2001  ads, via blog Ana  closed 30 Nov 20:00Z (1 Dec in Kolkata), cycle 29 d
 *   W4 won   700 EUR ads        Bo   closed  5 Nov, cycle 3 d
 *   L3 lost 4000  no source     —    closed 31 Oct 20:00Z (1 Nov in Kolkata), reason price
 *   L4 lost  500  ads           Bo   closed  1 Dec 02:00Z (30 Nov in St John's), no reason
 *   L5 lost 1500  news          Bo   closed 25 Nov, reason timing
 * Not counted: R (won on 15 Nov, reopened: open again), another site's won deal, an open deal.
 */
async function seed() {
  const t = await testApp();
  const siteId = await siteIdOf(t.db, t.siteKey);
  const s = dealSeeder(t.db, siteId);
  const ana = await seedUser(t.db, siteId, 'Ana');
  const bo = await seedUser(t.db, siteId, 'Bo');
  const { stages } = await s.pipeline('Sales', [
    ['Lead', 10],
    ['Won', 100, 'won'],
    ['Lost', 0, 'lost'],
  ]);
  const won = (amount: number, created: string, closed: string, more: object = {}) =>
    s.deal({ stage: stages.Won!, amount, createdAt: at(created), closedAt: at(closed), ...more });
  const lost = (amount: number, closed: string, more: object = {}) =>
    s.deal({ stage: stages.Lost!, amount, createdAt: at('2026-10-01T00:00:00Z'), closedAt: at(closed), ...more });
  await won(10000, '2026-11-03T12:00:00Z', '2026-11-13T12:00:00Z', {
    source: 'news',
    campaign: 'spring',
    ownerId: ana,
  });
  await won(5000, '2026-11-10T00:00:00Z', '2026-11-14T00:00:00Z', { source: 'news', campaign: 'spring', ownerId: bo });
  await lost(3000, '2026-11-20T00:00:00Z', { source: 'news', campaign: 'fall', ownerId: ana, lostReason: 'price' });
  await won(2001, '2026-11-01T20:00:00Z', '2026-11-30T20:00:00Z', { source: 'ads', affiliate: 'blog', ownerId: ana });
  await won(700, '2026-11-02T00:00:00Z', '2026-11-05T00:00:00Z', { source: 'ads', currency: 'EUR', ownerId: bo });
  await lost(4000, '2026-10-31T20:00:00Z', { lostReason: 'price' });
  await lost(500, '2026-12-01T02:00:00Z', { source: 'ads', ownerId: bo });
  await lost(1500, '2026-11-25T00:00:00Z', { source: 'news', ownerId: bo, lostReason: 'timing' });
  await s.deal({
    stage: stages.Lead!,
    status: 'open',
    amount: 8000,
    source: 'news',
    createdAt: at('2026-11-01T00:00:00Z'),
    closedAt: at('2026-11-15T00:00:00Z'),
  });
  await s.deal({ stage: stages.Lead!, amount: 100, source: 'news', createdAt: at('2026-11-02T00:00:00Z') });
  const other = await createSite(t.writes, { name: 'Other shop', origins: [] });
  const o = dealSeeder(t.db, await siteIdOf(t.db, other.siteKey));
  const theirs = await o.pipeline('Sales', [['Won', 100, 'won']]);
  await o.deal({ stage: theirs.stages.Won!, amount: 99999, source: 'news', closedAt: at('2026-11-15T00:00:00Z') });
  const get = (query: string, token = t.adminToken) => t.app.request(`/v1/admin/reports/deals${query}`, as(token));
  const report = async (query: string) => {
    const res = await get(`?from=2026-11-01&to=2026-12-01&${query}`);
    expect(res.status).toBe(200);
    return res.json();
  };
  return { ...t, siteId, ana, bo, get, report };
}

describe('deals report', () => {
  it('gives won, lost, win rate, amounts and the sales cycle by source, in UTC', async () => {
    const { report } = await seed();
    const body = await report('tz=UTC');
    expect(body.from).toBe('2026-11-01T00:00:00.000Z');
    expect(body.rows).toEqual([
      {
        key: { source: 'news' },
        won: 2,
        lost: 2,
        winRate: 0.5,
        wonAmount: 15000,
        lostAmount: 4500,
        averageDeal: 7500,
        medianCycleDays: 7,
        averageCycleDays: 7,
      },
      {
        key: { source: 'ads' },
        won: 2,
        lost: 0,
        winRate: 1,
        wonAmount: 2001,
        lostAmount: 0,
        averageDeal: 2001,
        medianCycleDays: 16,
        averageCycleDays: 16,
      },
    ]);
    expect(body.totals).toEqual({
      won: 4,
      lost: 2,
      winRate: 4 / 6,
      wonAmount: 17001,
      lostAmount: 4500,
      averageDeal: 5667,
      medianCycleDays: 7,
      averageCycleDays: 11.5,
    });
    expect(body.otherCurrencies).toEqual({ EUR: 700 });
  });

  it('moves the month edges with the zone: Kolkata takes 31 Oct 20:00Z in and 30 Nov 20:00Z out', async () => {
    const { report } = await seed();
    const body = await report('tz=Asia/Kolkata');
    expect(body.from).toBe('2026-10-31T18:30:00.000Z');
    expect(body.rows.map((r: { key: object; won: number; lost: number }) => [r.key, r.won, r.lost])).toEqual([
      [{ source: 'news' }, 2, 2],
      [{ source: 'ads' }, 1, 0],
      [{ source: null }, 0, 1],
    ]);
    expect(body.rows[1]).toMatchObject({ wonAmount: 0, averageDeal: null, medianCycleDays: 3 });
    expect(body.rows[2]).toMatchObject({ winRate: 0, lostAmount: 4000, averageDeal: null, medianCycleDays: null });
    expect(body.totals).toEqual({
      won: 3,
      lost: 3,
      winRate: 0.5,
      wonAmount: 15000,
      lostAmount: 8500,
      averageDeal: 7500,
      medianCycleDays: 4,
      averageCycleDays: 17 / 3,
    });
  });

  it('groups by owner in St John’s, where November starts in daylight time and ends in standard time', async () => {
    const { report } = await seed();
    const body = await report('tz=America/St_Johns&by=owner');
    expect([body.from, body.to]).toEqual(['2026-11-01T02:30:00.000Z', '2026-12-01T03:30:00.000Z']);
    expect(body.rows).toEqual([
      {
        key: { owner: 'Ana' },
        won: 2,
        lost: 1,
        winRate: 2 / 3,
        wonAmount: 12001,
        lostAmount: 3000,
        averageDeal: 6001,
        medianCycleDays: 19.5,
        averageCycleDays: 19.5,
      },
      {
        key: { owner: 'Bo' },
        won: 2,
        lost: 2,
        winRate: 0.5,
        wonAmount: 5000,
        lostAmount: 2000,
        averageDeal: 5000,
        medianCycleDays: 3.5,
        averageCycleDays: 3.5,
      },
    ]);
    expect(body.totals).toMatchObject({ won: 4, lost: 3, winRate: 4 / 7, wonAmount: 17001, lostAmount: 5000 });
  });

  it('lists lost reasons with their amounts and shares', async () => {
    const { report } = await seed();
    expect((await report('tz=UTC&by=lostReason')).rows).toEqual([
      { key: { lostReason: 'price' }, lost: 1, lostAmount: 3000, share: 0.5 },
      { key: { lostReason: 'timing' }, lost: 1, lostAmount: 1500, share: 0.5 },
    ]);
    expect((await report('tz=Asia/Kolkata&by=lostReason')).rows).toEqual([
      { key: { lostReason: 'price' }, lost: 2, lostAmount: 7000, share: 2 / 3 },
      { key: { lostReason: 'timing' }, lost: 1, lostAmount: 1500, share: 1 / 3 },
    ]);
    expect((await report('tz=America/St_Johns&by=lostReason')).rows.at(-1)).toEqual({
      key: { lostReason: null },
      lost: 1,
      lostAmount: 500,
      share: 1 / 3,
    });
  });

  it('groups by campaign and affiliate, and filters by owner and source', async () => {
    const { report, ana } = await seed();
    const won = (rows: { key: object; won: number; lost: number }[]) => rows.map((r) => [r.key, r.won, r.lost]);
    expect(won((await report('tz=UTC&by=campaign')).rows)).toEqual([
      [{ campaign: 'spring' }, 2, 0],
      [{ campaign: null }, 2, 1],
      [{ campaign: 'fall' }, 0, 1],
    ]);
    expect(won((await report('tz=UTC&by=affiliate')).rows)).toEqual([
      [{ affiliate: null }, 3, 2],
      [{ affiliate: 'blog' }, 1, 0],
    ]);
    expect((await report(`tz=UTC&owner=${ana}`)).totals).toMatchObject({ won: 2, lost: 1, wonAmount: 12001 });
    expect(won((await report('tz=UTC&source=ads&by=owner')).rows)).toEqual([
      [{ owner: 'Ana' }, 1, 0],
      [{ owner: 'Bo' }, 1, 0],
    ]);
  });

  it('downloads the rows as CSV with money in major units', async () => {
    const { get } = await seed();
    const res = await get('?from=2026-11-01&to=2026-12-01&tz=UTC&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('leadline-deals-2026-11-01-2026-11-30.csv');
    expect(await res.text()).toBe(
      'source,won,lost,winRate,wonAmount,lostAmount,averageDeal,medianCycleDays,averageCycleDays,currency\r\n' +
        'news,2,2,0.5,150.00,45.00,75.00,7,7,USD\r\n' +
        'ads,2,0,1,20.01,0.00,20.01,16,16,USD\r\n',
    );
  });

  it('refuses what it cannot answer', async () => {
    const { get, tokenFor, app, adminToken } = await seed();
    for (const q of ['?by=country', '?by=nope', '?owner=-1', '?pipeline=x', '?from=2026-12-01&to=2026-11-01'])
      expect((await get(q)).status, q).toBe(400);
    expect((await app.request('/v1/admin/reports/demographics?by=owner', as(adminToken))).status).toBe(400);
    expect((await app.request('/v1/admin/reports/customers?by=lostReason', as(adminToken))).status).toBe(400);
    expect((await get('', await tokenFor('viewer'))).status).toBe(200);
    expect((await get('', await tokenFor('integration'))).status).toBe(403);
  });
});

describe('won-value goals', () => {
  it('show this month’s won deals against the target on the overview and the deals report', async () => {
    const t = await testApp();
    const siteId = await siteIdOf(t.db, t.siteKey);
    const s = dealSeeder(t.db, siteId);
    const { stages } = await s.pipeline('Sales', [
      ['Won', 100, 'won'],
      ['Lost', 0, 'lost'],
    ]);
    const now = Date.now();
    await s.deal({ stage: stages.Won!, amount: 3000, closedAt: now - 1000 });
    await s.deal({ stage: stages.Won!, amount: 2000, currency: 'EUR', closedAt: now - 1000 });
    await s.deal({ stage: stages.Lost!, amount: 7000, closedAt: now - 1000 });
    await s.deal({ stage: stages.Won!, amount: 9000, closedAt: now - 40 * DAY });
    const put = (goal: object) => t.app.request('/v1/admin/goals', as(t.adminToken, 'PUT', goal));
    expect((await put({ metric: 'won_value', period: 'month', target: 12000 })).status).toBeLessThan(300);
    expect((await put({ metric: 'won_value', period: 'month', target: 1.5 })).status).toBe(400);
    expect((await put({ metric: 'leads', period: 'month', target: 2e9 })).status).toBe(400);
    const goal = { metric: 'won_value', period: 'month', target: 12000, actual: 3000, progress: 0.25, met: false };
    for (const name of ['overview', 'deals']) {
      const body = await (await t.app.request(`/v1/admin/reports/${name}?tz=UTC`, as(t.adminToken))).json();
      expect(body.goals, name).toEqual([expect.objectContaining(goal)]);
    }
  });

  if (!workerRun())
    it('survive the rebuild of the goals table in migration 0021', async () => {
      const db = createClient({ url: ':memory:' });
      const all = readMigrations();
      await migrate(
        db,
        all.filter((m) => m.name < '0021'),
      );
      const goal = (id: string, metric: string) =>
        db.execute({
          sql: "INSERT INTO goals (id, site_id, metric, period, target, created_at) VALUES (?, 1, ?, 'month', 5, 0)",
          args: [id, metric],
        });
      await db.execute("INSERT INTO sites (id, key, name, created_at) VALUES (1, 'pk_x', 'x', 0)");
      await goal('g1', 'leads');
      await migrate(db, all);
      expect((await db.execute('SELECT id, metric, target FROM goals')).rows.map((r) => ({ ...r }))).toEqual([
        { id: 'g1', metric: 'leads', target: 5 },
      ]);
      await goal('g2', 'won_value');
      await expect(goal('g3', 'nope')).rejects.toThrow(/CHECK/);
    });
});
