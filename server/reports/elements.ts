import { rate, sessionsCte, total, type ReportAnswer, type ReportContext } from './context.ts';

/** `elements` — per tracked element: impressions, clicks (click or outbound with that name), ctr. */
export async function elements(c: ReportContext): Promise<ReportAnswer> {
  const [cte, args] = sessionsCte(c);
  const { rows } = await c.db.execute({
    sql: `${cte} SELECT e.name AS element, sum(e.type = 'impression') AS impressions, sum(e.type IN ('click', 'outbound')) AS clicks
          FROM events e JOIN s ON s.id = e.session WHERE e.site_id = ? AND e.ts >= ? AND e.ts < ? AND e.name IS NOT NULL AND e.type IN ('impression', 'click', 'outbound')
          GROUP BY e.name ORDER BY clicks DESC, impressions DESC`,
    args: [...args, c.site.id, c.from, c.to],
  });
  const out = rows.map((r) => ({ key: { element: String(r.element) }, impressions: Number(r.impressions), clicks: Number(r.clicks), ctr: rate(Number(r.clicks), Number(r.impressions)) }));
  const impressions = total(out, 'impressions');
  const clicks = total(out, 'clicks');
  return { rows: out, totals: { impressions, clicks, ctr: rate(clicks, impressions) } };
}
