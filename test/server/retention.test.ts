import type { Client } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { mintSigninLink, newSession } from '../../server/auth/sessions.ts';
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

  it('drops expired admin sessions and used or expired sign-in links, and keeps what still works', async () => {
    const t = await testApp();
    const now = Date.now();
    const me = (await (await t.app.request('/v1/admin/me', as(t.adminToken))).json()).user.id as number;
    const stale = await newSession(me, undefined, now - 31 * DAY);
    const fresh = await newSession(me, undefined, now);
    const expired = await mintSigninLink(me, 'https://shop.example/admin', now - 3_600_000);
    const used = await mintSigninLink(me, 'https://shop.example/admin', now);
    const open = await mintSigninLink(me, 'https://shop.example/admin', now);
    await t.writes.run([stale.statement, fresh.statement, expired.statement, used.statement, open.statement]);
    await t.writes.run([
      { sql: 'UPDATE signin_links SET used_at = ? WHERE id = (SELECT min(id) + 1 FROM signin_links)', args: [now] },
    ]);
    const tokens = await count(t.db, 'SELECT count(*) AS n FROM tokens', []);

    await applyRetention(t, now);
    // The stale session is gone, the fresh one and every API token stay (and still sign in).
    expect(await count(t.db, 'SELECT count(*) AS n FROM tokens', [])).toBe(tokens - 1);
    expect(await count(t.db, 'SELECT count(*) AS n FROM tokens WHERE session = 1 AND expires_at < ?', [now])).toBe(0);
    expect((await t.app.request('/v1/admin/me', as(fresh.token))).status).toBe(200);
    expect((await t.app.request('/v1/admin/me', as(stale.token))).status).toBe(401);
    expect((await t.app.request('/v1/admin/me', as(t.adminToken))).status).toBe(200);
    // Only the unused, unexpired link is left.
    const links = await t.db.execute('SELECT used_at, expires_at FROM signin_links');
    expect(links.rows.map((r) => ({ ...r }))).toEqual([{ used_at: null, expires_at: now + 15 * 60_000 }]);
  });
});
