import type { InStatement } from '@libsql/client';
import { eventTypes } from '../schemas/events.ts';

/**
 * Rollup buckets are 15 minutes of UTC: bucket = floor(ts / BUCKET_MS). Every
 * real UTC offset (+05:30, +05:45, −03:30, DST or not) is a multiple of 15
 * minutes, so a local midnight in any zone is a bucket edge and windows made
 * of local dates are summed exactly from rollups.
 */
export const BUCKET_MS = 900_000;

/** Whether an instant is a bucket edge (a window edge rollups can answer exactly). */
export const onBucketEdge = (ms: number) => ms % BUCKET_MS === 0;

/** Every event type stored (rollup rows lead with the type). */
const TYPES = [...eventTypes, 'form_submit'];

const KEY_COLUMNS =
  'site_id, bucket, session_bucket, dims, type, name, source, medium, campaign, country, device, affiliate, price, price_currency, currency';

/**
 * The rollup key of each event joined with its session — the same
 * expressions as the triggers of migration 0009 use on every write.
 */
const KEYED_EVENTS = `SELECT e.site_id, e.ts / ${BUCKET_MS} AS bucket, coalesce(s.started_at / ${BUCKET_MS}, -1) AS session_bucket,
    json_array(e.type, e.name, s.source, s.medium, s.campaign, s.country, s.device, json_extract(e.props, '$.affiliate'), json_extract(e.props, '$.price'), json_extract(e.props, '$.currency'), e.currency) AS dims,
    e.type, e.name, s.source, s.medium, s.campaign, s.country, s.device, json_extract(e.props, '$.affiliate') AS affiliate, json_extract(e.props, '$.price') AS price,
    json_extract(e.props, '$.currency') AS price_currency, e.currency, e.value
  FROM events e LEFT JOIN sessions s ON s.site_id = e.site_id AND s.id = e.session`;

/** The buckets [first, end) that hold the instants [from, to). */
const bucketsOf = (from: number, to: number): [number, number] => [
  Math.floor(from / BUCKET_MS),
  Math.ceil(to / BUCKET_MS),
];

/**
 * Statements that recompute the rollup rows of a site's buckets holding
 * [from, to) from its stored events: after events or sessions were deleted
 * (erase, retention), which the write triggers do not follow. Put them in
 * the same batch as the deletes, after them.
 *
 * @example
 * await writes.run([{ sql: 'DELETE FROM events WHERE …' }, ...rollupRebuildStatements(site.id, lo, hi)]);
 */
export function rollupRebuildStatements(siteId: number, from: number, to: number): InStatement[] {
  const [first, end] = bucketsOf(from, to);
  return [
    {
      sql: `DELETE FROM rollups WHERE site_id = ? AND type IN (${TYPES.map(() => '?').join(', ')}) AND bucket >= ? AND bucket < ?`,
      args: [siteId, ...TYPES, first, end],
    },
    {
      sql: `INSERT INTO rollups (${KEY_COLUMNS}, n, value)
            SELECT ${KEY_COLUMNS}, count(*), total(value)
            FROM (${KEYED_EVENTS} WHERE e.site_id = ? AND e.ts >= ? AND e.ts < ?)
            GROUP BY site_id, type, bucket, session_bucket, dims`,
      args: [siteId, first * BUCKET_MS, end * BUCKET_MS],
    },
  ];
}
