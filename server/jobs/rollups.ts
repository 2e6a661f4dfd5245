import { BUCKET_MS, rollupRebuildStatements } from '../db/rollups.ts';
import type { WriteQueue } from '../db/write-queue.ts';

const DAY = 86_400_000;

/**
 * Recounts a site's rollup buckets over [from, to) from its stored events,
 * one UTC day per write batch so ingest keeps flowing in between. For
 * retention (after deleting old events and sessions) and for repairs after
 * any delete outside erase; erase puts the same statements in its own batch.
 *
 * @example
 * await rebuildRollups(writes, site.id, cutoff - 7 * 86_400_000, cutoff);
 */
export async function rebuildRollups(writes: WriteQueue, siteId: number, from: number, to: number): Promise<void> {
  const start = Math.floor(from / BUCKET_MS) * BUCKET_MS;
  for (let lo = start; lo < to; lo += DAY)
    await writes.run(rollupRebuildStatements(siteId, lo, Math.min(lo + DAY, to)));
}
