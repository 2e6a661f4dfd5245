import type { ReportAnswerOf } from '../schemas/reports.ts';
import { rate, sessionsCte, total, type ReportContext } from './context.ts';
import { rollupsServe, rollupWhere } from './rollups.ts';

/** Impressions and clicks per element name: from rollups when the window is on bucket edges, else from raw events. */
async function counts(c: ReportContext) {
  if (rollupsServe(c)) {
    const [where, args] = rollupWhere(c, [c.from, c.to], [c.from, c.to]);
    return c.db.execute({
      sql: `SELECT r.name AS element, sum(CASE WHEN r.type = 'impression' THEN r.n ELSE 0 END) AS impressions, sum(CASE WHEN r.type IN ('click', 'outbound') THEN r.n ELSE 0 END) AS clicks
            FROM rollups r WHERE ${where} AND r.name IS NOT NULL AND r.type IN ('impression', 'click', 'outbound')
            GROUP BY r.name HAVING impressions + clicks > 0 ORDER BY clicks DESC, impressions DESC, element`,
      args,
    });
  }
  const [cte, args] = sessionsCte(c);
  return c.db.execute({
    sql: `${cte} SELECT e.name AS element, sum(e.type = 'impression') AS impressions, sum(e.type IN ('click', 'outbound')) AS clicks
          FROM events e JOIN s ON s.id = e.session WHERE e.site_id = ? AND e.ts >= ? AND e.ts < ? AND e.name IS NOT NULL AND e.type IN ('impression', 'click', 'outbound')
          GROUP BY e.name ORDER BY clicks DESC, impressions DESC, element`,
    args: [...args, c.site.id, c.from, c.to],
  });
}

/** `elements` — per tracked element: impressions, clicks (click or outbound with that name), ctr. */
export async function elements(c: ReportContext): Promise<ReportAnswerOf<'elements'>> {
  const { rows } = await counts(c);
  const out = rows.map((r) => ({
    key: { element: String(r.element) },
    impressions: Number(r.impressions),
    clicks: Number(r.clicks),
    ctr: rate(Number(r.clicks), Number(r.impressions)),
  }));
  const impressions = total(out, 'impressions');
  const clicks = total(out, 'clicks');
  return { rows: out, totals: { impressions, clicks, ctr: rate(clicks, impressions) } };
}
