import type { InValue } from '@libsql/client';
import { BUCKET_MS, onBucketEdge } from '../db/rollups.ts';
import { sessionFilters, type ReportContext } from './context.ts';

/**
 * Whether the rollups answer this report exactly: every window edge is a
 * 15-minute bucket edge. Always true for date-based ranges (local midnights
 * in any real zone); instants with odd minutes go to the raw events.
 */
export const rollupsServe = (c: ReportContext, ...edges: number[]) =>
  c.rollups !== false && [c.from, c.to, ...edges].every(onBucketEdge);

/**
 * Conditions on `rollups r` (an AND-list with its arguments) for the site and
 * the buckets of the window [from, to) — instants, or SQL expressions of
 * instants such as `b.lo` for a windows CTE; with `sessions`, only events of the sessions that
 * started in that [lo, hi) and pass the report's session filters — what a
 * join with `sessionsCte` selects from raw events.
 */
export function rollupWhere(
  c: ReportContext,
  window: [number, number] | [string, string],
  sessions?: [number, number],
): [string, InValue[]] {
  const where = ['r.site_id = ?'];
  const args: InValue[] = [c.site.id];
  const [from, to] = window;
  if (typeof from === 'number' && typeof to === 'number')
    (where.push('r.bucket >= ?', 'r.bucket < ?'), args.push(from / BUCKET_MS, to / BUCKET_MS));
  else where.push(`r.bucket >= ${from} / ${BUCKET_MS}`, `r.bucket < ${to} / ${BUCKET_MS}`);
  if (sessions)
    (where.push('r.session_bucket >= ?', 'r.session_bucket < ?'),
      args.push(sessions[0] / BUCKET_MS, sessions[1] / BUCKET_MS));
  for (const [k, v] of sessions ? sessionFilters(c) : []) (where.push(`r.${k} = ?`), args.push(v));
  return [where.join(' AND '), args];
}
