import { describe, expect, it } from 'vitest';
import { createSite, findSite } from '../../server/db/sites.ts';
import { pipeline } from '../../server/reports/pipeline.ts';
import { dealSeeder, dealUuid, seedUser, siteIdOf } from './deal-seed.ts';
import { as, testApp } from './test-app.ts';

const addMonths = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7);
};

/**
 * Pipeline "Sales": Lead 10 %, Proposal 50 %, Won, Lost; pipeline "Partners": Intro 20 %. M0 = this month (UTC).
 * Open deals of Sales (amount, probability → weighted, close date):
 *   Lead:     A 1000 (10 % → 100, M0-15, Ana, news) · B 1005 (own 50 % → 502.5 → 503, M1-01, Bo, ads)
 *             F 700 (→ 70, no close date) · I 250 (→ 25, M12-01: past the forecast)
 *   Proposal: C 2001 (50 % → 1000.5 → 1001, M0-28, Ana) · D 5000 EUR (→ 2500 EUR, M0-10)
 *             E 3000 (own 0 % → 0, last month: overdue) · H 400 (→ 200, M0-01, Ana; won once, reopened)
 * Not counted: G won 9999; Partners' J 8000 (Intro); another site's deal.
 */
async function seed() {
  const t = await testApp();
  const siteId = await siteIdOf(t.db, t.siteKey);
  const s = dealSeeder(t.db, siteId);
  const ana = await seedUser(t.db, siteId, 'Ana');
  const bo = await seedUser(t.db, siteId, 'Bo');
  const M0 = new Date().toISOString().slice(0, 7);
  const sales = await s.pipeline('Sales', [
    ['Lead', 10],
    ['Proposal', 50],
    ['Won', 100, 'won'],
    ['Lost', 0, 'lost'],
  ]);
  const partners = await s.pipeline('Partners', [['Intro', 20]]);
  const { Lead, Proposal, Won } = sales.stages;
  await s.deal({ stage: Lead!, amount: 1000, closeDate: `${M0}-15`, ownerId: ana, source: 'news' });
  await s.deal({ stage: Lead!, amount: 1005, probability: 50, closeDate: `${addMonths(M0, 1)}-01`, ownerId: bo });
  await s.deal({ stage: Lead!, amount: 700 });
  await s.deal({ stage: Lead!, amount: 250, closeDate: `${addMonths(M0, 12)}-01` });
  await s.deal({ stage: Proposal!, amount: 2001, closeDate: `${M0}-28`, ownerId: ana });
  await s.deal({ stage: Proposal!, amount: 5000, currency: 'EUR', closeDate: `${M0}-10` });
  await s.deal({ stage: Proposal!, amount: 3000, probability: 0, closeDate: `${addMonths(M0, -1)}-28` });
  const reopened = await s.deal({
    stage: Proposal!,
    amount: 400,
    closeDate: `${M0}-01`,
    ownerId: ana,
    closedAt: Date.now() - 86_400_000,
  });
  await t.db.execute({
    sql: `INSERT INTO deal_stage_changes (site_id, deal_id, from_stage_id, to_stage_id, at)
          VALUES (?, ?, ?, ?, 1), (?, ?, ?, ?, 2)`,
    args: [siteId, reopened, Proposal!, Won!, siteId, reopened, Won!, Proposal!],
  });
  await s.deal({ stage: Won!, amount: 9999, closeDate: `${M0}-02`, closedAt: Date.now() });
  await s.deal({ stage: partners.stages.Intro!, amount: 8000, closeDate: `${M0}-20`, source: 'news' });
  const other = await createSite(t.writes, { name: 'Other shop', origins: [] });
  const o = dealSeeder(t.db, await siteIdOf(t.db, other.siteKey));
  const theirs = await o.pipeline('Sales', [['Lead', 10]]);
  await o.deal({ stage: theirs.stages.Lead!, amount: 123456, closeDate: `${M0}-15` });
  const get = (query = '', token = t.adminToken) => t.app.request(`/v1/admin/reports/pipeline${query}`, as(token));
  const report = async (query = '') => {
    const res = await get(query);
    expect(res.status).toBe(200);
    return res.json();
  };
  return { ...t, M0, ana, sales, partners, theirs, get, report };
}

const empty = { count: 0, amount: 0, weighted: 0 };

