import { sessionsCte, total, type ReportAnswer, type ReportContext } from './context.ts';

/** `outbound` — outbound clicks per partner (affiliate) or, without one, per domain. */
export async function outbound(c: ReportContext): Promise<ReportAnswer> {
  const [cte, args] = sessionsCte(c);
  const { rows } = await c.db.execute({
    sql: `${cte} SELECT json_extract(e.props, '$.affiliate') AS affiliate, e.name AS domain, count(*) AS clicks
          FROM events e JOIN s ON s.id = e.session WHERE e.site_id = ? AND e.type = 'outbound' AND e.ts >= ? AND e.ts < ?
          GROUP BY affiliate, CASE WHEN affiliate IS NULL THEN e.name END ORDER BY clicks DESC`,
    args: [...args, c.site.id, c.from, c.to],
  });
  const out = rows.map((r) => ({ key: r.affiliate != null ? { affiliate: String(r.affiliate) } : { domain: String(r.domain) }, clicks: Number(r.clicks) }));
  return { rows: out, totals: { clicks: total(out, 'clicks') } };
}
