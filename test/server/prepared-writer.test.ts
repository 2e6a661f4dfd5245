import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InStatement } from '@libsql/client';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { preparedWriter } from '../../server/db/prepared-writer.ts';
import { createSite } from '../../server/db/sites.ts';
import { createBatchingWriteQueue } from '../../server/db/write-queue.ts';
import { writerThread } from '../../server/db/writer-thread.ts';
import { pageview, post } from './test-app.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function files(n = 1) {
  const dir = mkdtempSync(join(tmpdir(), 'leadline-writer-'));
  dirs.push(dir);
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const url = `file:${join(dir, `db-${i}.db`)}`;
      const db = await openDatabase(url);
      await migrate(db);
      return { url, db };
    }),
  );
}

const plain = (results: { columns: string[]; rows: unknown[]; rowsAffected: number }[]) =>
  results.map((r) => ({
    columns: r.columns,
    rows: r.rows.map((row) => ({ ...(row as object), values: Array.from(row as ArrayLike<unknown>) })),
    rowsAffected: r.rowsAffected,
  }));

describe('prepared writer (the Node server writes through it)', () => {
  it('answers a batch exactly as @libsql/client does, statement by statement, with statements reused', async () => {
    const [a, b] = await files(2);
    const writer = preparedWriter(a!.url)!;
    // Named and positional args, booleans, tuples: same statements through both.
    const all: InStatement[] = [
      {
        sql: 'INSERT INTO daily_salts (day, salt) VALUES (?, ?), (?, ?) RETURNING day, salt, length(salt) AS n',
        args: ['2026-01-01', 'x', '2026-01-02', 'yy'],
      },
      {
        sql: 'UPDATE daily_salts SET salt = salt || :tail WHERE day >= :from',
        args: { tail: 'z', ':from': '2026-01-01' },
      },
      "DELETE FROM daily_salts WHERE day = '2026-01-01'",
      { sql: 'SELECT day, salt, ? AS flag, 9007199254740991 AS big FROM daily_salts ORDER BY day', args: [true] },
    ];
    for (let round = 0; round < 2; round++) {
      const mine = await writer.batch(all);
      const theirs = await b!.db.batch(all, 'write');
      expect(plain(mine)).toEqual(plain(theirs));
      expect(mine.map((r) => r.rows.map((row) => row.length))).toEqual(
        theirs.map((r) => r.rows.map((row) => row.length)),
      );
      await Promise.all([a!.db.execute('DELETE FROM daily_salts'), b!.db.execute('DELETE FROM daily_salts')]);
    }
    writer.close();
  });

  it('keeps nothing of a failing batch, fails with the SQLite code; the client reads its commits', async () => {
    const [a] = await files();
    const writer = preparedWriter(a!.url)!;
    const insert = (day: string) => ({ sql: 'INSERT INTO daily_salts (day, salt) VALUES (?, ?)', args: [day, 's'] });
    await writer.batch([insert('2026-02-01')]);
    const error = await writer.batch([insert('2026-02-02'), insert('2026-02-01')]).catch((e: unknown) => e);
    expect(String((error as { code?: string }).code)).toMatch(/^SQLITE_CONSTRAINT/);
    const { rows } = await a!.db.execute('SELECT day FROM daily_salts ORDER BY day');
    expect(rows.map((r) => r.day)).toEqual(['2026-02-01']);
    await expect(writer.batch([{ sql: 'SELECT ?', args: [2 ** 53 + 1] }])).resolves.toBeDefined();
    await expect(writer.batch([{ sql: 'SELECT ?', args: [undefined as never] }])).rejects.toThrow(TypeError);
    writer.close();
  });

  it('is for plain file paths only (the client writes to memory, remote and URL-option databases)', () => {
    for (const url of [
      ':memory:',
      'file::memory:',
      'libsql://x.turso.io',
      'http://127.0.0.1:8080',
      'file:x.db?mode=ro',
    ])
      expect(preparedWriter(url), url).toBeNull();
  });

  it('stores ingest the same as the client does (events, sessions, rollups), on its own thread too', async () => {
    const dbs = await files(3);
    const stored = [];
    const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
    for (const [i, { url, db }] of dbs.entries()) {
      const writer = i === 0 ? preparedWriter(url)! : db;
      const thread = i === 2 ? writerThread(url)! : null;
      const writes = thread ?? createBatchingWriteQueue(writer);
      const app = createApp({ db, writes, groupIngest: true, emailEnabled: false });
      const { siteKey } = await createSite(writes, { name: 'Shop' });
      const events = Array.from({ length: 30 }, (_, n) =>
        pageview({
          id: `0190c0de-0000-7000-8000-${String(n).padStart(12, '0')}`,
          ts: base + n * 60_000,
          session: `writer-session-${n % 4}`,
          url: `https://shop.example/p/${n}?utm_source=s${n % 3}`,
        }),
      );
      const answers = await Promise.all(
        [events.slice(0, 10), events.slice(5, 20), events.slice(20)].map(async (part) =>
          (await app.request('/v1/events', post({ site: siteKey, events: part }))).json(),
        ),
      );
      const rows = async (sql: string) => (await db.execute(sql)).rows.map((r) => ({ ...r }));
      stored.push({
        answers,
        events: await rows('SELECT id, type, session, ts, url FROM events ORDER BY id'),
        sessions: await rows('SELECT id, started_at, source, landing_url FROM sessions ORDER BY id'),
        rollups: await rows('SELECT type, bucket, session_bucket, dims, n, value FROM rollups ORDER BY 1, 2, 3, 4'),
      });
      if (i === 0) (writer as { close(): void }).close();
      await thread?.close();
    }
    expect(stored[0]!.events).toHaveLength(30);
    expect(stored[0]).toEqual(stored[1]);
    expect(stored[2]).toEqual(stored[1]);
  });
});

