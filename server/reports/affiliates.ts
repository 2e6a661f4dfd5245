import type { ReportAnswerOf } from '../schemas/reports.ts';
import { sessionsCte, total, windowVisitors, type ReportContext } from './context.ts';
import { purchaseAmount, real } from './money-sql.ts';

interface Group {
  visits: number;
  visitors: number;
  leads: number;
  buyers: Set<string>;
  newBuyers: Set<string>;
  revenue: Map<string, number>;
}
const group = (): Group => ({
  visits: 0,
  visitors: 0,
  leads: 0,
  buyers: new Set(),
  newBuyers: new Set(),
  revenue: new Map(),
});
const add = (m: Record<string, number> | Map<string, number>, k: string, v: number) =>
  m instanceof Map ? m.set(k, (m.get(k) ?? 0) + v) : (m[k] = (m[k] ?? 0) + v);

/**
 * `affiliates` — per inbound affiliate: visits, visitors and leads of its
 * sessions in the window; customers (contacts whose first session came
 * through it and who bought in the window), newCustomers (of those, whose
 * first purchase ever is in the window), revenue (their purchases in the
 * window, reporting currency), the commission payable for the window by the
 * affiliate's rule — percent: revenue × basis points ÷ 10,000, rounded per
 * affiliate and currency; fixed: newCustomers × the amount (in the rule's
 * currency, default the site's) — and net = revenue − commission. An
 * affiliate whose customers bought in a window without visits is a row too.
 * Revenue and commission in other currencies are listed apart.
 */
export async function affiliates(c: ReportContext): Promise<ReportAnswerOf<'affiliates'>> {
  const [cte, args] = sessionsCte(c);
  const site = c.site.id;
  const [{ rows: visits }, { rows: bought }, { rows: rules }, visitors] = await Promise.all([
    c.db.execute({
      sql: `${cte},
            lead_groups AS (SELECT t.affiliate, count(*) AS n FROM lead_submissions l JOIN s t ON t.id = l.session
                            WHERE l.site_id = ? AND l.received_at >= ? AND l.received_at < ? AND t.affiliate IS NOT NULL GROUP BY t.affiliate),
            visit_groups AS (SELECT affiliate, count(*) AS visits, count(DISTINCT visitor) AS visitors FROM s WHERE affiliate IS NOT NULL GROUP BY +affiliate)
            SELECT v.affiliate, v.visits, v.visitors, coalesce(lg.n, 0) AS leads FROM visit_groups v LEFT JOIN lead_groups lg ON lg.affiliate = v.affiliate`,
      args: [...args, site, c.from, c.to],
    }),
    c.db.execute({
      sql: `SELECT * FROM (
              SELECT p.contact_id, p.currency, ${purchaseAmount('p')} AS amount,
                (SELECT min(q.purchased_at) FROM purchases q WHERE q.contact_id = p.contact_id) >= ? AS new_customer,
                (SELECT x.affiliate FROM contact_visitors cv JOIN sessions x INDEXED BY sessions_site_visitor ON x.site_id = cv.site_id AND x.visitor = cv.visitor WHERE cv.contact_id = p.contact_id ORDER BY x.started_at LIMIT 1) AS affiliate
              FROM purchases p WHERE p.site_id = ? AND p.purchased_at >= ? AND p.purchased_at < ? AND p.contact_id IN (SELECT id FROM contacts WHERE site_id = ?))
            WHERE affiliate IS NOT NULL`,
      args: [c.from, site, c.from, c.to, site],
    }),
    c.db.execute({
      sql: `SELECT name, commission_type, ${real('commission_value')} AS commission_value, currency
          FROM affiliates WHERE site_id = ?`,
      args: [site],
    }),
    windowVisitors(c, 'affiliate IS NOT NULL'),
  ]);
  const groups = new Map<string, Group>();
  const of = (name: string) => groups.get(name) ?? groups.set(name, group()).get(name)!;
  for (const r of visits)
    Object.assign(of(String(r.affiliate)), {
      visits: Number(r.visits),
      visitors: Number(r.visitors),
      leads: Number(r.leads),
    });
  for (const r of bought) {
    const g = of(String(r.affiliate));
    g.buyers.add(String(r.contact_id));
    if (Number(r.new_customer)) g.newBuyers.add(String(r.contact_id));
    add(g.revenue, String(r.currency), Number(r.amount));
  }
  const rule = new Map(
    rules.map((r) => [
      String(r.name),
      {
        type: String(r.commission_type),
        value: Number(r.commission_value),
        currency: r.currency == null ? c.site.currency : String(r.currency),
      },
    ]),
  );
  const cur = c.site.currency;
  const otherCurrencies: Record<string, number> = {};
  const otherCommission: Record<string, number> = {};
  const out = [...groups].map(([name, g]) => {
    const commission = new Map<string, number>();
    const r = rule.get(name);
    if (r?.type === 'percent') for (const [k, v] of g.revenue) commission.set(k, Math.round((v * r.value) / 10_000));
    if (r?.type === 'fixed' && g.newBuyers.size) commission.set(r.currency, g.newBuyers.size * r.value);
    for (const [k, v] of g.revenue) if (k !== cur) add(otherCurrencies, k, v);
    for (const [k, v] of commission) if (k !== cur && v) add(otherCommission, k, v);
    const revenue = g.revenue.get(cur) ?? 0;
    const paid = commission.get(cur) ?? 0;
    return {
      key: { affiliate: name },
      visits: g.visits,
      visitors: g.visitors,
      leads: g.leads,
      customers: g.buyers.size,
      newCustomers: g.newBuyers.size,
      revenue,
      commission: paid,
      net: revenue - paid,
    };
  });
  out.sort(
    (a, b) => b.customers - a.customers || b.visits - a.visits || a.key.affiliate.localeCompare(b.key.affiliate),
  );
  const sum = (k: 'visits' | 'leads' | 'customers' | 'newCustomers' | 'revenue' | 'commission' | 'net') =>
    total(out, k);
  return {
    rows: out,
    totals: {
      visits: sum('visits'),
      visitors,
      leads: sum('leads'),
      customers: sum('customers'),
      newCustomers: sum('newCustomers'),
      revenue: sum('revenue'),
      commission: sum('commission'),
      net: sum('net'),
    },
    otherCurrencies,
    otherCommission,
  };
}
