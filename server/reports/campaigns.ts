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
            SELECT coalesce(l.session, (SELECT x.id FROM sessions x WHERE x.site_id = l.site_id AND x.visitor = l.visitor AND x.started_at <= l.received_at ORDER BY x.started_at DESC LIMIT 1)) AS session
            FROM lead_submissions l WHERE l.site_id = ? AND l.received_at >= ? AND l.received_at < ?),
          conv AS (SELECT session, count(*) AS n, sum(CASE WHEN currency = ? THEN value ELSE 0 END) AS revenue FROM events WHERE site_id = ? AND type = 'conversion' AND ts >= ? AND ts < ? GROUP BY session)
          SELECT s.source, s.medium, s.campaign, count(*) AS visits, count(DISTINCT s.visitor) AS visitors,
            sum((SELECT count(*) FROM leads WHERE leads.session = s.id)) AS leads,
            sum(coalesce(conv.n, 0)) AS conversions, sum(coalesce(conv.revenue, 0)) AS revenue
          FROM s LEFT JOIN conv ON conv.session = s.id
          GROUP BY s.source, s.medium, s.campaign ORDER BY conversions DESC, visits DESC`,
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
