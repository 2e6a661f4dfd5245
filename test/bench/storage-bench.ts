/**
 * What storing an event costs SQLite, and which index or trigger takes it (`BENCH_ONLY=storage npm run bench`):
 * the writer's own statements (tracking/ingest.ts through db/prepared-writer.ts, in process, no HTTP) for groups of
 * 16 single-event requests shaped like the ingest bench's traffic (test/bench/traffic.ts), after 30 k warm-up events,
 * on the full schema and with one index or trigger dropped at a time. The floor under the single-event ratio: the
 * server cannot spend less than this per request while it keeps those indexes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../server/db/migrate.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { preparedWriter } from '../../server/db/prepared-writer.ts';
import { createSite, findSite } from '../../server/db/sites.ts';
import { createBatchingWriteQueue } from '../../server/db/write-queue.ts';
import { createKnownSessions, ingestStatements, type IngestItem } from '../../server/tracking/ingest.ts';
import { median } from './measure.ts';
import { ingestBody } from './traffic.ts';

const variants: [string, string[]][] = [
  ['full schema', []],
  ['without the rollup trigger on events', ['DROP TRIGGER rollups_event_insert']],
  ['without events (site, visitor, ts)', ['DROP INDEX events_site_visitor_ts']],
  [
    'without events (session, type) + its triggers',
    ['DROP TRIGGER rollups_session_insert', 'DROP TRIGGER rollups_session_update', 'DROP INDEX events_session'],
  ],
  ['without events (site, ts), (site, type, ts)', ['DROP INDEX events_site_ts', 'DROP INDEX events_site_type_ts']],
  ['without events (site, name, ts)', ['DROP INDEX events_site_name_ts']],
];

/** A fresh database with `drops` applied, warmed with 30 k events; `write` stores one group of requests. */
async function store(drops: string[], group: number) {
  const dir = mkdtempSync(join(tmpdir(), 'leadline-storage-'));
  const url = `file:${join(dir, 'storage.db')}`;
  const db = await openDatabase(url);
  const writer = preparedWriter(url)!;
  await migrate(db);
  const { siteKey } = await createSite(createBatchingWriteQueue(db), { name: 'Storage shop' });
  const site = (await findSite(db, siteKey))!;
  for (const sql of drops) await db.execute(sql);
  const known = createKnownSessions();
  const client = { country: 'DE', language: 'en', device: 'desktop', visitorHash: 'h' } as IngestItem['client'];
  const item = (): IngestItem => ({
    siteId: site.id,
    settings: site.settings,
    client,
    events: (JSON.parse(ingestBody(siteKey, 1, false)) as { events: IngestItem['events'] }).events,
  });
  const write = async () => {
    const { statements, written } = ingestStatements(Array.from({ length: group }, item), known);
    await writer.batch(statements);
    for (const [key, startedAt] of written) known.remember(key, startedAt);
  };
  for (let i = 0; i < 30_000 / group; i++) await write();
  return {
    write,
    close() {
      writer.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function benchStorage(): Promise<void> {
  const group = 16;
  const rounds = 9;
  const perRound = 2_000;
  console.log(
    `\nStorage per event (in process, groups of ${group} single-event requests, after 30 k events; ` +
      `median of ${rounds} rounds, the variants taking turns)`,
  );
  const stores = [];
  for (const [, drops] of variants) stores.push(await store(drops, group));
  // Turn by turn, so that a busy moment of the machine lands on every variant alike.
  const times = stores.map((): number[] => []);
  try {
    for (let r = 0; r < rounds; r++)
      for (const [v, s] of stores.entries()) {
        const t = performance.now();
        for (let i = 0; i < perRound / group; i++) await s.write();
        times[v]!.push(((performance.now() - t) * 1000) / perRound);
      }
  } finally {
    for (const s of stores) s.close();
  }
  const [full, ...without] = times.map(median);
  console.log('full schema'.padEnd(48), `${full!.toFixed(1)} µs`.padStart(10));
  for (const [i, us] of without.entries())
    console.log(
      variants[i + 1]![0].padEnd(48),
      `${us.toFixed(1)} µs`.padStart(10),
      `  (it costs ${(full! - us).toFixed(1)} µs)`,
    );
}
