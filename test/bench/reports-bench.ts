/**
 * The reports section of `npm run bench` (alone: `BENCH_ONLY=reports npm run bench`):
 * a temporary file database per size (10 k, 100 k and 1 M events over 90 days,
 * or `BENCH_REPORT_SIZES=1000000`), migrated and seeded like a real site, then
 * every report over one fixed 30-day range through the real app
 * (`app.request`), median of 3 runs each. Beside the events, 50 k deals in two
 * pipelines (seed-deals.ts): the sales reports and the deal board's first page
 * are timed too (median of 5), against their own goal.
 * `BENCH_DB=/tmp/bench-1m.db` (one size only) keeps the seeded database in that file and reuses it when present
 * (its site key, token and deal ids in `<file>.json`; pending migrations are applied), so a second run skips seeding.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@libsql/client';
import { createApp } from '../../server/app.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { rollupRebuildStatements } from '../../server/db/rollups.ts';
import { createSite, findSite } from '../../server/db/sites.ts';
import { createBatchingWriteQueue, type WriteQueue } from '../../server/db/write-queue.ts';
import { ADMIN_CASES, benchAdmin } from './admin-queries.ts';
import { seedDeals } from './seed-deals.ts';
import { seedEvents } from './seed-events.ts';
import { median } from './measure.ts';

const GOAL_MS = 300;
const END = Date.UTC(2026, 5, 1);
const RANGE = 'from=2026-04-20&to=2026-05-20';
const CASES: [string, string][] = [
  ['overview', 'overview?'],
  ['overview interval=day', 'overview?interval=day&'],
  ['overview source=google', 'overview?source=google&'],
  ['elements', 'elements?'],
  ['elements country=DE', 'elements?country=DE&'],
  ['outbound', 'outbound?'],
  ['campaigns', 'campaigns?'],
  ['campaigns device=mobile', 'campaigns?device=mobile&'],
  ['prices', 'prices?'],
  ['affiliates', 'affiliates?'],
  ['service', 'service?'],
  ['vitals', 'vitals?'],
  ['demographics', 'demographics?'],
  ['demographics field=size', 'demographics?field=size&'],
  ['funnel (3 steps)', 'funnel?steps=url:/pricing*|event:buy-pro|event:purchase&'],
  ['customers', 'customers?'],
  ['surveys', 'surveys?interval=day&'],
  ['surveys by=repeat', 'surveys?by=repeat&'],
];
const SALES_GOAL_MS = 100;
const DEALS = 50_000;
/** The sales reports and the board, as paths after `/v1/admin/`; {pipeline} and {owner} are filled in. */
const SALES_CASES: [string, string][] = [
  ['pipeline', `reports/pipeline?${RANGE}`],
  ['pipeline (2nd) owner=…', `reports/pipeline?pipeline={pipeline2}&owner={owner}&${RANGE}`],
  ['deals by=source', `reports/deals?${RANGE}`],
  ['deals by=owner', `reports/deals?by=owner&${RANGE}`],
  ['deals by=lostReason', `reports/deals?by=lostReason&${RANGE}`],
  ['board first page (50/column)', 'deals?pipeline={pipeline}&limit=50'],
];

interface Seeded {
  siteKey: string;
  adminToken: string;
  sales: { pipelines: string[]; owners: number[] };
}

