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
          firsts AS (SELECT c.id AS contact, (SELECT x.affiliate FROM sessions x JOIN contact_visitors cv ON cv.site_id = x.site_id AND cv.visitor = x.visitor WHERE cv.contact_id = c.id ORDER BY x.started_at LIMIT 1) AS affiliate
                     FROM contacts c WHERE c.site_id = ?),
          bought AS (SELECT f.affiliate, count(DISTINCT p.contact_id) AS customers, sum(CASE WHEN p.currency = ? THEN p.unit_price * p.quantity ELSE 0 END) AS revenue
                     FROM purchases p JOIN firsts f ON f.contact = p.contact_id WHERE p.site_id = ? AND p.purchased_at >= ? AND p.purchased_at < ? AND f.affiliate IS NOT NULL GROUP BY f.affiliate)
          SELECT s.affiliate, count(*) AS visits, count(DISTINCT s.visitor) AS visitors,
            (SELECT count(*) FROM lead_submissions l WHERE l.site_id = ? AND l.received_at >= ? AND l.received_at < ? AND l.session IN (SELECT id FROM s t WHERE t.affiliate = s.affiliate)) AS leads,
            coalesce(b.customers, 0) AS customers, coalesce(b.revenue, 0) AS revenue,
            a.commission_type, a.commission_value
          FROM s LEFT JOIN bought b ON b.affiliate = s.affiliate LEFT JOIN affiliates a ON a.site_id = ? AND a.name = s.affiliate
          WHERE s.affiliate IS NOT NULL GROUP BY s.affiliate ORDER BY customers DESC, visits DESC`,
    args: [...args, c.site.id, cur, c.site.id, c.from, c.to, c.site.id, c.from, c.to, c.site.id],
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
