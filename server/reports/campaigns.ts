import type { InValue } from '@libsql/client';
import type { ReportAnswerOf } from '../schemas/reports.ts';
import { longWindow, rate, sessionsCte, sessionsWhere, total, windowVisitors, type ReportContext } from './context.ts';
import { rollupsServe, rollupWhere } from './rollups.ts';
import { campaignKey, spendInWindow } from './spend.ts';

/** spend ÷ n: what one visit, lead or customer cost; null when there were none. */
const costPer = (spend: number, n: number) => (n ? spend / n : null);

/**
 * Conversions and their value (reporting currency) per {source, medium, campaign} of the window's sessions: sums
 * of rollups when the window is on bucket edges (rollupWhere: events of the window in sessions that started in it
 * and pass the filters, as the join with `s` selects; the same counts and sums), else the raw events joined to `s`.
 */
function conversionGroups(c: ReportContext): { sql: string; args: InValue[] } {
  if (rollupsServe(c)) {
    const [where, args] = rollupWhere(c, [c.from, c.to], [c.from, c.to]);
    return {
      sql: `SELECT r.source, r.medium, r.campaign, sum(r.n) AS n,
              total(CASE WHEN r.currency = ? THEN r.value END) AS revenue
            FROM rollups r WHERE ${where} AND r.type = 'conversion' GROUP BY 1, 2, 3`,
      args: [c.site.currency, ...args],
    };
  }
  return {
    sql: `SELECT t.source, t.medium, t.campaign, count(*) AS n,
            total(CASE WHEN e.currency = ? THEN e.value END) AS revenue
          FROM events e JOIN s t ON t.id = e.session
          WHERE e.site_id = ? AND e.type = 'conversion' AND e.ts >= ? AND e.ts < ?
          GROUP BY 1, 2, 3`,
    args: [c.site.currency, c.site.id, c.from, c.to],
  };
}

/** Conversion value in other currencies than the site's, per currency: from rollups like conversionGroups. */
function otherCurrencies(c: ReportContext, cte: string, cteArgs: InValue[]): { sql: string; args: InValue[] } {
  if (rollupsServe(c)) {
    const [where, args] = rollupWhere(c, [c.from, c.to], [c.from, c.to]);
    return {
      sql: `SELECT r.currency, total(r.value) AS v
            FROM rollups r WHERE ${where} AND r.type = 'conversion' AND r.currency <> ? GROUP BY r.currency`,
      args: [...args, c.site.currency],
    };
  }
  return {
    sql: `${cte} SELECT e.currency, total(e.value) AS v FROM events e JOIN s ON s.id = e.session WHERE e.site_id = ?
          AND e.type = 'conversion' AND e.ts >= ? AND e.ts < ? AND e.currency <> ? GROUP BY e.currency`,
    args: [...cteArgs, c.site.id, c.from, c.to, c.site.currency],
  };
}

/**
 * `campaigns` — per {source, medium, campaign} of the sessions: visits, visitors,
 * leads (submissions in those sessions; one without a session belongs to its
 * visitor's latest session), conversions and their value (reporting currency;
 * others listed apart), conversion rate, value per visit; customers (distinct
 * contacts with a purchase in the window attributed to one of those sessions —
 * the purchase's last-touch session), spend (see spendInWindow: pro rata by
 * days, reporting currency; others under `otherSpend`), costPerVisit /
 * costPerLead / costPerCustomer (spend ÷ count, null when the count is 0) and
 * roas = conversion value ÷ spend (0 without spend). A key with spend but no
 * visits is a row too: that is the money to cut.
 */