async function seed(db: Client, writes: WriteQueue, file: string, events: number): Promise<Seeded> {
  const { siteKey, adminToken } = await createSite(writes, { name: 'Bench shop', timeZone: 'Europe/Berlin' });
  const site = (await findSite(db, siteKey))!;
  const t0 = performance.now();
  const counts = await seedEvents(db, { siteId: site.id, events, end: END });
  // One NPS answer per 100 events over the 90 days, a contact's for most (by rowid), scores 0–10 in turn.
  const survey = '00000000-0000-4000-8000-000000000001';
  await db.execute({
    sql: `INSERT INTO surveys (id, site_id, name, kind, created_at, updated_at) VALUES (?, ?, 'NPS', 'nps', 0, 0)`,
    args: [survey, site.id],
  });
  const contacts = Number((await db.execute('SELECT max(rowid) AS n FROM contacts')).rows[0]!.n ?? 0);
  await db.execute({
    sql: `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
          INSERT INTO survey_answers (id, site_id, survey_id, contact_id, score, created_at)
          SELECT 'answer-' || i, ?, ?, (SELECT id FROM contacts WHERE rowid = 1 + i % ?), i % 11, ? - (i * 7919037) % ? FROM n`,
    args: [Math.round(events / 100), site.id, survey, Math.max(1, contacts + contacts / 4), END, 90 * 86_400_000],
  });
  const seedMs = performance.now() - t0;
  const rollups = await db.execute("SELECT count(*) AS n FROM sqlite_master WHERE name = 'rollups'");
  const rollupRows = Number(rollups.rows[0]!.n)
    ? Number((await db.execute('SELECT count(*) AS n FROM rollups')).rows[0]!.n)
    : 0;
  console.log(
    `\n${events.toLocaleString('en')} events seeded in ${(seedMs / 1000).toFixed(1)} s (${Object.entries(counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}; ${rollupRows} rollup rows; ` + `${(statSync(file).size / 1024 / 1024).toFixed(0)} MB + WAL)`,
  );
  const t1 = performance.now();
  const sales = await seedDeals(db, { siteId: site.id, deals: DEALS, end: END });
  console.log(`${DEALS.toLocaleString('en')} deals seeded in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  return { siteKey, adminToken, sales };
}

async function benchSize(file: string, events: number): Promise<Map<string, number>> {
  const reuse = existsSync(file) && existsSync(`${file}.json`);
  // The Node server's own settings (WAL, synchronous=NORMAL, page cache).
  const db = await openDatabase(`file:${file}`);
  await migrate(db);
  const writes = createBatchingWriteQueue(db);
  let seeded: Seeded;
  if (reuse) {
    seeded = JSON.parse(readFileSync(`${file}.json`, 'utf8')) as Seeded;
    console.log(`\nreusing ${file} (${(statSync(file).size / 1024 / 1024).toFixed(0)} MB)`);
  } else {
    seeded = await seed(db, writes, file, events);
    writeFileSync(`${file}.json`, JSON.stringify(seeded));
  }
  const { adminToken, siteKey, sales } = seeded;
  const app = createApp({ db, writes, groupIngest: true, log: () => {} });
  const out = new Map<string, number>();
  const skip = process.env.BENCH_SKIP?.split(',') ?? [];
  for (const [label, template] of SALES_CASES) {
    const path = template
      .replace('{pipeline}', sales.pipelines[0]!)
      .replace('{pipeline2}', sales.pipelines[1]!)
      .replace('{owner}', String(sales.owners[0]));
    const times: number[] = [];
    // Median of 5: the first call of a route pays for cold pages and compiling, as on a server just started.
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const res = await app.request(`/v1/admin/${path}`, { headers: { authorization: `Bearer ${adminToken}` } });
      if (res.status !== 200) throw new Error(`${label}: ${res.status} ${await res.text()}`);
      await res.json();
      times.push(performance.now() - t);
    }
    out.set(label, median(times));
    process.stderr.write(`  ${events} ${label}: ${median(times).toFixed(1)} ms\n`);
  }
  for (const [label, path] of CASES) {
    if (skip.includes(label)) continue;
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const res = await app.request(`/v1/admin/reports/${path}${RANGE}`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      if (res.status !== 200) throw new Error(`${label}: ${res.status} ${await res.text()}`);
      await res.json();
      times.push(performance.now() - t);
      if (times[0]! > 5_000) break; // far over the goal: one run says enough
    }
    out.set(label, median(times));
    process.stderr.write(`  ${events} ${label}: ${median(times).toFixed(1)} ms\n`);
  }
  for (const [label, ms] of await benchAdmin(app, db, adminToken, siteKey)) out.set(label, ms);
  // A kept database drops what the admin bench ingested (at today's time) so the next run reads the seeded data only.
  const siteId = (await findSite(db, siteKey))!.id;
  await db.batch(
    [
      { sql: 'DELETE FROM events WHERE site_id = ? AND ts >= ?', args: [siteId, END] },
      { sql: 'DELETE FROM sessions WHERE site_id = ? AND started_at >= ?', args: [siteId, END] },
      ...rollupRebuildStatements(siteId, END, Date.now() + 86_400_000),
    ],
    'write',
  );
  db.close();
  return out;
}

/** Seeds each size and prints one table: report × size, in ms (median of 3). */
export async function benchReports(): Promise<void> {
  const sizes = (process.env.BENCH_REPORT_SIZES ?? '10000,100000,1000000').split(',').map(Number);
  const keep = process.env.BENCH_DB;
  if (keep && sizes.length !== 1) throw new Error('BENCH_DB keeps one database: set BENCH_REPORT_SIZES to one size');
  const dir = mkdtempSync(join(tmpdir(), 'leadline-reports-'));
  try {
    console.log(`\nReports over a fixed 30-day range (${RANGE}, Europe/Berlin), median of 3 via app.request`);
    const results: Map<string, number>[] = [];
    for (const n of sizes) results.push(await benchSize(keep ?? join(dir, `reports-${n}.db`), n));
    const head = sizes.map((n) => `${n >= 1e6 ? `${n / 1e6} M` : `${n / 1e3} k`} ms`.padStart(10)).join('');
    console.log(`\n${'report'.padEnd(28)}${head}  (goal < ${GOAL_MS} ms at 1 M)`);
    for (const [label] of CASES) {
      const last = results.at(-1)!.get(label) ?? Infinity;
      console.log(
        `${label.padEnd(28)}${results.map((r) => (r.get(label)?.toFixed(1) ?? 'skipped').padStart(10)).join('')}${last >= GOAL_MS ? '  OVER GOAL' : ''}`,
      );
    }
    console.log(`\n${'sales (50 k deals)'.padEnd(28)}${head}  (goal < ${SALES_GOAL_MS} ms at 1 M)`);
    for (const [label] of SALES_CASES) {
      const last = results.at(-1)!.get(label) ?? Infinity;
      console.log(
        `${label.padEnd(28)}${results.map((r) => (r.get(label)?.toFixed(1) ?? '—').padStart(10)).join('')}${last >= SALES_GOAL_MS ? '  OVER GOAL' : ''}`,
      );
    }
    console.log(`\n${'admin query'.padEnd(28)}${head}  (same work at every size: should stay flat)`);
    for (const label of ADMIN_CASES) {
      const [first, last] = [results[0]!.get(label), results.at(-1)!.get(label)];
      const growth = first && last ? `  ×${(last / first).toFixed(1)} from ${sizes[0]!.toLocaleString('en')}` : '';
      console.log(
        `${label.padEnd(28)}${results.map((r) => (r.get(label)?.toFixed(1) ?? '—').padStart(10)).join('')}${growth}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
