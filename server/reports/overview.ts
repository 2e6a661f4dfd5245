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
  total,
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
 * conversions and purchases count only in the matching sessions. `counts`
 * false leaves visits, pageviews, leads and conversions 0 (the caller sums them).
 */
async function measure(c: ReportContext, windows: [number, number][], counts = true) {
  const site = c.site.id;
  const span = { ...c, from: Math.min(...windows.map((w) => w[0])), to: Math.max(...windows.map((w) => w[1])) };
  const [cte, args] = sessionsCte(span);
  const [b, windowArgs] = windowsCte(windows);
  const [inWindow, inWindowArgs] = sessionsWhere(c, ['b.lo', 'b.hi']);
  const [leadIn, leadArgs] = inSessionsOf(c, 'l.session', [span.from, span.to]);
  const [buyerIn, buyerArgs] = inSessionsOf(c, 'p.session', [span.from, span.to]);
  const [events, eventArgs] = counts ? eventCounts(c, span, windows) : ['0 AS pageviews, 0 AS conversions', []];
  // A long window reads the site's sessions in an order that needs no sort (see longWindow): all of them in visitor
  // order without a filter; with a source, that source's sessions through sessions_site_source (it holds every filter).
  const long = await longWindow(c, Math.max(...windows.map(([lo, hi]) => hi - lo)));
  const bySource = long && c.q.source ? ' INDEXED BY sessions_site_source' : '';
  const byVisitor = long && !sessionFilters(c).length ? ' INDEXED BY sessions_site_visitor' : bySource;
  const leads = `(SELECT count(*) FROM lead_submissions l
    WHERE l.site_id = ? AND l.received_at >= b.lo AND l.received_at < b.hi${leadIn})`;
  const sql = `${cte}, ${b}
    SELECT b.i,
      ${counts ? `(SELECT count(*) FROM sessions x${bySource} WHERE ${inWindow})` : '0'} AS visits,
      (SELECT count(DISTINCT visitor) FROM sessions x${byVisitor} WHERE ${inWindow}) AS visitors,
      ${events},
      ${counts ? leads : '0'} AS leads,
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
      ...(counts ? inWindowArgs : []),
      ...inWindowArgs,
      ...eventArgs,
      ...(counts ? [site, ...leadArgs] : []),
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
  const edges = c.q.interval ? buckets(c.from, c.to, c.q.interval, c.tz) : [];
  const series = edges.length ? await measure(c, edges) : [];
  const [totals, previous] =
    series.length && !sessionFilters(c).length
      ? [await windowOfSeries(c, series), (await measure(c, [[c.from - span, c.from]]))[0]]
      : await measure(c, [
          [c.from, c.to],
          [c.from - span, c.from],
        ]);
  const answer: ReportAnswerOf<'overview'> = {
    rows: [],
    totals: totals!,
    previous: previous!,
    goals: await goalProgress(c, ['leads', 'conversion_rate', 'won_value']),
  };
  if (c.q.interval) answer.series = edges.map(([lo], i) => ({ t: new Date(lo).toISOString(), ...series[i]! }));
  return answer;
}

/**
 * The window's measures when its `series` is at hand and no session filter is set: visits, pageviews, leads and
 * conversions are the sums of the buckets (they cover the window, and each counts what the window would); the
 * distinct counts and revenue are the window's own. (With a filter, the window and the one before count events of
 * sessions started in either, the buckets only in the window: the 2-window query keeps that.)
 */
async function windowOfSeries(c: ReportContext, series: Awaited<ReturnType<typeof measure>>) {
  const [own] = await measure(c, [[c.from, c.to]], false);
  const sum = (k: 'visits' | 'pageviews' | 'leads' | 'conversions') => total(series, k);
  return {
    visits: sum('visits'),
    visitors: own!.visitors,
    pageviews: sum('pageviews'),
    leads: sum('leads'),
    conversions: sum('conversions'),
    customers: own!.customers,
    revenue: own!.revenue,
    conversionRate: rate(sum('conversions'), sum('visits')),
  };
}
