import type { Client } from '@libsql/client';

/**
 * The database cannot serve this build yet: unreachable, or behind on migrations.
 * Not an HTTP error: `onError` answers it 503 `unavailable` + `Retry-After: retryAfterSeconds`.
 */
export class DatabaseNotReady extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'DatabaseNotReady';
  }
}

/**
 * The migrations this build expects, in order. A Worker cannot read
 * server/db/migrations at run time, so the names are bundled here; a test
 * keeps this list equal to the `.sql` files.
 */
export const bundledMigrations = [
  '0001_foundation.sql',
  '0002_visitors_sessions.sql',
  '0003_contacts.sql',
  '0004_service.sql',
  '0005_sales.sql',
  '0006_operations.sql',
  '0007_segments_affiliates_goals.sql',
  '0008_email.sql',
  '0009_rollups.sql',
  '0010_backfill_sessions.sql',
  '0011_events_by_name.sql',
  '0012_spend.sql',
  '0013_installation.sql',
  '0014_session_triggers_by_session.sql',
  '0015_kb_article_content.sql',
  '0016_user_ids_and_contact_refs.sql',
  '0017_signin.sql',
  '0018_in_app_notifications.sql',
  '0019_companies.sql',
  '0020_deals.sql',
  '0021_deal_goals.sql',
  '0022_surveys.sql',
  '0023_report_indexes.sql',
  '0024_events_type_cover.sql',
] as const;

/** Names of `expected` not recorded in `schema_migrations` (all of them when the table is missing). */
export async function missingMigrations(
  db: Client,
  expected: readonly string[] = bundledMigrations,
): Promise<string[]> {
  let recorded: Set<string>;
  try {
    recorded = new Set((await db.execute('SELECT name FROM schema_migrations')).rows.map((r) => String(r.name)));
  } catch (error) {
    if (/no such table/i.test(String((error as Error).message))) return [...expected];
    throw error;
  }
  return expected.filter((name) => !recorded.has(name));
}

/**
 * A schema gate for runtimes that never migrate (Workers): `check(db, key)`
 * throws `DatabaseNotReady` while the database named `key` lacks a bundled
 * migration or does not answer. A database found current is trusted for `ttlMs`, so a
 * busy isolate asks once a minute, not once a request; a behind or unreachable
 * one is asked again on the next request. Holds only timestamps, no I/O objects.
 *
 * @example
 * const gate = createSchemaGate();
 * await gate.check(db, env.DATABASE_URL); // before the app touches the database
 */
export function createSchemaGate(ttlMs = 60_000, expected: readonly string[] = bundledMigrations) {
  const currentUntil = new Map<string, number>();
  return {
    async check(db: Client, key: string): Promise<void> {
      if ((currentUntil.get(key) ?? 0) > Date.now()) return;
      let missing: string[];
      try {
        missing = await missingMigrations(db, expected);
      } catch (cause) {
        throw new DatabaseNotReady('the database is unavailable, retry later', 5, { cause });
      }
      if (missing.length > 0) {
        throw new DatabaseNotReady('the database schema is being upgraded, retry later', 30);
      }
      if (currentUntil.size > 100) currentUntil.clear();
      currentUntil.set(key, Date.now() + ttlMs);
    },
  };
}
