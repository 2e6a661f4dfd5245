import { rate, type ReportAnswer, type ReportContext } from './context.ts';
import { zonedDate } from './range.ts';
import { segmentClause } from './segment.ts';

/**
 * `customers` — what buyers are worth. Totals over purchases in the window:
 * customers, repeatCustomers (two or more purchases in it), repeatRate,
 * revenue (reporting currency; others under `otherCurrencies`),
 * revenuePerCustomer. Rows: cohorts by the month (in `tz`) of a customer's
 * first purchase ever, for first purchases inside the window — `customers`,
 * `repeat` (bought again at any time since) and `lifetimeRevenue` to date.
 * With `segment`, only its contacts count.
 */
export async function customers(c: ReportContext): Promise<ReportAnswer> {
  const site = c.site.id;
  const cur = c.site.currency;
  const [seg, segArgs] = await segmentClause(c, 'contact_id');
  const { rows: inWindow } = await c.db.execute({
    sql: `SELECT count(DISTINCT contact_id) AS customers,
            (SELECT count(*) FROM (SELECT contact_id FROM purchases WHERE site_id = ? AND purchased_at >= ? AND purchased_at < ?${seg} GROUP BY contact_id HAVING count(*) > 1)) AS repeaters,
            coalesce(sum(CASE WHEN currency = ? THEN unit_price * quantity END), 0) AS revenue
          FROM purchases WHERE site_id = ? AND purchased_at >= ? AND purchased_at < ?${seg}`,
    args: [site, c.from, c.to, ...segArgs, cur, site, c.from, c.to, ...segArgs],
  });
  const { rows: other } = await c.db.execute({
    sql: `SELECT currency, sum(unit_price * quantity) AS v FROM purchases WHERE site_id = ? AND purchased_at >= ? AND purchased_at < ? AND currency <> ?${seg} GROUP BY currency`,
    args: [site, c.from, c.to, cur, ...segArgs],
  });
  const { rows: buyers } = await c.db.execute({
    sql: `SELECT contact_id, min(purchased_at) AS first, count(*) AS n, coalesce(sum(CASE WHEN currency = ? THEN unit_price * quantity END), 0) AS revenue
          FROM purchases WHERE site_id = ?${seg} GROUP BY contact_id HAVING first >= ? AND first < ?`,
    args: [cur, site, ...segArgs, c.from, c.to],
  });
  const cohorts = new Map<string, { customers: number; repeat: number; lifetimeRevenue: number }>();
  for (const b of buyers) {
    const month = zonedDate(Number(b.first), c.tz).slice(0, 7);
    const row = cohorts.get(month) ?? cohorts.set(month, { customers: 0, repeat: 0, lifetimeRevenue: 0 }).get(month)!;
    row.customers++;
    if (Number(b.n) > 1) row.repeat++;
    row.lifetimeRevenue += Number(b.revenue);
  }
  const t = inWindow[0]!;
  const count = Number(t.customers);
  const revenue = Number(t.revenue);
  return {
    rows: [...cohorts].sort(([a], [b]) => a.localeCompare(b)).map(([cohort, v]) => ({ key: { cohort }, ...v, repeatRate: rate(v.repeat, v.customers) })),
    totals: { customers: count, repeatCustomers: Number(t.repeaters), repeatRate: rate(Number(t.repeaters), count), revenue, revenuePerCustomer: rate(revenue, count) },
    otherCurrencies: Object.fromEntries(other.map((r) => [String(r.currency), Number(r.v)])),
  };
}
