import type { Client } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { rollupRebuildStatements } from '../../server/db/rollups.ts';
import { createSite, findSite } from '../../server/db/sites.ts';
import { applyRetention } from '../../server/jobs/retention.ts';
import { seedEvents } from '../bench/seed-events.ts';
import { as, testApp } from './test-app.ts';

const DAY = 86_400_000;
const END = Date.UTC(2026, 3, 15, 10, 7); // not on a bucket edge
const rollups = async (db: Client, site: number) =>
  (
    await db.execute({
      sql: 'SELECT type, bucket, session_bucket, dims, n, value FROM rollups WHERE site_id = ? AND n <> 0 ORDER BY type, bucket, session_bucket, dims',
      args: [site],
    })
  ).rows.map((r) => ({ ...r }));
const count = async (db: Client, sql: string, args: number[]) => Number((await db.execute({ sql, args })).rows[0]!.n);

/** Retention: a site's events older than its retentionDays go, with their sessions and rollups; nothing else does. */
describe('data retention', () => {
  it('deletes old events and sessions of the sites that set it, and leaves rollups equal to a recount', async () => {
    const t = await testApp();
    const keep = await createSite(t.writes, { name: 'Keeps everything' });
    const [a, b] = [(await findSite(t.db, t.siteKey))!, (await findSite(t.db, keep.siteKey))!];
    await seedEvents(t.db, { siteId: a.id, events: 3000, end: END, seed: 5 });
    await seedEvents(t.db, { siteId: b.id, events: 1000, end: END, seed: 6 });
    expect((await t.app.request('/v1/admin/settings', as(t.adminToken, 'PATCH', { retentionDays: 30 }))).status).toBe(
      200,
    );
    const cutoff = Math.floor((END - 30 * DAY) / 900_000) * 900_000;
    const old = await count(t.db, 'SELECT count(*) AS n FROM events WHERE site_id = ? AND ts < ?', [a.id, cutoff]);
    const young = await count(t.db, 'SELECT count(*) AS n FROM events WHERE site_id = ? AND ts >= ?', [a.id, cutoff]);
    const others = await count(t.db, 'SELECT count(*) AS n FROM events WHERE site_id = ?', [b.id]);
    const contacts = await count(t.db, 'SELECT count(*) AS n FROM contacts WHERE site_id = ?', [a.id]);
    expect(old).toBeGreaterThan(1000);
    expect(young).toBeGreaterThan(500);

    expect(await applyRetention(t, END)).toEqual({ [a.id]: old });
    expect(await count(t.db, 'SELECT count(*) AS n FROM events WHERE site_id = ? AND ts < ?', [a.id, cutoff])).toBe(0);
    expect(await count(t.db, 'SELECT count(*) AS n FROM events WHERE site_id = ?', [a.id])).toBe(young);
    expect(
      await count(t.db, 'SELECT count(*) AS n FROM sessions WHERE site_id = ? AND started_at < ?', [a.id, cutoff]),
    ).toBe(0);
    expect(await count(t.db, 'SELECT count(*) AS n FROM events WHERE site_id = ?', [b.id])).toBe(others);
    expect(await count(t.db, 'SELECT count(*) AS n FROM contacts WHERE site_id = ?', [a.id])).toBe(contacts);
    // The rollups hold what a recount of the remaining events gives.
    const kept = await rollups(t.db, a.id);
    await t.db.batch(rollupRebuildStatements(a.id, 0, END + DAY), 'write');
    expect(kept).toEqual(await rollups(t.db, a.id));
    expect(Math.min(...kept.map((r) => Number(r.bucket)))).toBeGreaterThanOrEqual(cutoff / 900_000);
    // Running again finds nothing more.
    expect(await applyRetention(t, END)).toEqual({ [a.id]: 0 });
  });
});
