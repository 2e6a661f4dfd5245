import { describe, expect, it } from 'vitest';
import type { Client } from '@libsql/client';
import { rollupRebuildStatements } from '../../server/db/rollups.ts';
import { findSite } from '../../server/db/sites.ts';
import { reportQuery, resolveRange } from '../../server/reports/range.ts';
import { reports } from '../../server/reports/reports.ts';
import type { ReportName } from '../../server/schemas/reports.ts';
import { rebuildRollups } from '../../server/jobs/rollups.ts';
import { seedEvents } from '../bench/seed-events.ts';
import { as, eventId, pageview, post, testApp } from './test-app.ts';

const END = Date.UTC(2026, 3, 15); // 90 days back covers the Europe/Berlin DST change of 2026-03-29
const rollupRows = async (db: Client) =>
  (
    await db.execute(
      'SELECT site_id, type, bucket, session_bucket, dims, n, value FROM rollups WHERE n <> 0 ORDER BY site_id, type, bucket, session_bucket, dims',
    )
  ).rows.map((r) => ({ ...r }));

/** The rows the rollups should hold: a fresh recount of everything stored. */
async function recounted(db: Client, siteId: number) {
  await db.batch(rollupRebuildStatements(siteId, 0, END + 86_400_000), 'write');
  return rollupRows(db);
}

async function seeded() {
  const t = await testApp();
  const site = (await findSite(t.db, t.siteKey))!;
  await seedEvents(t.db, { siteId: site.id, events: 4000, end: END, seed: 11 });
  return { ...t, site };
}

async function bothWays<N extends ReportName>(
  t: Awaited<ReturnType<typeof seeded>>,
  name: N,
  query: Record<string, string>,
) {
  const q = reportQuery.parse(query);
  const { from, to, tz } = resolveRange(q, t.site.timeZone);
  const c = { db: t.db, site: t.site, from, to, tz, q };
  return [await reports[name](c), await reports[name]({ ...c, rollups: false })];
}

