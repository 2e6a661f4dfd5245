import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createClient, type Client } from '@libsql/client';

/** What every connection to a database file gets (server/db/prepared-writer.ts opens the Node server's writer). */
export const FILE_PRAGMAS = [
  // WAL lets reads go on during the single writer's batches; NORMAL is durable across app crashes in WAL.
  'PRAGMA journal_mode = WAL',
  'PRAGMA synchronous = NORMAL',
  'PRAGMA foreign_keys = ON',
  // 64 MB of page cache (the default is 2 MB): index pages of a large events table stay in memory, so
  // inserting into a 1 M-event database costs about what it costs into a small one.
  'PRAGMA cache_size = -65536',
  // Checkpoint every ~40 MB of WAL instead of every 4 MB: an index page that ingest dirties again and again (events
  // by session and by visitor take random keys) is copied into the database once per checkpoint, not once per
  // few commits (10-event batches: ~45 → ~30 µs of SQLite per event).
  'PRAGMA wal_autocheckpoint = 4000',
  // The writer and the reading connection wait for each other's commits instead of failing with SQLITE_BUSY.
  'PRAGMA busy_timeout = 5000',
];

/**
 * Opens a libSQL database for a Node process (the server, the CLI, benches): a `file:` URL gets its directory and
 * the pragmas. Node only; sqld and Turso refuse the pragmas, and Workers open their client in worker.ts.
 */
export async function openDatabase(url: string): Promise<Client> {
  if (url.startsWith('file:')) mkdirSync(dirname(resolve(url.slice(5))), { recursive: true });
  // A file gets one connection: the pragmas below are per connection, and @libsql/client opens another one
  // whenever two calls overlap — with the defaults (synchronous = FULL: an fsync per commit; a 2 MB page cache).
  // Every call runs synchronously once it holds the connection, so one costs no parallelism.
  const file = url.startsWith('file:');
  const db = createClient(file ? { url, concurrency: 1 } : { url });
  if (file) for (const pragma of FILE_PRAGMAS) await db.execute(pragma);
  return db;
}
