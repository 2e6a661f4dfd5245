import type { ReportAnswerOf } from '../schemas/reports.ts';
import { rate, type ReportContext } from './context.ts';
import { loyalty, retention, surveyReasons, type Buyer } from './loyalty.ts';
import { zonedDate } from './range.ts';
import { segmentClause } from './segment.ts';
import { purchaseAmount } from './money-sql.ts';

/**
 * `customers` — what buyers are worth. Totals over purchases in the window:
 * customers, repeatCustomers (two or more purchases in it), repeatRate,
 * revenue (reporting currency; others under `otherCurrencies`),
 * revenuePerCustomer. Rows: cohorts by the month (in `tz`) of a customer's
 * first purchase ever, for first purchases inside the window — `customers`,
 * `repeat` (bought again at any time since) and `lifetimeRevenue` to date.
 * With `segment`, only its contacts count.
 *
 * Loyalty of those cohort customers (see loyalty.ts), to date: `loyalty`
 * (repeat rate, median days between purchases, lifetime revenue), `retention`
 * (per cohort, the share who bought again in month +1 … +6), `reasons` — the
 * latest "why" comments of the customers' survey answers, three per cohort —
 * and `reasonShares`, how they answered each choice survey. With `by=source` the rows are the contacts' first-touch sources
 * (null: none tracked, e.g. entered by hand) with their loyalty, and
 * retention and reasons are per source and cohort / per source.
 */
export async function customers(c: ReportContext): Promise<ReportAnswerOf<'customers'>> {
  const site = c.site.id;
  const cur = c.site.currency;
  const [seg, segArgs] = await segmentClause(c, 'contact_id');
  const { rows: inWindow } = await c.db.execute({
    sql: `SELECT count(DISTINCT contact_id) AS customers,
            (SELECT count(*) FROM (SELECT contact_id FROM purchases WHERE site_id = ? AND purchased_at >= ? AND purchased_at < ?${seg} GROUP BY contact_id HAVING count(*) > 1)) AS repeaters,
            total(CASE WHEN currency = ? THEN ${purchaseAmount()} END) AS revenue
          FROM purchases WHERE site_id = ? AND purchased_at >= ? AND purchased_at < ?${seg}`,
    args: [site, c.from, c.to, ...segArgs, cur, site, c.from, c.to, ...segArgs],
  });
  const { rows: other } = await c.db.execute({
    sql: `SELECT currency, total(${purchaseAmount()}) AS v FROM purchases WHERE site_id = ? AND purchased_at >= ?
          AND purchased_at < ? AND currency <> ?${seg} GROUP BY currency`,
    args: [site, c.from, c.to, cur, ...segArgs],
  });
  const { rows: buyers } = await c.db.execute({
    sql: `SELECT contact_id, min(purchased_at) AS first, count(*) AS n,
            total(CASE WHEN currency = ? THEN ${purchaseAmount()} END) AS revenue
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
  const bySource = c.q.by === 'source';
  const cohortOf = `SELECT contact_id FROM purchases WHERE site_id = ?${seg} GROUP BY contact_id HAVING min(purchased_at) >= ? AND min(purchased_at) < ?`;
  const [{ rows: history }, { rows: said }] = await Promise.all([
    c.db.execute({
      sql: `SELECT p.contact_id, p.purchased_at, p.currency, ${purchaseAmount('p')} AS amount, k.source
            FROM purchases p LEFT JOIN contacts k ON k.id = p.contact_id
            WHERE p.site_id = ? AND p.contact_id IN (${cohortOf}) ORDER BY p.contact_id, p.purchased_at`,
      args: [site, site, ...segArgs, c.from, c.to],
    }),
    c.db.execute({
      sql: `SELECT a.contact_id, a.survey_id, s.name, s.kind, s.choices AS defined, a.score, a.choices, a.other,
              a.comment, a.created_at AS at
            FROM survey_answers a JOIN surveys s ON s.id = a.survey_id
            WHERE a.site_id = ? AND a.contact_id IN (${cohortOf}) ORDER BY a.created_at DESC, a.id DESC`,
      args: [site, site, ...segArgs, c.from, c.to],
    }),
  ]);
  const people = new Map<string, Buyer>();
  for (const r of history) {
    const id = String(r.contact_id);
    const b =
      people.get(id) ??
      people
        .set(id, { id, source: r.source == null ? null : String(r.source), times: [], rows: 0, revenue: 0 })
        .get(id)!;
    b.rows++;
    if (b.times.at(-1) !== Number(r.purchased_at)) b.times.push(Number(r.purchased_at));
    if (r.currency === cur) b.revenue += Number(r.amount);
  }
  const all = [...people.values()];
  const sources = [...new Set(all.map((b) => b.source))].sort((a, b) => (a ?? '\uffff').localeCompare(b ?? '\uffff'));
  const groupOf = (b: Buyer | undefined) =>
    bySource ? { source: b?.source ?? null } : { cohort: b ? zonedDate(b.times[0]!, c.tz).slice(0, 7) : '' };
  const { reasons, reasonShares } = surveyReasons(said, (contactId) => groupOf(people.get(contactId)));
  const { repeat, ...overall } = loyalty(all);
  const extra = {
    loyalty: { ...overall, repeatCustomers: repeat },
    retention: bySource
      ? sources.flatMap((source) =>
          retention(
            all.filter((b) => b.source === source),
            c.tz,
          ).map((r) => ({ source, ...r })),
        )
      : retention(all, c.tz),
    reasons,
    reasonShares,
  };
  const t = inWindow[0]!;
  const count = Number(t.customers);
  const revenue = Number(t.revenue);
  return {
    rows: bySource
      ? sources.map((source) => ({ key: { source }, ...loyalty(all.filter((b) => b.source === source)) }))
      : [...cohorts]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([cohort, v]) => ({ key: { cohort }, ...v, repeatRate: rate(v.repeat, v.customers) })),
    totals: {
      customers: count,
      repeatCustomers: Number(t.repeaters),
      repeatRate: rate(Number(t.repeaters), count),
      revenue,
      revenuePerCustomer: rate(revenue, count),
    },
    otherCurrencies: Object.fromEntries(other.map((r) => [String(r.currency), Number(r.v)])),
    ...extra,
  };
}
