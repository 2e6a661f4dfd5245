/**
 * A database as an old release left it, for timing and checking upgrades:
 * migrated up to `upTo` (default 0008, before rollups), one site, `events`
 * seeded events (test/bench/seed-events.ts), UTM stored on the events of
 * campaign sessions, and every other session row missing — events stored
 * before sessions existed, which 0010 gives a session.
 */
import type { Client } from '@libsql/client';
import { migrate, readMigrations } from '../../server/db/migrate.ts';
import { seedEvents } from './seed-events.ts';

export const OLD_SITE = 1;

export async function seedOldDatabase(
  db: Client,
  o: { events: number; end: number; upTo?: string },
): Promise<Record<string, number> & { missingSessions: number }> {
  const all = readMigrations();
  const upTo = o.upTo ?? '0008_email.sql';
  await migrate(db, all.slice(0, all.findIndex((m) => m.name === upTo) + 1));
  await db.execute({
    sql: `INSERT INTO sites (id, key, name, allowed_origins, time_zone, currency, settings, created_at)
          VALUES (?, 'pk_old', 'Old shop', '[]', 'Europe/Berlin', 'EUR', '{}', 0)`,
    args: [OLD_SITE],
  });
  const counts = await seedEvents(db, { siteId: OLD_SITE, events: o.events, end: o.end });
  const [, deleted] = await db.batch(
    [
      // One primary-key lookup per event: linear.
      `UPDATE events SET utm = (SELECT CASE WHEN s.source <> 'direct'
       THEN json_object('source', s.source, 'medium', s.medium, 'campaign', s.campaign) END
       FROM sessions s WHERE s.site_id = events.site_id AND s.id = events.session)`,
      'DELETE FROM sessions WHERE rowid % 2 = 0',
    ],
    'write',
  );
  return { ...counts, missingSessions: deleted!.rowsAffected };
}

/** The session 0010 should give each (site, session) without one: from its earliest event, first stored on a tie. */
export async function expectedBackfill(db: Client) {
  const { rows } = await db.execute(
    `SELECT site_id, session, visitor, ts, url, ref, utm FROM events e
     WHERE NOT EXISTS (SELECT 1 FROM sessions s WHERE s.site_id = e.site_id AND s.id = e.session) ORDER BY rowid`,
  );
  const first = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const key = `${r.site_id} ${r.session}`;
    const seen = first.get(key);
    if (!seen || Number(r.ts) < Number(seen.ts)) first.set(key, r);
  }
  return [...first.values()]
    .map((r) => {
      const utm = r.utm ? (JSON.parse(String(r.utm)) as Record<string, string | null>) : {};
      return {
        site_id: Number(r.site_id),
        id: String(r.session),
        visitor: String(r.visitor),
        started_at: Number(r.ts),
        landing_url: r.url,
        referrer: r.ref,
        source: utm.source ?? 'direct',
        medium: utm.medium ?? null,
        campaign: utm.campaign ?? null,
        term: utm.term ?? null,
        content: utm.content ?? null,
      };
    })
    .sort((a, b) => a.site_id - b.site_id || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The sessions with the columns 0010 writes, in the order of expectedBackfill. */
export async function sessionRows(db: Client, ids?: Set<string>) {
  const { rows } = await db.execute(
    `SELECT site_id, id, visitor, started_at, landing_url, referrer, source, medium, campaign, term, content
     FROM sessions ORDER BY site_id, id`,
  );
  return rows.map((r) => ({ ...r })).filter((r) => !ids || ids.has(`${r.site_id} ${r.id}`));
}