describe('rollups', () => {
  it('hold exactly what a recount of the events gives, after triggers on bulk writes', async () => {
    const t = await seeded();
    const kept = await rollupRows(t.db);
    expect(kept.length).toBeGreaterThan(100);
    expect(await recounted(t.db, t.site.id)).toEqual(kept);
  });

  it('answer every event-count report exactly as raw events do, in any zone, filters and series included', async () => {
    const t = await seeded();
    const cases: [ReportName, Record<string, string>][] = [
      ['overview', { from: '2026-02-01', to: '2026-03-03', interval: 'day' }],
      ['overview', { from: '2026-02-01', to: '2026-03-03', source: 'google', device: 'mobile' }],
      ['overview', { from: '2026-03-20', to: '2026-04-05', tz: 'Asia/Kolkata', interval: 'day' }],
      ['overview', { from: '2026-03-28', to: '2026-03-31', tz: 'Europe/Berlin', interval: 'day' }],
      ['overview', { from: '2026-03-01', to: '2026-04-01', tz: 'Asia/Kathmandu', interval: 'week' }],
      ['elements', { from: '2026-02-01', to: '2026-03-03' }],
      ['elements', { from: '2026-03-29', to: '2026-03-30', tz: 'Europe/Berlin', country: 'DE' }],
      ['elements', { from: '2026-02-10', to: '2026-02-20', tz: 'Asia/Kolkata' }],
      ['outbound', { from: '2026-02-01', to: '2026-03-03' }],
      ['outbound', { from: '2026-02-01', to: '2026-03-03', tz: 'America/St_Johns', source: 'partner-x' }],
    ];
    for (const [name, q] of cases) {
      const [fast, raw] = await bothWays(t, name, q);
      expect(fast, `${name} ${JSON.stringify(q)}`).toEqual(raw);
    }
    const [fast] = await bothWays(t, 'elements', { from: '2026-02-01', to: '2026-03-03' });
    expect((fast!.totals as { clicks: number }).clicks).toBeGreaterThan(0);
  });

  it('answer prices exactly as raw events do, in any zone and with filters', async () => {
    const t = await seeded();
    const cases: Record<string, string>[] = [
      { from: '2026-02-01', to: '2026-03-03' },
      { from: '2026-03-20', to: '2026-04-05', tz: 'Asia/Kolkata' },
      { from: '2026-02-01', to: '2026-04-15', device: 'mobile' },
      { from: '2026-02-01', to: '2026-04-15', tz: 'America/St_Johns', source: 'google', country: 'DE' },
    ];
    for (const q of cases) {
      const [fast, raw] = await bothWays(t, 'prices', q);
      expect(fast, JSON.stringify(q)).toEqual(raw);
    }
    const [fast] = await bothWays(t, 'prices', { from: '2026-02-01', to: '2026-04-15' });
    expect(fast!.rows.some((r) => r.conversions > 0)).toBe(true);
  });

  it("answer campaigns' conversions, value and other currencies exactly as raw events do", async () => {
    const t = await seeded();
    const cases: Record<string, string>[] = [
      { from: '2026-02-01', to: '2026-03-03' },
      { from: '2026-03-20', to: '2026-04-05', tz: 'Asia/Kolkata' },
      { from: '2026-03-28', to: '2026-03-31', tz: 'Europe/Berlin', device: 'mobile' },
      { from: '2026-02-01', to: '2026-04-15', tz: 'America/St_Johns', source: 'google', country: 'DE' },
    ];
    for (const q of cases) {
      const [fast, raw] = await bothWays(t, 'campaigns', q);
      expect(fast, JSON.stringify(q)).toEqual(raw);
    }
    const [fast] = await bothWays(t, 'campaigns', { from: '2026-02-01', to: '2026-04-15' });
    expect(fast!.totals.conversions).toBeGreaterThan(0);
    expect(Object.keys(fast!.otherCurrencies)).toEqual(['EUR']);
  });

  it('count a resent event once, and move counts when a late earlier event rewrites how the session began', async () => {
    const { app, db, siteKey } = await testApp();
    const now = Date.now();
    const first = pageview({ ts: now, session: 'session-late-1', url: 'https://shop.example/?utm_source=news' });
    const click = { ...pageview({ ts: now + 1000, session: 'session-late-1' }), type: 'click', name: 'buy' };
    expect((await app.request('/v1/events', post({ site: siteKey, events: [first, click] }))).status).toBe(202);
    const again = await app.request('/v1/events', post({ site: siteKey, events: [first, click] }));
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 2 });
    const total = async () => Number((await db.execute('SELECT sum(n) AS n FROM rollups')).rows[0]!.n);
    expect(await total()).toBe(2);
    // An earlier event of the same session arrives late, from another source.
    const earlier = pageview({
      id: eventId(),
      ts: now - 60_000,
      session: 'session-late-1',
      url: 'https://shop.example/?utm_source=ads',
    });
    await app.request('/v1/events', post({ site: siteKey, events: [earlier] }));
    expect(await total()).toBe(3);
    const bySource = await db.execute('SELECT source, sum(n) AS n FROM rollups WHERE n <> 0 GROUP BY source');
    expect(bySource.rows.map((r) => [r.source, Number(r.n)])).toEqual([['ads', 3]]);
    const site = (await findSite(db, siteKey))!;
    const kept = await rollupRows(db);
    await db.batch(rollupRebuildStatements(site.id, now - 86_400_000, now + 86_400_000), 'write');
    expect(await rollupRows(db)).toEqual(kept);
  });

  it('hold exactly a recount after requests where every event starts a new session, late earlier ones too', async () => {
    const t = await seeded();
    const now = Date.now() - 6 * 3_600_000;
    const sources = ['news', 'ads', 'partner-x', 'google'];
    const batch = (r: number, shift = 0) =>
      Array.from({ length: 100 }, (_, i) => ({
        ...pageview({
          ts: now + r * 3_600_000 + i * 1000 - shift,
          visitor: `new-visitor-${r}-${i}`,
          session: `new-session-${r}-${i}`,
          url: `https://shop.example/p/${i}?utm_source=${sources[(i + (shift ? 1 : 0)) % sources.length]}`,
        }),
        ...(i % 4 === 1 ? { type: 'click', name: 'buy-pro', props: { price: 4900, currency: 'USD' } } : {}),
        ...(i % 9 === 2 ? { type: 'conversion', name: 'purchase', value: 900 + i, currency: 'USD' } : {}),
      }));
    for (let r = 0; r < 3; r++) {
      const res = await t.app.request('/v1/events', post({ site: t.siteKey, events: batch(r) }));
      expect(await res.json()).toEqual({ accepted: 100, duplicates: 0 });
    }
    // Earlier first events of the first request's sessions, from another source: every one of them is rewritten.
    const late = batch(0, 7 * 60_000).map((e) => ({ ...e, id: eventId() }));
    expect((await t.app.request('/v1/events', post({ site: t.siteKey, events: late }))).status).toBe(202);
    // Each of those sessions now begins with the late event's source (news → ads for every fourth).
    const moved = await t.db.execute("SELECT id FROM sessions WHERE id LIKE 'new-session-0-%' AND source = 'ads'");
    expect(moved.rows.map((r) => Number(String(r.id).slice(14)) % 4)).toEqual(Array(25).fill(0));
    const kept = await rollupRows(t.db);
    await t.db.batch(rollupRebuildStatements(t.site.id, 0, Date.now() + 86_400_000), 'write');
    expect(await rollupRows(t.db)).toEqual(kept);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const window = { from: day(now - 86_400_000), to: day(now + 2 * 86_400_000), tz: 'UTC', interval: 'day' };
    const [fast, raw] = await bothWays(t, 'overview', window);
    expect(fast).toEqual(raw);
    expect((fast!.totals as { pageviews: number }).pageviews).toBeGreaterThan(200);
    const [elements, rawElements] = await bothWays(t, 'elements', window);
    expect(elements).toEqual(rawElements);
  });

  it('are recounted for the erased buckets when a contact is erased, and by the rebuild job', async () => {
    const t = await seeded();
    const { rows } = await t.db.execute(
      'SELECT c.id, c.email, count(*) AS n FROM contacts c JOIN contact_visitors cv ON cv.contact_id = c.id JOIN events e ON e.visitor = cv.visitor GROUP BY c.id ORDER BY n DESC LIMIT 1',
    );
    const victim = rows[0]!;
    const before = Number((await t.db.execute('SELECT sum(n) AS n FROM rollups')).rows[0]!.n);
    const res = await t.app.request(
      `/v1/admin/contacts/${victim.id}/erase`,
      as(t.adminToken, 'POST', { confirm: victim.email }),
    );
    expect(await res.json()).toEqual({ erased: true, events: Number(victim.n) });
    expect(Number((await t.db.execute('SELECT sum(n) AS n FROM rollups')).rows[0]!.n)).toBe(before - Number(victim.n));
    const kept = await rollupRows(t.db);
    expect(await recounted(t.db, t.site.id)).toEqual(kept);

    // Retention-style delete outside erase: the job recounts the range.
    const cut = Date.UTC(2026, 1, 1);
    await t.db.execute({ sql: 'DELETE FROM events WHERE site_id = ? AND ts < ?', args: [t.site.id, cut] });
    await rebuildRollups(t.writes, t.site.id, END - 91 * 86_400_000, cut);
    expect(
      Number(
        (
          await t.db.execute({
            sql: 'SELECT coalesce(sum(n), 0) AS n FROM rollups WHERE bucket < ?',
            args: [cut / 900_000],
          })
        ).rows[0]!.n,
      ),
    ).toBe(0);
    const [fast, raw] = await bothWays(t, 'overview', { from: '2026-01-20', to: '2026-02-10', interval: 'day' });
    expect(fast).toEqual(raw);
  });
});
