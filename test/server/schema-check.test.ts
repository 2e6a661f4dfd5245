import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../server/db/migrate.ts';
import { bundledMigrations, createSchemaGate, missingMigrations } from '../../server/db/schema-check.ts';

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

  it('throws 503 while behind, then trusts a current database for its TTL without asking again', async () => {
    const db = createClient({ url: ':memory:' });
    const gate = createSchemaGate(60_000);
    await expect(gate.check(db, 'a')).rejects.toMatchObject({ status: 503, code: 'unavailable' });
    await migrate(db);
    await gate.check(db, 'a');
    db.close(); // a second ask would fail now
    await gate.check(db, 'a');
    await expect(gate.check(db, 'b')).rejects.toMatchObject({ status: 503 });
  });
});
