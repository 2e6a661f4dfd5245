import type { InValue } from '@libsql/client';
import type { ReportAnswerOf } from '../schemas/reports.ts';
import { sessionsCte, total, type ReportContext } from './context.ts';
import { real } from './money-sql.ts';
import { rollupsServe, rollupWhere } from './rollups.ts';

/** A clicked element's price and currency (props), as `price, currency`. */
const PRICED = `${real("json_extract(e.props, '$.price')")} AS price, json_extract(e.props, '$.currency') AS currency`;

/**
 * Clicks per {price, currency} of the window's sessions, as a query of `price, currency, clicks`: sums of
 * rollups when the window is on bucket edges, else a count of raw clicks joined to the `s` CTE.
 */
function clicksPerPrice(c: ReportContext): [string, InValue[]] {
  if (rollupsServe(c)) {
    const [where, args] = rollupWhere(c, [c.from, c.to], [c.from, c.to]);
    return [
      `SELECT ${real('r.price')} AS price, r.price_currency AS currency, sum(r.n) AS clicks FROM rollups r
       WHERE ${where} AND r.type IN ('click', 'outbound') AND r.price IS NOT NULL GROUP BY 1, 2`,
      args,
    ];
  }
  return [
    `SELECT ${PRICED}, count(*) AS clicks FROM events e JOIN s ON s.id = e.session
     WHERE e.site_id = ? AND e.type IN ('click', 'outbound') AND e.ts >= ? AND e.ts < ? AND json_extract(e.props, '$.price') IS NOT NULL
     GROUP BY 1, 2`,
    [c.site.id, c.from, c.to],
  ];
}

/**
 * `prices` — per {price, currency} on clicked elements: clicks, and conversions in the sessions that clicked
 * it. Conversions start from the window's converting sessions (few) and read their priced clicks through
 * the session index, instead of every priced click of the window looking up its session's conversions.
 */
export async function prices(c: ReportContext): Promise<ReportAnswerOf<'prices'>> {
  const [cte, args] = sessionsCte(c);
  const [clicks, clickArgs] = clicksPerPrice(c);
  const site = c.site.id;
  const { rows } = await c.db.execute({
    sql: `${cte},
          conv AS MATERIALIZED (SELECT v.session, count(*) AS n FROM events v JOIN s ON s.id = v.session
                                WHERE v.site_id = ? AND v.type = 'conversion' AND v.ts >= ? AND v.ts < ? GROUP BY v.session),
          converted AS (SELECT k.price, k.currency, sum(conv.n) AS n FROM (
              SELECT DISTINCT ${PRICED}, e.session FROM conv JOIN events e INDEXED BY events_session ON e.session = conv.session AND e.type IN ('click', 'outbound')
              WHERE e.site_id = ? AND e.ts >= ? AND e.ts < ? AND json_extract(e.props, '$.price') IS NOT NULL) k
            JOIN conv ON conv.session = k.session GROUP BY k.price, k.currency),
          g AS (${clicks})
          SELECT g.price, g.currency, g.clicks, coalesce(v.n, 0) AS conversions
          FROM g LEFT JOIN converted v ON v.price = g.price AND v.currency IS g.currency
          ORDER BY g.clicks DESC, g.price, g.currency`,
    args: [...args, site, c.from, c.to, site, c.from, c.to, ...clickArgs],
  });
  const out = rows.map((r) => ({
    key: { price: Number(r.price), currency: r.currency == null ? null : String(r.currency) },
    clicks: Number(r.clicks),
    conversions: Number(r.conversions),
  }));
  return { rows: out, totals: { clicks: total(out, 'clicks') } };
}
