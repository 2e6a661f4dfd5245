import { sessionsCte, total, type ReportAnswer, type ReportContext } from './context.ts';

/** `prices` — per {price, currency} on clicked elements: clicks, and conversions in the sessions that clicked it. */
export async function prices(c: ReportContext): Promise<ReportAnswer> {
  const [cte, args] = sessionsCte(c);
  const { rows } = await c.db.execute({
    sql: `${cte}, clicked AS (
            SELECT json_extract(e.props, '$.price') AS price, json_extract(e.props, '$.currency') AS currency, e.session
            FROM events e JOIN s ON s.id = e.session WHERE e.site_id = ? AND e.type IN ('click', 'outbound') AND e.ts >= ? AND e.ts < ? AND json_extract(e.props, '$.price') IS NOT NULL)
          SELECT price, currency, count(*) AS clicks,
            (SELECT count(*) FROM events v WHERE v.site_id = ? AND v.type = 'conversion' AND v.ts >= ? AND v.ts < ? AND v.session IN (SELECT session FROM clicked k WHERE k.price = clicked.price AND k.currency IS clicked.currency)) AS conversions
          FROM clicked GROUP BY price, currency ORDER BY clicks DESC`,
    args: [...args, c.site.id, c.from, c.to, c.site.id, c.from, c.to],
  });
  const out = rows.map((r) => ({ key: { price: Number(r.price), currency: r.currency == null ? null : String(r.currency) }, clicks: Number(r.clicks), conversions: Number(r.conversions) }));
  return { rows: out, totals: { clicks: total(out, 'clicks') } };
}
