import type { InValue } from '@libsql/client';
import { goalProgress } from './goals.ts';
import { buckets } from './range.ts';
import {
  inSessions,
  inSessionsOf,
  rate,
  sessionFilters,
  sessionsCte,
  sessionsWhere,
  windowsCte,
  longWindow,
  type ReportContext,
} from './context.ts';
import type { ReportAnswerOf } from '../schemas/reports.ts';
import { rollupsServe, rollupWhere } from './rollups.ts';
import { purchaseAmount } from './money-sql.ts';

/**
 * The pageviews and conversions columns of `measure` for windows `b`: sums of
 * rollups when every edge is a bucket edge, else counts of raw events. With a
 * session filter, only events of the matching sessions started in `span`.
 */
function eventCounts(c: ReportContext, span: ReportContext, windows: [number, number][]): [string, InValue[]] {
  const filtered = sessionFilters(c).length > 0;
  if (rollupsServe(c, ...windows.flat())) {
    const [where, args] = rollupWhere(c, ['b.lo', 'b.hi'], filtered ? [span.from, span.to] : undefined);
    return [
      ['pageview', 'conversion']
        .map((t) => `(SELECT coalesce(sum(r.n), 0) FROM rollups r WHERE ${where} AND r.type = '${t}') AS ${t}s`)
        .join(',\n      '),
      [...args, ...args],
    ];
  }
  const inS = (col: string) => inSessions(c, col);
  return [
    ['pageview', 'conversion']
      .map(
        (t) =>
          `(SELECT count(*) FROM events e WHERE e.site_id = ? AND e.type = '${t}' AND e.ts >= b.lo AND e.ts < b.hi${inS('e.session')}) AS ${t}s`,
      )
      .join(',\n      '),
    [c.site.id, c.site.id],
  ];
}

/**
 * Visits, visitors, pageviews, leads, customers, purchase revenue (reporting
 * currency) and conversion rate (conversion events ÷ visits) for each
 * [lo, hi) window, in one query. With a session filter, pageviews, leads,
 * conversions and purchases count only in the matching sessions.
 */
async function measure(c: ReportContext, windows: [number, number][]) {
  const site = c.site.id;
  const span = { ...c, from: Math.min(...windows.map((w) => w[0])), to: Math.max(...windows.map((w) => w[1])) };
  const [cte, args] = sessionsCte(span);
  const [b, windowArgs] = windowsCte(windows);
  const [inWindow, inWindowArgs] = sessionsWhere(c, ['b.lo', 'b.hi']);
  const [leadIn, leadArgs] = inSessionsOf(c, 'l.session', [span.from, span.to]);
  const [buyerIn, buyerArgs] = inSessionsOf(c, 'p.session', [span.from, span.to]);
  const [events, eventArgs] = eventCounts(c, span, windows);
  // A long window reads the site's sessions in an order that needs no sort (see longWindow): all of them in visitor
  // order without a filter; with a source, that source's sessions through sessions_site_source (it holds every filter).
  const long = await longWindow(c, Math.max(...windows.map(([lo, hi]) => hi - lo)));
  const bySource = long && c.q.source ? ' INDEXED BY sessions_site_source' : '';
  const byVisitor = long && !sessionFilters(c).length ? ' INDEXED BY sessions_site_visitor' : bySource;
  const sql = `${cte}, ${b}
    SELECT b.i,
      (SELECT count(*) FROM sessions x${bySource} WHERE ${inWindow}) AS visits,
      (SELECT count(DISTINCT visitor) FROM sessions x${byVisitor} WHERE ${inWindow}) AS visitors,
      ${events},
      (SELECT count(*) FROM lead_submissions l WHERE l.site_id = ? AND l.received_at >= b.lo AND l.received_at < b.hi${leadIn}) AS leads,
      (SELECT count(DISTINCT contact_id) FROM purchases p WHERE p.site_id = ? AND p.purchased_at >= b.lo AND p.purchased_at < b.hi${buyerIn}) AS customers,
      (SELECT total(${purchaseAmount('p')}) FROM purchases p
        WHERE p.site_id = ? AND p.currency = ? AND p.purchased_at >= b.lo AND p.purchased_at < b.hi${buyerIn}
      ) AS revenue
    FROM b ORDER BY b.i`;
  const { rows } = await c.db.execute({
    sql,
    args: [
      ...args,
      ...windowArgs,
      ...inWindowArgs,
      ...inWindowArgs,
      ...eventArgs,
      site,
      ...leadArgs,
      site,
      ...buyerArgs,
      site,
      c.site.currency,
      ...buyerArgs,
    ],
  });
  return rows.map((r) => {
    const visits = Number(r.visits);
    const conversions = Number(r.conversions);
    return {
      visits,
      visitors: Number(r.visitors),
      pageviews: Number(r.pageviews),
      leads: Number(r.leads),
      conversions,
      customers: Number(r.customers),
      revenue: Number(r.revenue),
      conversionRate: rate(conversions, visits),
    };
  });
}

/**
 * `overview` — totals for the window, `previous` for the same span just
 * before it, and with `interval` a `series` of buckets (days, ISO weeks or
 * months in the report's time zone).
 */
export async function overview(c: ReportContext): Promise<ReportAnswerOf<'overview'>> {
  const span = c.to - c.from;
  const [totals, previous] = await measure(c, [
    [c.from, c.to],
    [c.from - span, c.from],
  ]);
  const answer: ReportAnswerOf<'overview'> = {
    rows: [],
    totals: totals!,
    previous: previous!,
    goals: await goalProgress(c, ['leads', 'conversion_rate', 'won_value']),
  };
  if (c.q.interval) {
    const edges = buckets(c.from, c.to, c.q.interval, c.tz);
    const values = await measure(c, edges);
    answer.series = edges.map(([lo], i) => ({ t: new Date(lo).toISOString(), ...values[i]! }));
  }
  return answer;
}
