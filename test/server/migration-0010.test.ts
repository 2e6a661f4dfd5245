import { createClient, type Client } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { migrate, readMigrations, type Migration } from '../../server/db/migrate.ts';
import { rollupRebuildStatements } from '../../server/db/rollups.ts';
import { expectedBackfill, OLD_SITE, seedOldDatabase, sessionRows } from '../bench/old-database.ts';

const DAY = 86_400_000;
const all = readMigrations();
const at = (name: string) => all.findIndex((m) => m.name === name);
const upTo0009 = all.slice(0, at('0009_rollups.sql') + 1);
const new0010 = all[at('0010_backfill_sessions.sql')]!;

/** The first 0010 (quadratic: a correlated min(ts) per event), kept only as the oracle of the rewrite. */
const OLD_0010: Migration = {
  name: '0010_backfill_sessions.sql',
  sql: `INSERT OR IGNORE INTO sessions (site_id, id, visitor, started_at, landing_url, referrer, source, medium,
      campaign, term, content)
    SELECT e.site_id, e.session, e.visitor, e.ts, e.url, e.ref,
      coalesce(json_extract(e.utm, '$.source'), 'direct'), json_extract(e.utm, '$.medium'),
      json_extract(e.utm, '$.campaign'), json_extract(e.utm, '$.term'), json_extract(e.utm, '$.content')
    FROM events e
    WHERE NOT EXISTS (SELECT 1 FROM sessions s WHERE s.site_id = e.site_id AND s.id = e.session)
      AND e.ts = (SELECT min(f.ts) FROM events f WHERE f.site_id = e.site_id AND f.session = e.session)
    GROUP BY e.site_id, e.session;`,
};

const rows = async (db: Client, sql: string) => (await db.execute(sql)).rows.map((r) => ({ ...r }));
const everything = async (db: Client) => ({
  sessions: await rows(db, 'SELECT * FROM sessions ORDER BY site_id, id'),
  rollups: await rows(db, 'SELECT * FROM rollups ORDER BY site_id, type, bucket, session_bucket, dims'),
  schema: await rows(db, "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"),
});

/** Events of two sites as a 0001-era tracker stored them (no sessions), some sessions already present. */
async function fixture(): Promise<Client> {
  const db = createClient({ url: ':memory:' });
  await migrate(db, upTo0009);
  const t0 = Date.UTC(2026, 2, 1, 9);
  type Extra = { name?: string; ref?: string; props?: string; value?: number; currency?: string; utm?: string };
  const event = (i: number, site: number, session: string, ts: number, type = 'pageview', extra: Extra = {}) => ({
    sql: `INSERT INTO events (id, site_id, type, name, ts, received_at, visitor, session, url, ref, props, value,
            currency, utm) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      `0190c0de-0000-7000-8000-${String(i).padStart(12, '0')}`,
      site,
      type,
      extra.name ?? null,
      ts,
      ts,
      `visitor-${session}`,
      session,
      `https://shop.example/${session}/${i}`,
      extra.ref ?? null,
      extra.props ?? null,
      extra.value ?? null,
      extra.currency ?? null,
      extra.utm ?? null,
    ],
  });
  const utm = JSON.stringify({ source: 'news', medium: 'email', campaign: 'may', term: 'lamp', content: 'top' });
  await db.batch(
    [
      ...[1, 2].map((id) => ({
        sql: `INSERT INTO sites (id, key, name, allowed_origins, time_zone, currency, settings, created_at)
            VALUES (?, ?, 'Shop', '[]', 'UTC', 'EUR', '{}', 0)`,
        args: [id, `pk_${id}`],
      })),
      // Stored out of time order: the earliest event (with UTM) arrives second.
      event(1, 1, 'a', t0 + 5 * 60_000, 'click', { name: 'buy', props: '{"price":900,"currency":"EUR"}' }),
      event(2, 1, 'a', t0, 'pageview', { utm, ref: 'https://news.example/' }),
      event(3, 1, 'a', t0 + 40 * 60_000, 'conversion', { name: 'purchase', value: 900, currency: 'EUR' }),
      // The same session id on another site is another session.
      event(4, 2, 'a', t0 + DAY, 'pageview', { utm: JSON.stringify({ source: 'ads' }) }),
      event(5, 2, 'a', t0 + DAY + 1000, 'outbound', { name: 'partner.example', props: '{"affiliate":"partner-x"}' }),
      // No UTM: direct.
      event(6, 1, 'b', t0 + 2 * DAY),
      event(7, 1, 'b', t0 + 2 * DAY + 15 * 60_000, 'vital', { name: 'LCP', props: '{"value":1200}' }),
      // Already has its session: left alone.
      event(8, 1, 'c', t0 + 3 * DAY, 'pageview', { utm }),
      {
        sql: "INSERT INTO sessions (site_id, id, visitor, started_at, source) VALUES (1, 'c', 'visitor-c', ?, 'kept')",
        args: [t0 + 3 * DAY],
      },
      // Many sessions over both sites, no two events of a session at the same time.
      ...Array.from({ length: 30 }, (_, i) =>
        event(
          100 + i,
          1 + (i % 2),
          `many-${i % 7}`,
          t0 + 4 * DAY + ((i * 37) % 30) * 60_000,
          i % 3 ? 'pageview' : 'click',
          i % 3 ? {} : { name: 'signup' },
        ),
      ),
    ],
    'write',
  );
  return db;
}

