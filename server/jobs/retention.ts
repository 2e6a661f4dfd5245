import type { Client } from '@libsql/client';
import { pruneSigninStatements } from '../auth/sessions.ts';
import { pruneRefusalsStatement } from '../db/refusals.ts';
import { BUCKET_MS } from '../db/rollups.ts';
import type { WriteQueue } from '../db/write-queue.ts';
import { rebuildRollups } from './rollups.ts';

const DAY = 86_400_000;
/** Rows deleted per write batch, so ingest keeps flowing in between. */
const CHUNK = 5000;

/**
 * Data retention: for every site with `settings.retentionDays` > 0, deletes
 * its events and sessions older than that (from the start of the 15-minute
 * bucket holding the cutoff), drops the rollup buckets before it and recounts
 * the day after it (events there may belong to sessions that began before).
 * Contacts, leads, tickets and purchases are CRM records and are kept; a
 * contact's whole data goes with erase. Also drops refused-request counts
 * past their 7 days, expired admin sessions and used or expired sign-in links,
 * for every site. Runs hourly (Node) or from the cron
 * (Workers). Returns the events deleted per site id.
 */
export async function applyRetention(
  deps: { db: Client; writes: WriteQueue },
  now = Date.now(),
): Promise<Record<number, number>> {
  await deps.writes.run([pruneRefusalsStatement(now), ...pruneSigninStatements(now)]);
  const { rows } = await deps.db.execute(
    "SELECT id, json_extract(settings, '$.retentionDays') AS days FROM sites WHERE coalesce(json_extract(settings, '$.retentionDays'), 0) > 0",
  );
  const deleted: Record<number, number> = {};
  for (const r of rows) {
    const site = Number(r.id);
    const cutoff = Math.floor((now - Number(r.days) * DAY) / BUCKET_MS) * BUCKET_MS;
    deleted[site] = 0;
    for (;;) {
      const [res] = await deps.writes.run([
        {
          sql: 'DELETE FROM events WHERE rowid IN (SELECT rowid FROM events WHERE site_id = ? AND ts < ? LIMIT ?)',
          args: [site, cutoff, CHUNK],
        },
      ]);
      deleted[site] += res!.rowsAffected;
      if (res!.rowsAffected < CHUNK) break;
    }
    await deps.writes.run([
      { sql: 'DELETE FROM sessions WHERE site_id = ? AND started_at < ?', args: [site, cutoff] },
      { sql: 'DELETE FROM rollups WHERE site_id = ? AND bucket < ?', args: [site, cutoff / BUCKET_MS] },
    ]);
    await rebuildRollups(deps.writes, site, cutoff, cutoff + DAY);
  }
  return deleted;
}
