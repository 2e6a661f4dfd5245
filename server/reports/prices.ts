import type { ReportAnswerOf } from '../schemas/reports.ts';
import { sessionsCte, total, type ReportContext } from './context.ts';
import { real } from './money-sql.ts';

/**
 * `prices` — per {price, currency} on clicked elements: clicks, and conversions
 * in the sessions that clicked it. Raw events (clicks with a price and
 * conversions by session), not rollups: the conversions need the per-session join.
 */
export async function prices(c: ReportContext): Promise<ReportAnswerOf<'prices'>> {
  const [cte, args] = sessionsCte(c);
  const { rows } = await c.db.execute({
    sql: `${cte}, clicked AS (
            SELECT ${real("json_extract(e.props, '$.price')")} AS price,
              json_extract(e.props, '$.currency') AS currency, e.session
            FROM events e JOIN s ON s.id = e.session WHERE e.site_id = ? AND e.type IN ('click', 'outbound') AND e.ts >= ? AND e.ts < ? AND json_extract(e.props, '$.price') IS NOT NULL),
          converted AS (SELECT k.price, k.currency, count(*) AS n FROM (SELECT DISTINCT price, currency, session FROM clicked) k
                        JOIN events v INDEXED BY events_session ON v.session = k.session AND v.type = 'conversion' WHERE v.site_id = ? AND v.ts >= ? AND v.ts < ? GROUP BY k.price, k.currency)
          SELECT g.price, g.currency, g.clicks, coalesce(v.n, 0) AS conversions
          FROM (SELECT price, currency, count(*) AS clicks FROM clicked GROUP BY price, currency) g LEFT JOIN converted v ON v.price = g.price AND v.currency IS g.currency
          ORDER BY g.clicks DESC, g.price, g.currency`,
    args: [...args, c.site.id, c.from, c.to, c.site.id, c.from, c.to],
  });
  const out = rows.map((r) => ({
    key: { price: Number(r.price), currency: r.currency == null ? null : String(r.currency) },
    clicks: Number(r.clicks),
    conversions: Number(r.conversions),
  }));
  return { rows: out, totals: { clicks: total(out, 'clicks') } };
}
