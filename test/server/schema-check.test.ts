import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { migrate, readMigrations } from '../../server/db/migrate.ts';
import {
  bundledMigrations,
  createSchemaGate,
  DatabaseNotReady,
  missingMigrations,
} from '../../server/db/schema-check.ts';
import { createDirectWriteQueue } from '../../server/db/write-queue.ts';

describe('schema check (Workers gate)', () => {
  it('bundles exactly the migration files, in order (add a new migration to server/db/schema-check.ts)', () => {
    expect([...bundledMigrations]).toEqual(readMigrations().map((m) => m.name));
  });

  it('lists what is missing: everything on an empty database, nothing once migrated', async () => {
    const db = createClient({ url: ':memory:' });
    expect(await missingMigrations(db)).toEqual([...bundledMigrations]);
    await migrate(db, readMigrations().slice(0, 3));
    expect(await missingMigrations(db)).toEqual(bundledMigrations.slice(3));
    await migrate(db);
    expect(await missingMigrations(db)).toEqual([]);
  });

  it('refuses while behind, then trusts a current database for its TTL without asking again', async () => {
    const db = createClient({ url: ':memory:' });
    const gate = createSchemaGate(60_000);
    await expect(gate.check(db, 'a')).rejects.toMatchObject({ name: 'DatabaseNotReady', retryAfterSeconds: 30 });
    await migrate(db);
    await gate.check(db, 'a');
    db.close(); // a second ask would fail now
    await gate.check(db, 'a');
    await expect(gate.check(db, 'b')).rejects.toBeInstanceOf(DatabaseNotReady);
    await expect(gate.check(db, 'b')).rejects.toMatchObject({ retryAfterSeconds: 5 });
  });

  it('is answered 503 unavailable with Retry-After and CORS by the app (the gate itself knows no HTTP)', async () => {
    const db = createClient({ url: ':memory:' });
    const gate = createSchemaGate(60_000);
    const logged: unknown[] = [];
    const app = createApp({
      db,
      writes: createDirectWriteQueue(db),
      ready: () => gate.check(db, 'a'),
      log: (_m, e) => logged.push(e),
    });
    const res = await app.request('/v1/config?site=pk_x', { headers: { origin: 'https://shop.example' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(await res.json()).toEqual({
      error: { code: 'unavailable', message: 'the database schema is being upgraded, retry later' },
    });
    db.close();
    const down = await app.request('/healthz');
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect(logged).toEqual([]);
  });
});
