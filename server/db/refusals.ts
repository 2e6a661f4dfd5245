import type { Client, InStatement, Row } from '@libsql/client';

const DAY = 86_400_000;
/** Refusals are counted, and kept, for this many UTC days (today included). */
export const REFUSAL_DAYS = 7;
/** Distinct origins counted per site, or per unknown key, and UTC day; others are not recorded. */
export const ORIGINS_PER_DAY = 100;
/** Distinct (unknown key, origin) pairs counted per UTC day over all keys: made-up keys cannot fill the table. */
export const UNKNOWN_KEYS_PER_DAY = 1000;

/** A public request the site check refused: a page origin the site does not allow, or a key no site has. */
export type Refusal =
  { reason: 'origin'; siteId: number; origin: string } | { reason: 'site_key'; key: string; origin: string };

const MAX_ORIGIN = 200;
/** What browsers send: lower-case scheme and host, an optional port, no path. */
const wellFormed = /^https?:\/\/(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/;

/**
 * The Origin header as a refusal records it: `scheme://host[:port]` (http or
 * https, at most 200 characters), or `null` (sandboxed frames, file pages).
 * Anything else, and no header at all (not a browser page), is not recorded.
 */
export function recordableOrigin(header: string | undefined): string | null {
  if (header === 'null') return 'null';
  return header && header.length <= MAX_ORIGIN && wellFormed.test(header) ? header : null;
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The first UTC day still counted at `now`; earlier rows are pruned. */
export const refusalCutoff = (now: number) => utcDay(now - (REFUSAL_DAYS - 1) * DAY);

/**
 * Counts one refusal in today's row of its site (or unknown key) and origin.
 * A new row is added only while the day's bounds leave room; a row that
 * exists is always counted.
 */
export function refusalStatement(r: Refusal, now: number): InStatement {
  const [column, subject, target] =
    r.reason === 'origin'
      ? ['site_id', r.siteId, 'site_id, day, origin']
      : ['site_key', r.key, 'day, site_key, origin'];
  const today = `FROM refused_requests WHERE reason = :reason AND day = :day`;
  const roomToday = r.reason === 'site_key' ? `AND (SELECT count(*) ${today}) < ${UNKNOWN_KEYS_PER_DAY}` : '';
  return {
    sql: `INSERT INTO refused_requests (reason, ${column}, origin, day, count, last_at)
          SELECT :reason, :subject, :origin, :day, 1, :now
          WHERE EXISTS (SELECT 1 ${today} AND ${column} = :subject AND origin = :origin)
             OR ((SELECT count(*) ${today} AND ${column} = :subject) < ${ORIGINS_PER_DAY} ${roomToday})
          ON CONFLICT (${target}) WHERE reason = '${r.reason}'
          DO UPDATE SET count = count + 1, last_at = max(last_at, excluded.last_at)`,
    args: { reason: r.reason, subject, origin: r.origin, day: utcDay(now), now },
  };
}

/** Deletes the rows older than the counted window (the retention job). */
export const pruneRefusalsStatement = (now: number): InStatement => ({
  sql: 'DELETE FROM refused_requests WHERE day < ?',
  args: [refusalCutoff(now)],
});

export interface RefusalCounts {
  refusedOrigins: { origin: string; count: number; lastAt: number }[];
  unknownKeys: { key: string; origin: string; count: number; lastAt: number }[];
}

const counted = (r: Row) => ({ count: Number(r.count), lastAt: Number(r.last_at) });
/** Most rows of each list (newest first). */
const LIST_LIMIT = 100;

/**
 * A site's refusals over the counted window: its refused origins (less those
 * allowed since), and the unknown keys used on `ownOrigins` (pages that are
 * the site's: its allowed origins and those of its recent events).
 */
export async function refusalsOf(
  db: Client,
  site: { id: number; allowedOrigins: string[] },
  ownOrigins: string[],
  now: number,
): Promise<RefusalCounts> {
  const since = refusalCutoff(now);
  const [origins, keys] = await Promise.all([
    db.execute({
      sql: `SELECT origin, sum(count) AS count, max(last_at) AS last_at FROM refused_requests
            WHERE reason = 'origin' AND site_id = ? AND day >= ?
              AND origin NOT IN (SELECT value FROM json_each(?))
            GROUP BY origin ORDER BY last_at DESC, origin LIMIT ${LIST_LIMIT}`,
      args: [site.id, since, JSON.stringify(site.allowedOrigins)],
    }),
    db.execute({
      sql: `SELECT site_key, origin, sum(count) AS count, max(last_at) AS last_at FROM refused_requests
            WHERE reason = 'site_key' AND origin IN (SELECT value FROM json_each(?)) AND day >= ?
            GROUP BY site_key, origin ORDER BY last_at DESC, site_key, origin LIMIT ${LIST_LIMIT}`,
      args: [JSON.stringify(ownOrigins), since],
    }),
  ]);
  return {
    refusedOrigins: origins.rows.map((r) => ({ origin: String(r.origin), ...counted(r) })),
    unknownKeys: keys.rows.map((r) => ({ key: String(r.site_key), origin: String(r.origin), ...counted(r) })),
  };
}
