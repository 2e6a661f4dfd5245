/** Operator commands: `npm run cli -- <command> [options]`; `usage` below lists them with an example each. */
import { parseArgs } from 'node:util';
import type { Client } from '@libsql/client';
import { buildIsStale, buildWidgets } from './build.ts';
import { backupFileDatabase, defaultBackupPath } from './db/backup.ts';
import { migrate } from './db/migrate.ts';
import { openDatabase } from './db/open-database.ts';
import { createSite, createUserToken, firstSiteKey } from './db/sites.ts';
import { createDirectWriteQueue } from './db/write-queue.ts';
import { seedDemo } from './demo/seed-demo.ts';
import { role as roleSchema } from './schemas/users.ts';

const usage = `usage: npm run cli -- <command> [options]     (DATABASE_URL picks the database; default file:data/leadline.db)

commands:
  site create   make a site and its owner token
                e.g. npm run cli -- site create --name "Shop" --origin https://shop.example --owner-email me@shop.example
  token create  make a sign-in token for a new user of a site (printed once)
                e.g. npm run cli -- token create --site pk_… --role rep --email rep@shop.example --name "Rep"
  migrate       bring the database schema up to date
                e.g. DATABASE_URL=libsql://db.turso.io DATABASE_AUTH_TOKEN=… npm run cli -- migrate
  backup        copy a file database consistently (VACUUM INTO)
                e.g. npm run cli -- backup --out backups/leadline.db
  seed-demo     add two weeks of demo traffic to a site
                e.g. npm run cli -- seed-demo --site pk_…
  build         build the browser bundles into dist/
                e.g. npm run cli -- build --if-stale
  help          print this text (also --help, -h)`;

class UsageError extends Error {}

async function database(): Promise<Client> {
  const url = process.env.DATABASE_URL ?? 'file:data/leadline.db';
  const db =
    url.startsWith('file:') || url === ':memory:'
      ? await openDatabase(url)
      : (await import('@libsql/client')).createClient({ url, authToken: process.env.DATABASE_AUTH_TOKEN });
  return db;
}

export async function run(argv: string[], out: (line: string) => void = console.log): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      origin: { type: 'string', multiple: true },
      'owner-email': { type: 'string' },
      site: { type: 'string' },
      role: { type: 'string' },
      email: { type: 'string' },
      json: { type: 'boolean' },
      'if-stale': { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals.join(' ');
  if (values.help || command === 'help') {
    out(usage);
    return;
  }

  if (command === 'build') {
    if (!values['if-stale'] || buildIsStale()) await buildWidgets();
    return;
  }

  if (command === 'backup' && !(process.env.DATABASE_URL ?? 'file:').startsWith('file:')) {
    throw new UsageError(
      'backup copies file databases; a remote database is backed up by its host (Turso: point-in-time restore, see docs/deploy.md)',
    );
  }
  const db = await database();
  try {
    const writes = createDirectWriteQueue(db);
    switch (command) {
      case 'migrate': {
        const applied = await migrate(db, undefined, out);
        out(applied.length ? `applied ${applied.join(', ')}` : 'already up to date');
        return;
      }
      case 'backup': {
        out(`backed up to ${await backupFileDatabase(db, values.out ?? defaultBackupPath())}`);
        return;
      }
      case 'site create': {
        if (!values.name) throw new UsageError('site create needs --name');
        for (const o of values.origin ?? [])
          if (!/^https?:\/\/[^/]+$/.test(o))
            throw new UsageError(`--origin must look like https://shop.example (got ${o})`);
        await migrate(db);
        const created = await createSite(writes, {
          name: values.name,
          origins: values.origin ?? [],
          ownerEmail: values['owner-email'],
        });
        out(
          values.json
            ? JSON.stringify(created)
            : `site key:    ${created.siteKey}\nadmin token: ${created.adminToken} (shown once)`,
        );
        return;
      }
      case 'token create': {
        const role = roleSchema.safeParse(values.role);
        if (!values.site || !role.success)
          throw new UsageError('token create needs --site pk_… and --role owner|rep|viewer|integration');
        const token = await createUserToken(db, writes, {
          siteKey: values.site,
          role: role.data,
          email: values.email,
          name: values.name,
        });
        if (!token) throw new UsageError(`no site with key ${values.site}`);
        out(values.json ? JSON.stringify({ token }) : token);
        return;
      }
      case 'seed-demo': {
        await migrate(db);
        const site = values.site ?? (await firstSiteKey(db));
        if (!site) throw new UsageError('no site yet: run site create first');
        const n = await seedDemo(db, writes, site);
        out(`seeded ${n} events into ${site}`);
        return;
      }
      default:
        throw new UsageError(command ? `unknown command: ${command}` : 'no command');
    }
  } finally {
    db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run(process.argv.slice(2)).catch((error: unknown) => {
    console.error(
      error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
        ? `${(error as Error).message}\n\n${usage}`
        : error,
    );
    process.exit(error instanceof UsageError ? 2 : 1);
  });
}
