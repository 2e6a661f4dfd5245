import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Client } from '@libsql/client';

/** Default backup file: `data/backups/leadline-2026-11-23T21-59-16Z.db`. */
export const defaultBackupPath = (now = new Date()) =>
  `data/backups/leadline-${now.toISOString().slice(0, 19).replaceAll(':', '-')}Z.db`;

/**
 * A consistent copy of a file database, taken while the server runs:
 * `VACUUM INTO` writes a compact snapshot as of one transaction (WAL content
 * included) to a new file, which is a complete database to restore from
 * (stop the server, put the file in place of data/leadline.db, start).
 * Remote databases (Turso, sqld) are backed up by their host instead — see
 * docs/deploy.md (Turso keeps point-in-time restore).
 *
 * @example
 * await backupFileDatabase(db, 'data/backups/nightly.db');
 */
export async function backupFileDatabase(db: Client, path: string): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  await db.execute({ sql: 'VACUUM INTO ?', args: [path] });
  return path;
}
