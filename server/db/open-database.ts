import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createClient, type Client } from '@libsql/client';

/**
 * Opens a libSQL database for a Node process (the server, the CLI, benches): a `file:` URL gets its directory and
 * the pragmas. Node only; sqld and Turso refuse the pragmas, and Workers open their client in worker.ts.
 */
export async function openDatabase(url: string): Promise<Client> {
  if (url.startsWith('file:')) mkdirSync(dirname(resolve(url.slice(5))), { recursive: true });
  const db = createClient({ url });
  if (url.startsWith('file:')) {
    // WAL lets reads go on during the single writer's batches; NORMAL is durable across app crashes in WAL.
    await db.execute('PRAGMA journal_mode = WAL');
    await db.execute('PRAGMA synchronous = NORMAL');
    await db.execute('PRAGMA foreign_keys = ON');
    // 64 MB of page cache (the default is 2 MB): index pages of a large events table stay in memory, so
    // inserting into a 1 M-event database costs about what it costs into a small one.
    await db.execute('PRAGMA cache_size = -65536');
  }
  return db;
}