describe('migration 0010 (sessions for events stored before sessions existed)', () => {
  it('writes exactly the sessions and rollups the first, quadratic version did, and no helper index', async () => {
    const [before, after] = [await fixture(), await fixture()];
    await migrate(before, [...upTo0009, OLD_0010]);
    await migrate(after, [...upTo0009, new0010]);
    const expected = await everything(before);
    expect(expected.sessions.length).toBe(18);
    expect(expected.sessions.find((s) => s.site_id === 1 && s.id === 'a')).toMatchObject({
      source: 'news',
      medium: 'email',
      campaign: 'may',
      term: 'lamp',
      content: 'top',
      referrer: 'https://news.example/',
    });
    expect(await everything(after)).toEqual(expected);
  });

  it('takes the first stored of two earliest events', async () => {
    const db = createClient({ url: ':memory:' });
    await migrate(db, upTo0009);
    await db.batch(
      [
        `INSERT INTO sites (id, key, name, allowed_origins, time_zone, currency, settings, created_at)
       VALUES (1, 'pk', 'S', '[]', 'UTC', 'EUR', '{}', 0)`,
        ...['https://shop.example/second', 'https://shop.example/first', 'https://shop.example/third'].map(
          (url, i) => ({
            sql: `INSERT INTO events (id, site_id, type, ts, received_at, visitor, session, url)
              VALUES (?, 1, 'pageview', ?, 0, 'v', 's', ?)`,
            args: [`id-${2 - i}`, i === 2 ? 2000 : 1000, url],
          }),
        ),
      ],
      'write',
    );
    await migrate(db, [...upTo0009, new0010]);
    expect(await rows(db, 'SELECT started_at, landing_url FROM sessions')).toEqual([
      { started_at: 1000, landing_url: 'https://shop.example/second' },
    ]);
  });

  it('upgrades a 100 k-event database from 0008 through every later migration in seconds, rightly', async () => {
    const db = createClient({ url: ':memory:' });
    const seeded = await seedOldDatabase(db, { events: 100_000, end: Date.UTC(2026, 5, 1) });
    expect(seeded.missingSessions).toBeGreaterThan(9_000);
    const expected = await expectedBackfill(db);
    expect(expected).toHaveLength(seeded.missingSessions);

    const log: string[] = [];
    const t0 = performance.now();
    await migrate(db, undefined, (line) => log.push(line));
    const ms = performance.now() - t0;
    const done = log.filter((l) => l.startsWith('Migrated'));
    console.log(`100 k events, migrations 0009 → latest: ${(ms / 1000).toFixed(1)} s\n  ${done.join('\n  ')}`);
    expect(done).toHaveLength(all.length - at('0009_rollups.sql'));

    expect(await sessionRows(db, new Set(expected.map((s) => `${s.site_id} ${s.id}`)))).toEqual(expected);
    expect(new Set(expected.map((s) => s.source)).size).toBeGreaterThan(5);
    // The rollups the triggers kept while sessions appeared are exactly a recount.
    const rollups = `SELECT site_id, type, bucket, session_bucket, dims, n, value FROM rollups WHERE n <> 0
                     ORDER BY 1, 2, 3, 4, 5`;
    const kept = await rows(db, rollups);
    expect(kept.filter((r) => r.session_bucket === -1)).toEqual([]);
    await db.batch(rollupRebuildStatements(OLD_SITE, 0, Date.UTC(2026, 6, 1)), 'write');
    expect(await rows(db, rollups)).toEqual(kept);
  }, 60_000);
});
