import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../server/cli.ts';

let dir: string;
const lines: string[] = [];
const cli = (...args: string[]) => run(args, (l) => lines.push(l));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'leadline-backup-'));
  process.env.DATABASE_URL = `file:${join(dir, 'live.db')}`;
});
afterEach(() => {
  delete process.env.DATABASE_URL;
  rmSync(dir, { recursive: true, force: true });
});

describe('cli backup', () => {
  it('writes a complete copy of a file database (VACUUM INTO) that opens on its own', async () => {
    await cli('site', 'create', '--name', 'Shop', '--json');
    const out = join(dir, 'copies', 'b.db');
    await cli('backup', '--out', out);
    expect(lines.at(-1)).toBe(`backed up to ${out}`);
    const copy = createClient({ url: `file:${out}` });
    expect((await copy.execute('SELECT name FROM sites')).rows.map((r) => r.name)).toEqual(['Shop']);
    expect((await copy.execute('SELECT count(*) AS n FROM schema_migrations')).rows[0]!.n).toBeGreaterThan(0);
    copy.close();
  });

  it('refuses a remote database and says where its backups are', async () => {
    process.env.DATABASE_URL = 'libsql://example.turso.io';
    await expect(cli('backup')).rejects.toThrow(/point-in-time restore/);
  });
});
