import type { InValue } from '@libsql/client';
import { daysBetween } from '../schemas/spend.ts';
import type { ReportContext } from './context.ts';
import { zonedDate, zonedMidnight } from './range.ts';
import { real } from './money-sql.ts';

const addDay = (date: string) => new Date(Date.parse(date) + 86_400_000).toISOString().slice(0, 10);

/**
 * How many days of [fromDay, toDay] (inclusive, in zone `tz`) start inside
 * [from, to): a day belongs to a window when its midnight does. For a report
 * over whole days in the site's zone that is exactly the days of overlap.
 */
export function daysInWindow(fromDay: string, toDay: string, from: number, to: number, tz: string): number {
  let first = zonedDate(from, tz);
  if (zonedMidnight(first, tz) < from) first = addDay(first);
  const last = zonedDate(to - 1, tz);
  const lo = fromDay > first ? fromDay : first;
  const hi = toDay < last ? toDay : last;
  return hi < lo ? 0 : daysBetween(lo, hi) + 1;
}

/** A campaign key as one string, the same for sessions and spend. */
export const campaignKey = (source: unknown, medium: unknown, campaign: unknown) =>
  JSON.stringify([String(source), medium == null ? null : String(medium), campaign == null ? null : String(campaign)]);

/**
 * Spend per campaign key in the report's window: each entry counts
 * `amount × days in the window ÷ days of its period` (days in the site's
 * zone, see daysInWindow), summed per key and then rounded to minor units.
 * The `source` and `campaign` filters apply; `country` and `device` cannot
 * (spend has neither). Reporting currency in `byKey`, others in `other`.
 */
export async function spendInWindow(
  c: ReportContext,
): Promise<{ byKey: Map<string, number>; other: Record<string, number> }> {
  const tz = c.site.timeZone;
  const where = ['site_id = ?', 'to_day >= ?', 'from_day <= ?'];
  const args: InValue[] = [c.site.id, zonedDate(c.from, tz), zonedDate(c.to - 1, tz)];
  if (c.q.source) (where.push('source = ?'), args.push(c.q.source));
  if (c.q.campaign) (where.push('campaign = ?'), args.push(c.q.campaign));
  const { rows } = await c.db.execute({
    sql: `SELECT source, medium, campaign, from_day, to_day, ${real('amount')} AS amount, currency
          FROM spend WHERE ${where.join(' AND ')}`,
    args,
  });
  const byKey = new Map<string, number>();
  const other: Record<string, number> = {};
  for (const r of rows) {
    const [fromDay, toDay] = [String(r.from_day), String(r.to_day)];
    const share =
      (Number(r.amount) * daysInWindow(fromDay, toDay, c.from, c.to, tz)) / (daysBetween(fromDay, toDay) + 1);
    if (!share) continue;
    if (r.currency === c.site.currency) {
      const key = campaignKey(r.source, r.medium, r.campaign);
      byKey.set(key, (byKey.get(key) ?? 0) + share);
    } else other[String(r.currency)] = (other[String(r.currency)] ?? 0) + share;
  }
  for (const [k, v] of byKey) byKey.set(k, Math.round(v));
  for (const k of Object.keys(other)) other[k] = Math.round(other[k]!);
  return { byKey, other };
}