export async function campaigns(c: ReportContext): Promise<ReportAnswerOf<'campaigns'>> {
  const [cte, args] = sessionsCte(c);
  const conversions = conversionGroups(c);
  // Visits and visitors per key: a long window reads the site's sessions in key and visitor order (no sort).
  const [visitsWhere, visitsArgs] = sessionsWhere(c, [c.from, c.to]);
  const visitsIndex = (await longWindow(c, c.to - c.from)) ? 'sessions_site_source' : 'sessions_site_started_cover';
  const { rows } = await c.db.execute({
    sql: `${cte},
          leads AS (
            SELECT coalesce(l.session, (SELECT x.id FROM sessions x INDEXED BY sessions_site_visitor WHERE x.site_id = l.site_id AND x.visitor = l.visitor AND x.started_at <= l.received_at ORDER BY x.started_at DESC LIMIT 1)) AS session
            FROM lead_submissions l WHERE l.site_id = ? AND l.received_at >= ? AND l.received_at < ?),
          -- Leads and conversions are summed per group from their own (small) sides, each joined to its session (CROSS
          -- JOIN keeps that order: with a source filter the planner had read every lead for each filtered session).
          lead_groups AS (SELECT t.source, t.medium, t.campaign, count(*) AS n
                          FROM leads CROSS JOIN s t ON t.id = leads.session GROUP BY 1, 2, 3),
          conv_groups AS (${conversions.sql}),
          buyer_groups AS (SELECT t.source, t.medium, t.campaign, count(DISTINCT p.contact_id) AS n
                           FROM purchases p CROSS JOIN s t ON t.id = p.session
                           WHERE p.site_id = ? AND p.purchased_at >= ? AND p.purchased_at < ? GROUP BY 1, 2, 3),
          visit_groups AS (SELECT source, medium, campaign, count(*) AS visits, count(DISTINCT visitor) AS visitors
                           FROM sessions x INDEXED BY ${visitsIndex} WHERE ${visitsWhere} GROUP BY source, medium, campaign)
          SELECT v.source, v.medium, v.campaign, v.visits, v.visitors, coalesce(l.n, 0) AS leads, coalesce(k.n, 0) AS conversions, coalesce(k.revenue, 0) AS revenue, coalesce(b.n, 0) AS customers
          FROM visit_groups v
            LEFT JOIN lead_groups l ON l.source = v.source AND l.medium IS v.medium AND l.campaign IS v.campaign
            LEFT JOIN conv_groups k ON k.source = v.source AND k.medium IS v.medium AND k.campaign IS v.campaign
            LEFT JOIN buyer_groups b ON b.source = v.source AND b.medium IS v.medium AND b.campaign IS v.campaign`,
    args: [...args, c.site.id, c.from, c.to, ...conversions.args, c.site.id, c.from, c.to, ...visitsArgs],
  });
  const spend = await spendInWindow(c);
  const groups = new Map(
    rows.map((r) => [
      campaignKey(r.source, r.medium, r.campaign),
      {
        visits: Number(r.visits),
        visitors: Number(r.visitors),
        leads: Number(r.leads),
        conversions: Number(r.conversions),
        revenue: Number(r.revenue),
        customers: Number(r.customers),
      },
    ]),
  );
  for (const key of spend.byKey.keys())
    if (!groups.has(key))
      groups.set(key, { visits: 0, visitors: 0, leads: 0, conversions: 0, revenue: 0, customers: 0 });
  const out = [...groups]
    .map(([k, g]) => {
      const [source, medium, campaign] = JSON.parse(k) as [string, string | null, string | null];
      const paid = spend.byKey.get(k) ?? 0;
      return {
        key: { source, medium, campaign },
        visits: g.visits,
        visitors: g.visitors,
        leads: g.leads,
        conversions: g.conversions,
        revenue: g.revenue,
        conversionRate: rate(g.conversions, g.visits),
        revenuePerVisit: rate(g.revenue, g.visits),
        customers: g.customers,
        spend: paid,
        costPerVisit: costPer(paid, g.visits),
        costPerLead: costPer(paid, g.leads),
        costPerCustomer: costPer(paid, g.customers),
        roas: rate(g.revenue, paid),
      };
    })
    .sort(
      (a, b) =>
        b.conversions - a.conversions ||
        b.visits - a.visits ||
        b.spend - a.spend ||
        JSON.stringify(Object.values(a.key)).localeCompare(JSON.stringify(Object.values(b.key))),
    );
  const [{ rows: other }, { rows: buyers }, visitors] = await Promise.all([
    c.db.execute(otherCurrencies(c, cte, args)),
    c.db.execute({
      sql: `${cte} SELECT count(DISTINCT p.contact_id) AS n FROM purchases p CROSS JOIN s ON s.id = p.session
            WHERE p.site_id = ? AND p.purchased_at >= ? AND p.purchased_at < ?`,
      args: [...args, c.site.id, c.from, c.to],
    }),
    windowVisitors(c),
  ]);
  const sum = (k: 'visits' | 'leads' | 'conversions' | 'revenue' | 'spend') => total(out, k);
  // A customer who bought through two campaigns is one customer in the totals (a visitor, one visitor).
  const customers = Number(buyers[0]!.n);
  return {
    rows: out,
    totals: {
      visits: sum('visits'),
      visitors,
      leads: sum('leads'),
      conversions: sum('conversions'),
      revenue: sum('revenue'),
      conversionRate: rate(sum('conversions'), sum('visits')),
      customers,
      spend: sum('spend'),
      costPerVisit: costPer(sum('spend'), sum('visits')),
      costPerLead: costPer(sum('spend'), sum('leads')),
      costPerCustomer: costPer(sum('spend'), customers),
      roas: rate(sum('revenue'), sum('spend')),
    },
    otherCurrencies: Object.fromEntries(other.map((r) => [String(r.currency), Number(r.v)])),
    otherSpend: spend.other,
  };
}
