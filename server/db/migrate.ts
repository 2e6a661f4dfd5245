import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Client } from '@libsql/client';

export interface Migration {
  /** File name, e.g. `0001_foundation.sql`; its number orders it. */
  name: string;
  sql: string;
}

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

/** The numbered `.sql` files of server/db/migrations, in order. */
export function readMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: readFileSync(`${dir}/${name}`, 'utf8') }));
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each in its
 * own transaction together with its record. Returns the names applied.
 * Runs at Node start-up and from the CLI; never on a request path. `log`
 * hears each migration as it starts and how long it took (a large database
 * can take a while: an operator should see progress, not a silent process).
 *
 * @example
 * await migrate(db, readMigrations(), (line) => console.log(line));
 * // Migrating: 0010_backfill_sessions.sql …
 * // Migrated 0010_backfill_sessions.sql in 812 ms
 */
export async function migrate(
  client: Client,
  migrations = readMigrations(),
  log: (line: string) => void = () => {},
): Promise<string[]> {
  await client.execute(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)',
  );
  const done = new Set((await client.execute('SELECT name FROM schema_migrations')).rows.map((r) => String(r.name)));
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.name)) continue;
    log(`Migrating: ${m.name} …`);
    const started = performance.now();
    const record = `INSERT INTO schema_migrations (name, applied_at) VALUES ('${m.name}', ${Date.now()});`;
    await client.executeMultiple(`BEGIN;\n${m.sql}\n${record}\nCOMMIT;`);
    log(`Migrated ${m.name} in ${Math.round(performance.now() - started)} ms`);
    applied.push(m.name);
  }
  return applied;
}