describe('writer thread (the Node server writes through it)', () => {
  it('answers as the client does, groups concurrent callers, and a failing job fails alone with its code', async () => {
    const [a, b] = await files(2);
    const thread = writerThread(a!.url)!;
    const all: InStatement[] = [
      {
        sql: 'INSERT INTO daily_salts (day, salt) VALUES (?, ?) RETURNING day, salt, length(salt) AS n',
        args: ['d1', 'x'],
      },
      { sql: "SELECT day, ? AS flag, x'00ff' AS bytes, 9007199254740991 AS big FROM daily_salts", args: [true] },
    ];
    const [mine, theirs] = [await thread.run(all), await b!.db.batch(all, 'write')];
    expect(plain(mine)).toEqual(plain(theirs));
    expect(mine[1]!.rows[0]!.bytes).toBeInstanceOf(ArrayBuffer);
    expect(mine[0]!.lastInsertRowid).toBe(theirs[0]!.lastInsertRowid);

    // Three callers in one turn: one transaction for the two good ones, the duplicate key fails alone.
    const insert = (day: string) => ({ sql: 'INSERT INTO daily_salts (day, salt) VALUES (?, ?)', args: [day, 's'] });
    const settled = await Promise.allSettled([
      thread.run([insert('d2')]),
      thread.run([insert('d3'), insert('d1')]),
      thread.run([insert('d4')]),
    ]);
    expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const error = (settled[1] as PromiseRejectedResult).reason as { code?: string; message: string };
    expect(error).toBeInstanceOf(Error);
    expect(String(error.code)).toMatch(/^SQLITE_CONSTRAINT/);
    expect(error.message).toMatch(/UNIQUE constraint failed/);
    await expect(thread.run([{ sql: 'SELECT ?', args: [undefined as never] }])).rejects.toThrow(TypeError);
    await expect(thread.run([{ sql: 'SELECT 9007199254740993' }])).rejects.toThrow(RangeError);
    await thread.idle();
    const { rows } = await a!.db.execute('SELECT day FROM daily_salts ORDER BY day');
    expect(rows.map((r) => r.day)).toEqual(['d1', 'd2', 'd4']);

    // A stopped thread fails nothing that was answered; the next write starts a new one.
    await thread.close();
    await thread.run([insert('d5')]);
    expect((await a!.db.execute("SELECT count(*) AS n FROM daily_salts WHERE day = 'd5'")).rows[0]!.n).toBe(1);
    await thread.close();
  });

  it('idle() waits for every write in flight; only plain file paths get a thread', async () => {
    const [a] = await files();
    const thread = writerThread(a!.url)!;
    const writes = Array.from({ length: 50 }, (_, i) =>
      thread.run([{ sql: 'INSERT INTO daily_salts (day, salt) VALUES (?, ?)', args: [`w${i}`, 's'] }]),
    );
    await thread.idle();
    expect((await a!.db.execute('SELECT count(*) AS n FROM daily_salts')).rows[0]!.n).toBe(50);
    await Promise.all(writes);
    await thread.close();
    for (const url of [':memory:', 'file::memory:', 'libsql://x.turso.io', 'file:x.db?mode=ro'])
      expect(writerThread(url), url).toBeNull();
  });
});
