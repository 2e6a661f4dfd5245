/**
 * Costs that must not grow with the events table (`BENCH_ONLY=growth,migrations npm run bench`):
 *  - growth: one anonymous `POST /v1/events` of 100 events, every event a new session (the
 *    case that made the session triggers read every event of the site), through the real app
 *    into file databases of 10 k and 1 M events (`BENCH_GROWTH_SIZES`); median of
 *    `BENCH_GROWTH_REQUESTS` (default 9) requests, and the ratio largest ÷ smallest (goal ≤ 1.5×);
 *    writes go through the Node server's writer thread (server/db/writer-thread.ts);
 *  - migrations: a database as 0008 left it with 1 M events (`BENCH_MIGRATION_EVENTS`), half its
 *    sessions missing (test/bench/old-database.ts), migrated to the latest; each migration's time
 *    (goal < 2 min each).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { InStatement } from '@libsql/client';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/app.ts';
import { migrate } from '../../server/db/migrate.ts';
import { createSite, findSite } from '../../server/db/sites.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { writerThread } from '../../server/db/writer-thread.ts';
import { median, timeOrderedId } from './measure.ts';
import { seedOldDatabase } from './old-database.ts';
import { seedEvents } from './seed-events.ts';

const END = Date.UTC(2026, 5, 1);
const GOAL_RATIO = 1.5;
const MIGRATION_GOAL_MS = 120_000;
const label = (n: number) => (n >= 1e6 ? `${n / 1e6} M` : `${n / 1e3} k`);
let seq = 0;

/** 100 events, each the first of its own session, from varied sources (the tracker's anonymous traffic). */
function newSessionBatch(siteKey: string, r: number): string {
  const sources = ['news', 'ads', 'partner', 'search'];
  const events = Array.from({ length: 100 }, (_, i) => ({
    id: timeOrderedId(seq++),
    type: i % 5 ? 'pageview' : 'click',
    name: i % 5 ? undefined : 'buy-pro',
    ts: Date.now(),
    visitor: `growth-visitor-${r}-${i}`,
    session: `growth-session-${r}-${i}`,
    url: `https://shop.example/p/${i % 40}?utm_source=${sources[i % sources.length]}`,
  }));
  return JSON.stringify({ site: siteKey, events });
}

async function ingestAt(dir: string, size: number): Promise<number> {
  const url = `file:${join(dir, `growth-${size}.db`)}`;
  const db = await openDatabase(url);
  const writes = writerThread(url)!;
  try {
    await migrate(db);
    const { siteKey } = await createSite(writes, { name: 'Growth shop', timeZone: 'Europe/Berlin' });
    const t0 = performance.now();
    // Seeded through the writer, as the server's own writes would have been: its page cache is as warm as it is
    // after serving that traffic.
    await seedEvents(
      { batch: (statements) => writes.run(statements as InStatement[]) },
      { siteId: (await findSite(db, siteKey))!.id, events: size, end: END },
    );
    process.stderr.write(`  ${label(size)} events seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    const app = createApp({ db, writes, groupIngest: true, log: () => {} });
    const ua = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36';
    const headers = { 'content-type': 'text/plain', 'user-agent': ua };
    const times: number[] = [];
    for (let r = 0; r < Number(process.env.BENCH_GROWTH_REQUESTS ?? 9); r++) {
      const t = performance.now();
      const res = await app.request('/v1/events', { method: 'POST', headers, body: newSessionBatch(siteKey, r) });
      if (res.status !== 202) throw new Error(`ingest: ${res.status} ${await res.text()}`);
      times.push(performance.now() - t);
    }
    return median(times);
  } finally {
    await writes.close();
    db.close();
  }
}

/** One 100-event request of new sessions at each size, and the ratio of the largest to the smallest. */
export async function benchIngestGrowth(): Promise<void> {
  const sizes = (process.env.BENCH_GROWTH_SIZES ?? '10000,1000000').split(',').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'leadline-growth-'));
  try {
    console.log('\nIngest into a large table: POST /v1/events, 100 events, every event a new session (median)');
    const ms: number[] = [];
    for (const n of sizes) ms.push(await ingestAt(dir, n));
    for (const [i, n] of sizes.entries()) console.log(`${label(n)} events:`.padEnd(20), `${ms[i]!.toFixed(1)} ms`);
    const ratio = ms.at(-1)! / ms[0]!;
    const over = ratio > GOAL_RATIO ? '  OVER GOAL' : '';
    console.log(`${label(sizes.at(-1)!)} ÷ ${label(sizes[0]!)}: ${ratio.toFixed(2)}× (goal ≤ ${GOAL_RATIO}×)` + over);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every migration after 0008 on a large database as 0008 left it, each timed. */
export async function benchMigrations(): Promise<void> {
  const events = Number(process.env.BENCH_MIGRATION_EVENTS ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'leadline-migrate-'));
  const db = await openDatabase(`file:${join(dir, 'old.db')}`);
  try {
    console.log(`\nMigrations 0009 → latest, ${label(events)} events (as 0008 left them, half the sessions missing)`);
    const t0 = performance.now();
    const counts = await seedOldDatabase(db, { events, end: END });
    const seeded = `${counts.events} events, ${counts.missingSessions} sessions to backfill`;
    process.stderr.write(`  seeded ${seeded} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    const times: [string, number][] = [];
    let started = 0;
    await migrate(db, undefined, (line) => {
      process.stderr.write(`  ${line}\n`);
      if (line.startsWith('Migrating')) started = performance.now();
      else times.push([line.replace(/^Migrated (\S+).*$/, '$1'), performance.now() - started]);
    });
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1).padStart(8)} s`;
    for (const [name, ms] of times) {
      console.log(name.padEnd(44) + seconds(ms) + (ms > MIGRATION_GOAL_MS ? '  OVER GOAL' : ''));
    }
    console.log(`${'all'.padEnd(44)}${seconds(times.reduce((a, [, ms]) => a + ms, 0))}  (goal < 120 s each)`);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
