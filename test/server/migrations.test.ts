import { createClient, type Client } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { hashSecret } from '../../server/auth/secrets.ts';
import { migrate, readMigrations } from '../../server/db/migrate.ts';
import { createBatchingWriteQueue } from '../../server/db/write-queue.ts';

const DAY = 86_400_000;
const all = async (db: Client, table: string) =>
  (await db.execute(`SELECT * FROM ${table} ORDER BY rowid`)).rows.map((r) => ({ ...r }));

/**
 * Upgrades: migrations are forward-only and each runs in one transaction with
 * its record. A database made at the first migration, with data written the
 * way that version wrote it, upgrades to the latest with nothing lost and is
 * served by today's app.
 */
describe('migrations', () => {
  it('upgrades a first-migration database with data to the latest schema, losing nothing', async () => {
    const migrations = readMigrations();
    expect(migrations.length).toBeGreaterThan(1);
    const db = createClient({ url: ':memory:' });
    expect(await migrate(db, migrations.slice(0, 1))).toEqual([migrations[0]!.name]);

    // Data as version 0001 held it: a site, its owner and token, and a day of events.
    const token = 'sk_upgrade-test-token-0123456789abcdef';
    const today = Math.floor(Date.now() / DAY) * DAY;
    await db.batch(
      [
        {
          sql: "INSERT INTO sites (id, key, name, allowed_origins, time_zone, currency, settings, created_at) VALUES (1, 'pk_old', 'Old shop', '[]', 'Asia/Kolkata', 'EUR', '{}', ?)",
          args: [today - 30 * DAY],
        },
        {
          sql: "INSERT INTO users (id, site_id, name, email, role, created_at) VALUES (1, 1, 'Owner', 'owner@old.test', 'owner', ?)",
          args: [today - 30 * DAY],
        },
        {
          sql: 'INSERT INTO tokens (user_id, hash, label, created_at) VALUES (1, ?, ?, ?)',
          args: [await hashSecret(token), 'from 0001', today - 30 * DAY],
        },
        ...['a', 'b', 'c'].map((v, i) => ({
          sql: "INSERT INTO events (id, site_id, type, name, ts, received_at, visitor, session, url, props) VALUES (?, 1, ?, ?, ?, ?, ?, ?, 'https://old.example/pricing', ?)",
          args: [
            `0190c0de-0000-7000-8000-00000000000${i}`,
            i === 2 ? 'click' : 'pageview',
            i === 2 ? 'plan-pro' : null,
            today + i * 60_000,
            today + i * 60_000,
            `visitor-${v}`,
            `session-${v}`,
            i === 2 ? '{"price":9900,"currency":"EUR"}' : null,
          ],
        })),
      ],
      'write',
    );
    const before = {
      sites: await all(db, 'sites'),
      users: await all(db, 'users'),
      tokens: await all(db, 'tokens'),
      events: await all(db, 'events'),
    };

    const applied = await migrate(db);
    expect(applied).toEqual(migrations.slice(1).map((m) => m.name));
    expect(await migrate(db)).toEqual([]);
    // Every row and value of before is still there (new columns may have been added beside them).
    for (const [table, rows] of Object.entries(before)) {
      const now = await all(db, table);
      expect(now.length, table).toBe(rows.length);
      rows.forEach((row, i) => expect(now[i], table).toMatchObject(row));
    }

    // Today's app serves the upgraded data: the old token still works and reports count the old events.
    const app = createApp({ db, writes: createBatchingWriteQueue(db), groupIngest: true, emailEnabled: false });
    const auth = { headers: { authorization: `Bearer ${token}` } };
    const events = await (await app.request('/v1/admin/events', auth)).json();
    expect(events.events).toHaveLength(3);
    const day = new Date(today).toISOString().slice(0, 10);
    const next = new Date(today + DAY).toISOString().slice(0, 10);
    const overview = await (await app.request(`/v1/admin/reports/overview?from=${day}&to=${next}&tz=UTC`, auth)).json();
    expect(overview).toMatchObject({ currency: 'EUR', totals: { pageviews: 2 } });
    const prices = await (await app.request(`/v1/admin/reports/prices?from=${day}&to=${next}&tz=UTC`, auth)).json();
    expect(prices.rows).toEqual([{ key: { price: 9900, currency: 'EUR' }, clicks: 1, conversions: 0 }]);
  });

  it('applies a migration whole or not at all', async () => {
    const db = createClient({ url: ':memory:' });
    await migrate(db);
    const broken = [
      { name: '9998_half.sql', sql: 'CREATE TABLE half_done (id INTEGER);\nINSERT INTO no_such_table VALUES (1);' },
    ];
    await expect(migrate(db, [...readMigrations(), ...broken])).rejects.toThrow();
    const tables = (await db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'half_done'"))
      .rows;
    expect(tables).toEqual([]);
    expect(
      (await db.execute("SELECT count(*) AS n FROM schema_migrations WHERE name = '9998_half.sql'")).rows[0]!.n,
    ).toBe(0);
    // The database is still usable, and the fixed migration applies later.
    await db.execute('ROLLBACK').catch(() => {});
    expect(
      await migrate(db, [...readMigrations(), { name: '9998_half.sql', sql: 'CREATE TABLE half_done (id INTEGER);' }]),
    ).toEqual(['9998_half.sql']);
  });
});
