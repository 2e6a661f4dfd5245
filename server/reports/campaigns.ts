import { rate, sessionsCte, total, type ReportAnswer, type ReportContext } from './context.ts';

/**
 * `campaigns` — per {source, medium, campaign} of the sessions: visits, visitors,
 * leads (submissions in those sessions; one without a session belongs to its
 * visitor's latest session), conversions and their value (reporting currency;
 * others listed apart), conversion rate, value per visit.
 */
export async function campaigns(c: ReportContext): Promise<ReportAnswer> {
  const [cte, args] = sessionsCte(c);
  const cur = c.site.currency;
  const { rows } = await c.db.execute({
    sql: `${cte},
          leads AS (
            SELECT coalesce(l.session, (SELECT x.id FROM sessions x INDEXED BY sessions_site_visitor WHERE x.site_id = l.site_id AND x.visitor = l.visitor AND x.started_at <= l.received_at ORDER BY x.started_at DESC LIMIT 1)) AS session
            FROM lead_submissions l WHERE l.site_id = ? AND l.received_at >= ? AND l.received_at < ?),
          -- Leads and conversions are summed per group from their own (small) sides, each joined to its session.
          lead_groups AS (SELECT t.source, t.medium, t.campaign, count(*) AS n FROM leads JOIN s t ON t.id = leads.session GROUP BY 1, 2, 3),
          conv_groups AS (SELECT t.source, t.medium, t.campaign, count(*) AS n, sum(CASE WHEN e.currency = ? THEN e.value ELSE 0 END) AS revenue
                          FROM events e JOIN s t ON t.id = e.session WHERE e.site_id = ? AND e.type = 'conversion' AND e.ts >= ? AND e.ts < ? GROUP BY 1, 2, 3),
          visit_groups AS (SELECT source, medium, campaign, count(*) AS visits, count(DISTINCT visitor) AS visitors FROM s GROUP BY +source, +medium, +campaign)
          SELECT v.source, v.medium, v.campaign, v.visits, v.visitors, coalesce(l.n, 0) AS leads, coalesce(k.n, 0) AS conversions, coalesce(k.revenue, 0) AS revenue
          FROM visit_groups v
            LEFT JOIN lead_groups l ON l.source = v.source AND l.medium IS v.medium AND l.campaign IS v.campaign
            LEFT JOIN conv_groups k ON k.source = v.source AND k.medium IS v.medium AND k.campaign IS v.campaign
          ORDER BY conversions DESC, v.visits DESC, v.source, v.medium, v.campaign`,
    args: [...args, c.site.id, c.from, c.to, cur, c.site.id, c.from, c.to],
  });
  const out = rows.map((r) => {
    const visits = Number(r.visits);
    const conversions = Number(r.conversions);
    const revenue = Number(r.revenue);
    return {
      key: { source: String(r.source), medium: r.medium == null ? null : String(r.medium), campaign: r.campaign == null ? null : String(r.campaign) },
      visits, visitors: Number(r.visitors), leads: Number(r.leads), conversions, revenue, conversionRate: rate(conversions, visits), revenuePerVisit: rate(revenue, visits),
    };
  });
  const { rows: other } = await c.db.execute({
    sql: `${cte} SELECT e.currency, sum(e.value) AS v FROM events e JOIN s ON s.id = e.session WHERE e.site_id = ? AND e.type = 'conversion' AND e.ts >= ? AND e.ts < ? AND e.currency <> ? GROUP BY e.currency`,
    args: [...args, c.site.id, c.from, c.to, cur],
  });
  const sum = (k: 'visits' | 'visitors' | 'leads' | 'conversions' | 'revenue') => total(out, k);
  return {
    rows: out,
    totals: { visits: sum('visits'), visitors: sum('visitors'), leads: sum('leads'), conversions: sum('conversions'), revenue: sum('revenue'), conversionRate: rate(sum('conversions'), sum('visits')) },
    otherCurrencies: Object.fromEntries(other.map((r) => [String(r.currency), Number(r.v)])),
  };
}
