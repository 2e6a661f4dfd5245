import type { ReportAnswerOf } from '../schemas/reports.ts';
import { sessionsCte, total, type ReportContext } from './context.ts';
import { rollupsServe, rollupWhere } from './rollups.ts';

/** Outbound clicks per partner or domain: from rollups when the window is on bucket edges, else from raw events. */
async function counts(c: ReportContext) {
  if (rollupsServe(c)) {
    const [where, args] = rollupWhere(c, [c.from, c.to], [c.from, c.to]);
    return c.db.execute({
      sql: `SELECT r.affiliate, r.name AS domain, sum(r.n) AS clicks FROM rollups r WHERE ${where} AND r.type = 'outbound'
            GROUP BY r.affiliate, CASE WHEN r.affiliate IS NULL THEN r.name END HAVING clicks > 0 ORDER BY clicks DESC, r.affiliate, domain`,
      args,
    });
  }
  // Not `GROUP BY affiliate`: that name is also the session's column (the inbound affiliate) and would win.
  const [cte, args] = sessionsCte(c);
  return c.db.execute({
    sql: `${cte} SELECT json_extract(e.props, '$.affiliate') AS affiliate, e.name AS domain, count(*) AS clicks
          FROM events e JOIN s ON s.id = e.session WHERE e.site_id = ? AND e.type = 'outbound' AND e.ts >= ? AND e.ts < ?
          GROUP BY json_extract(e.props, '$.affiliate'), CASE WHEN json_extract(e.props, '$.affiliate') IS NULL THEN e.name END ORDER BY clicks DESC, 1, 2`,
    args: [...args, c.site.id, c.from, c.to],
  });
}

/** `outbound` — outbound clicks per partner (affiliate) or, without one, per domain. */
export async function outbound(c: ReportContext): Promise<ReportAnswerOf<'outbound'>> {
  const { rows } = await counts(c);
  const out = rows.map((r) => ({
    key: r.affiliate != null ? { affiliate: String(r.affiliate) } : { domain: String(r.domain) },
    clicks: Number(r.clicks),
  }));
  return { rows: out, totals: { clicks: total(out, 'clicks') } };
}
