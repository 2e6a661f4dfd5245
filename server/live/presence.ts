import type { Client } from '@libsql/client';

const WINDOW_MS = 30 * 24 * 3_600_000;

/**
 * "Usually replies in N minutes": the median time to first response of the
 * site's tickets opened in the last 30 days, in whole minutes (at least 1);
 * null with fewer than 3 answered tickets (too few to promise anything).
 */
export async function typicalReplyMinutes(db: Client, siteId: number, now = Date.now()): Promise<number | null> {
  const { rows } = await db.execute({
    sql: `SELECT first_response_at - created_at AS ms FROM tickets
          WHERE site_id = ? AND created_at >= ? AND first_response_at IS NOT NULL ORDER BY ms LIMIT 2000`,
    args: [siteId, now - WINDOW_MS],
  });
  if (rows.length < 3) return null;
  const mid = rows.length / 2;
  const median =
    rows.length % 2 ? Number(rows[Math.floor(mid)]!.ms) : (Number(rows[mid - 1]!.ms) + Number(rows[mid]!.ms)) / 2;
  return Math.max(1, Math.round(median / 60_000));
}
