import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Client } from '@libsql/client';
import { ARTICLE_CONTENT_MIGRATION, fillArticleContent } from '../kb/fill-content.ts';

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
 * Then fills what SQL cannot compute (the node trees of older KB articles).
 * Runs at Node start-up and from the CLI; never on a request path.
 * Foreign keys are off while a migration runs (SQLite's table-rebuild procedure:
 * dropping a rebuilt parent table must not cascade to its children) and back on after.
 * `log` hears each migration as it starts and how long it took (a large database
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
  // The pragma cannot change inside a transaction: off and on go around BEGIN … COMMIT. A server
  // that refuses the pragma is taken as enforcing none (sqld's default).
  const fk = await client.execute('PRAGMA foreign_keys').then(
    (r) => Number(r.rows[0]?.[0]) === 1,
    () => false,
  );
  for (const m of migrations) {
    if (done.has(m.name)) continue;
    log(`Migrating: ${m.name} …`);
    const started = performance.now();
    const record = `INSERT INTO schema_migrations (name, applied_at) VALUES ('${m.name}', ${Date.now()});`;
    const sql = `BEGIN;\n${m.sql}\n${record}\nCOMMIT;`;
    await client.executeMultiple(fk ? `PRAGMA foreign_keys = OFF;\n${sql}\nPRAGMA foreign_keys = ON;` : sql);
    log(`Migrated ${m.name} in ${Math.round(performance.now() - started)} ms`);
    applied.push(m.name);
  }
  const contentColumns = done.has(ARTICLE_CONTENT_MIGRATION) || applied.includes(ARTICLE_CONTENT_MIGRATION);
  if (contentColumns) await fillArticleContent(client);
  return applied;
}