describe('pipeline report', () => {
  it('counts, sums and weights the open deals of each stage, and forecasts them by close month', async () => {
    const { M0, sales, partners, report } = await seed();
    const body = await report('?tz=UTC');
    expect(body.pipeline).toEqual({ id: sales.id, name: 'Sales' });
    expect(body.pipelines).toEqual([
      { id: sales.id, name: 'Sales' },
      { id: partners.id, name: 'Partners' },
    ]);
    expect(body.rows).toEqual([
      { key: { stage: 'Lead' }, count: 4, amount: 2955, weighted: 698 },
      { key: { stage: 'Proposal' }, count: 4, amount: 5401, weighted: 1201 },
    ]);
    expect(body.totals).toEqual({ count: 8, amount: 8356, weighted: 1899, overdue: 1, undated: 1 });
    expect(body.otherCurrencies).toEqual({ EUR: 5000 });
    expect(body.otherWeighted).toEqual({ EUR: 2500 });
    expect(body.series).toHaveLength(12);
    expect(body.series[0]).toEqual({ t: `${M0}-01T00:00:00.000Z`, count: 4, amount: 3401, weighted: 1301 });
    expect(body.series[1]).toEqual({
      t: `${addMonths(M0, 1)}-01T00:00:00.000Z`,
      count: 1,
      amount: 1005,
      weighted: 503,
    });
    for (const [i, m] of body.series.slice(2).entries())
      expect(m).toEqual({ t: `${addMonths(M0, i + 2)}-01T00:00:00.000Z`, ...empty });
  });

  it('filters by owner and source, and reports another pipeline when asked', async () => {
    const { ana, partners, report } = await seed();
    const mine = await report(`?owner=${ana}`);
    expect(mine.rows).toEqual([
      { key: { stage: 'Lead' }, count: 1, amount: 1000, weighted: 100 },
      { key: { stage: 'Proposal' }, count: 2, amount: 2401, weighted: 1201 },
    ]);
    expect(mine.totals).toEqual({ count: 3, amount: 3401, weighted: 1301, overdue: 0, undated: 0 });
    const news = await report('?source=news');
    expect(news.rows).toEqual([
      { key: { stage: 'Lead' }, count: 1, amount: 1000, weighted: 100 },
      { key: { stage: 'Proposal' }, ...empty },
    ]);
    const theirs = await report(`?pipeline=${partners.id}`);
    expect(theirs.pipeline).toEqual({ id: partners.id, name: 'Partners' });
    expect(theirs.rows).toEqual([{ key: { stage: 'Intro' }, count: 1, amount: 8000, weighted: 1600 }]);
  });

  it('downloads the stages as CSV, money in major units', async () => {
    const { get } = await seed();
    const res = await get('?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(await res.text()).toBe(
      'stage,count,amount,weighted,currency\r\nLead,4,29.55,6.98,USD\r\nProposal,4,54.01,12.01,USD\r\n',
    );
  });

  it('refuses bad parameters and other sites’ pipelines, and lets viewers read', async () => {
    const { get, theirs, tokenFor, app } = await seed();
    expect((await get('?pipeline=nope')).status).toBe(400);
    expect((await get('?owner=abc')).status).toBe(400);
    expect((await get('?owner=0')).status).toBe(400);
    expect((await get('?by=owner')).status).toBe(400);
    const foreign = await get(`?pipeline=${theirs.id}`);
    expect(foreign.status).toBe(404);
    expect((await foreign.json()).error.code).toBe('not_found');
    expect((await get(`?pipeline=${dealUuid()}`)).status).toBe(404);
    expect((await get('', await tokenFor('viewer'))).status).toBe(200);
    expect((await app.request('/v1/admin/reports/pipeline')).status).toBe(401);
  });

  it('answers an empty pipeline list with zero rows and a zero forecast', async () => {
    const { app, adminToken } = await testApp();
    const body = await (await app.request('/v1/admin/reports/pipeline', as(adminToken))).json();
    expect(body.pipeline).toBeNull();
    expect(body.rows).toEqual([]);
    expect(body.totals).toEqual({ ...empty, overdue: 0, undated: 0 });
    expect(body.series.every((m: typeof empty) => m.count === 0)).toBe(true);
  });

  it('starts the forecast at the month it is in the report’s zone, half-hour offsets and DST included', async () => {
    const t = await testApp();
    const s = dealSeeder(t.db, await siteIdOf(t.db, t.siteKey));
    const { stages } = await s.pipeline('Sales', [['Lead', 50]]);
    await s.deal({ stage: stages.Lead!, amount: 100, closeDate: '2026-11-20' });
    await s.deal({ stage: stages.Lead!, amount: 300, closeDate: '2026-12-05' });
    const site = (await findSite(t.db, t.siteKey))!;
    // 20:00 UTC on 30 November: 01:30 on 1 December in Kolkata, 16:30 on 30 November in St John's.
    const now = Date.UTC(2026, 10, 30, 20);
    const at = (tz: string) => pipeline({ db: t.db, site, from: 0, to: now, tz, q: {} }, now);
    const kolkata = await at('Asia/Kolkata');
    expect(kolkata.series.slice(0, 2)).toEqual([
      { t: '2026-11-30T18:30:00.000Z', count: 1, amount: 300, weighted: 150 },
      { t: '2026-12-31T18:30:00.000Z', ...empty },
    ]);
    expect(kolkata.totals).toMatchObject({ count: 2, overdue: 1 });
    const stJohns = await at('America/St_Johns');
    // November begins in daylight time (UTC−2:30), December in standard time (UTC−3:30).
    expect(stJohns.series.slice(0, 2)).toEqual([
      { t: '2026-11-01T02:30:00.000Z', count: 1, amount: 100, weighted: 50 },
      { t: '2026-12-01T03:30:00.000Z', count: 1, amount: 300, weighted: 150 },
    ]);
    expect(stJohns.totals).toMatchObject({ count: 2, overdue: 0 });
  });
});
