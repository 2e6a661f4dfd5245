import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createBatchingWriteQueue } from '../../server/db/write-queue.ts';
import { run } from '../../server/cli.ts';
import { readMigrations } from '../../server/db/migrate.ts';

let dir: string;
let lines: string[];
const cli = (...args: string[]) => run(args, (l) => lines.push(l));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'leadline-cli-'));
  process.env.DATABASE_URL = `file:${join(dir, 'cli.db')}`;
  lines = [];
});
afterEach(() => {
  delete process.env.DATABASE_URL;
  rmSync(dir, { recursive: true, force: true });
});

describe('cli', () => {
  it('migrate applies the migrations once, reporting each as it starts and how long it took', async () => {
    await cli('migrate');
    const names = readMigrations().map((m) => m.name);
    expect(lines).toHaveLength(2 * names.length + 1);
    names.forEach((name, i) => {
      expect(lines[2 * i]).toBe(`Migrating: ${name} …`);
      expect(lines[2 * i + 1]).toMatch(new RegExp(`^Migrated ${name.replace('.', '\\.')} in \\d+ ms$`));
    });
    expect(lines.at(-1)).toMatch(/^applied 0001_foundation\.sql, 0002_/);
    lines = [];
    await cli('migrate');
    expect(lines).toEqual(['already up to date']);
  });

  it('site create --json prints a site key and an owner token that works', async () => {
    await cli(
      'site',
      'create',
      '--name',
      'Shop',
      '--origin',
      'https://shop.example',
      '--owner-email',
      'Me@Shop.example',
      '--json',
    );
    const created = JSON.parse(lines[0]!) as { siteKey: string; adminToken: string };
    expect(created.siteKey).toMatch(/^pk_[A-Za-z0-9_-]{20,}$/);
    expect(created.adminToken).toMatch(/^sk_[A-Za-z0-9_-]{40,}$/);

    const db = createClient({ url: process.env.DATABASE_URL! });
    const app = createApp({ db, writes: createBatchingWriteQueue(db) });
    const res = await app.request('/v1/admin/events', { headers: { authorization: `Bearer ${created.adminToken}` } });
    expect(res.status).toBe(200);
    const { rows } = await db.execute(
      'SELECT s.allowed_origins, u.email, u.role FROM sites s JOIN users u ON u.site_id = s.id',
    );
    expect(rows[0]).toMatchObject({
      allowed_origins: '["https://shop.example"]',
      email: 'me@shop.example',
      role: 'owner',
    });
    db.close();
  });

  it('token create makes a token of the given role', async () => {
    await cli('site', 'create', '--name', 'Shop', '--json');
    const { siteKey } = JSON.parse(lines[0]!) as { siteKey: string };
    await cli('token', 'create', '--site', siteKey, '--role', 'viewer', '--email', 'v@shop.example');
    const token = lines[1]!;
    const db = createClient({ url: process.env.DATABASE_URL! });
    const app = createApp({ db, writes: createBatchingWriteQueue(db) });
    expect((await app.request('/v1/admin/events', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect(
      (await app.request('/v1/admin/excluded-visitors', { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(403);
    db.close();
  });

  it('seed-demo fills the first site with events', async () => {
    await cli('site', 'create', '--name', 'Demo');
    await cli('seed-demo');
    expect(lines.at(-1)).toMatch(/^seeded \d{3,} events into pk_/);
  });

  it('prints usage for --help, -h and help: every command with one line and an example', async () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      lines.length = 0;
      await cli(...args);
      const text = lines.join('\n');
      for (const command of ['site create', 'token create', 'migrate', 'backup', 'seed-demo', 'build'])
        expect(text).toMatch(new RegExp(`^  ${command} +\\S.*\\n +e\\.g\\. .*npm run cli -- ${command}`, 'm'));
    }
  });

  it('prints usage and exits 0 from the shell for --help', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', '--help'], { encoding: 'utf8' });
    expect([r.status, r.stdout]).toEqual([0, expect.stringContaining('usage: npm run cli --')]);
  });

  it('explains bad usage', async () => {
    await expect(cli('token', 'create', '--site', 'pk_nope0000', '--role', 'boss')).rejects.toThrow(
      /--role owner\|rep\|viewer\|integration/,
    );
    await expect(cli('site', 'create', '--name', 'x', '--origin', 'shop.example')).rejects.toThrow(
      /--origin must look like/,
    );
    await expect(cli('frobnicate')).rejects.toThrow(/unknown command/);
  });
});
