import { sessionsCte, total, type ReportAnswer, type ReportContext } from './context.ts';

/**
 * `affiliates` — per inbound affiliate: visits, visitors, leads, customers
 * (contacts whose first session came through it and who bought), their
 * purchase revenue (reporting currency) and the commission it earns.
 */
export async function affiliates(c: ReportContext): Promise<ReportAnswer> {
  const [cte, args] = sessionsCte(c);
  const cur = c.site.currency;
  const { rows } = await c.db.execute({
    sql: `${cte},
          firsts AS (SELECT p.contact_id, p.currency, p.unit_price * p.quantity AS amount,
                       (SELECT x.affiliate FROM contact_visitors cv JOIN sessions x INDEXED BY sessions_site_visitor ON x.site_id = cv.site_id AND x.visitor = cv.visitor WHERE cv.contact_id = p.contact_id ORDER BY x.started_at LIMIT 1) AS affiliate
                     FROM purchases p WHERE p.site_id = ? AND p.purchased_at >= ? AND p.purchased_at < ? AND p.contact_id IN (SELECT id FROM contacts WHERE site_id = ?)),
          bought AS (SELECT affiliate, count(DISTINCT contact_id) AS customers, sum(CASE WHEN currency = ? THEN amount ELSE 0 END) AS revenue
                     FROM firsts WHERE affiliate IS NOT NULL GROUP BY affiliate),
          lead_groups AS (SELECT t.affiliate, count(*) AS n FROM lead_submissions l JOIN s t ON t.id = l.session
                          WHERE l.site_id = ? AND l.received_at >= ? AND l.received_at < ? AND t.affiliate IS NOT NULL GROUP BY t.affiliate),
          visit_groups AS (SELECT affiliate, count(*) AS visits, count(DISTINCT visitor) AS visitors FROM s WHERE affiliate IS NOT NULL GROUP BY +affiliate)
          SELECT v.affiliate, v.visits, v.visitors, coalesce(lg.n, 0) AS leads, coalesce(b.customers, 0) AS customers, coalesce(b.revenue, 0) AS revenue,
            a.commission_type, a.commission_value
          FROM visit_groups v LEFT JOIN lead_groups lg ON lg.affiliate = v.affiliate LEFT JOIN bought b ON b.affiliate = v.affiliate
            LEFT JOIN affiliates a ON a.site_id = ? AND a.name = v.affiliate
          ORDER BY customers DESC, v.visits DESC, v.affiliate`,
    args: [...args, c.site.id, c.from, c.to, c.site.id, cur, c.site.id, c.from, c.to, c.site.id],
  });
  const out = rows.map((r) => {
    const revenue = Number(r.revenue);
    const customers = Number(r.customers);
    const commission = r.commission_type === 'fixed' ? customers * Number(r.commission_value) : r.commission_type === 'percent' ? Math.round((revenue * Number(r.commission_value)) / 10_000) : 0;
    return { key: { affiliate: String(r.affiliate) }, visits: Number(r.visits), visitors: Number(r.visitors), leads: Number(r.leads), customers, revenue, commission };
  });
  const sum = (k: 'visits' | 'leads' | 'customers' | 'revenue' | 'commission') => total(out, k);
  return { rows: out, totals: { visits: sum('visits'), leads: sum('leads'), customers: sum('customers'), revenue: sum('revenue'), commission: sum('commission') } };
}
