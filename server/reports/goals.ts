import type { GoalMetric as Metric } from '../schemas/reports.ts';
import { percentile, rate, type ReportContext } from './context.ts';
import { real } from './money-sql.ts';
import { periodAround } from './range.ts';

/** The value of a goal's metric over [from, to). */
async function actual(c: ReportContext, metric: Metric, from: number, to: number): Promise<number | null> {
  const site = c.site.id;
  if (metric === 'leads') {
    const { rows } = await c.db.execute({
      sql: 'SELECT count(*) AS n FROM lead_submissions WHERE site_id = ? AND received_at >= ? AND received_at < ?',
      args: [site, from, to],
    });
    return Number(rows[0]!.n);
  }
  if (metric === 'won_value') {
    const { rows } = await c.db.execute({
      sql: `SELECT total(${real('amount')}) AS v FROM deals
            WHERE site_id = ? AND status = 'won' AND closed_at >= ? AND closed_at < ? AND currency = ?`,
      args: [site, from, to, c.site.currency],
    });
    return Number(rows[0]!.v);
  }
  if (metric === 'conversion_rate') {
    const { rows } = await c.db.execute({
      sql: `SELECT (SELECT count(*) FROM events WHERE site_id = ? AND type = 'conversion' AND ts >= ? AND ts < ?) AS conversions,
                   (SELECT count(*) FROM sessions WHERE site_id = ? AND started_at >= ? AND started_at < ?) AS visits`,
      args: [site, from, to, site, from, to],
    });
    return rate(Number(rows[0]!.conversions), Number(rows[0]!.visits));
  }
  const { rows } = await c.db.execute({
    sql: 'SELECT first_response_at - created_at AS fr FROM tickets WHERE site_id = ? AND created_at >= ? AND created_at < ? AND first_response_at IS NOT NULL',
    args: [site, from, to],
  });
  return percentile(
    rows.map((r) => Number(r.fr) / 60_000),
    0.5,
  );
}

/**
 * Progress of the site's goals on `metrics` for the current week or month in
 * the report's time zone (`won_value`: deals won in the reporting currency, minor units):
 * `actual`, `progress` (actual ÷ target; for first
 * response, target ÷ actual, so 1 or more means met) and `met`.
 */
export async function goalProgress(c: ReportContext, metrics: Metric[], now = Date.now()) {
  const { rows } = await c.db.execute({
    sql: 'SELECT metric, period, target FROM goals WHERE site_id = ? ORDER BY metric, period',
    args: [c.site.id],
  });
  const out = [];
  for (const g of rows) {
    const metric = String(g.metric) as Metric;
    if (!metrics.includes(metric)) continue;
    const period = String(g.period) as 'week' | 'month';
    const target = Number(g.target);
    const [from, to] = periodAround(now, period, c.tz);
    const value = await actual(c, metric, from, to);
    const lowerIsBetter = metric === 'first_response_minutes';
    const progress = value == null ? null : lowerIsBetter ? (value === 0 ? 1 : target / value) : rate(value, target);
    out.push({
      metric,
      period,
      target,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      actual: value,
      progress,
      met: progress != null && progress >= 1,
    });
  }
  return out;
}
