import type { Client, InValue } from '@libsql/client';
import type { Site } from '../db/sites.ts';
import { overview } from './overview.ts';
import type { ReportQuery } from './range.ts';
import { service } from './service.ts';

export interface ReportAnswer {
  rows: Record<string, unknown>[];
  totals: Record<string, unknown>;
  otherCurrencies?: Record<string, number>;
  previous?: Record<string, unknown>;
  series?: Record<string, unknown>[];
}
interface Ctx {
  db: Client;
  site: Site;
  from: number;
  to: number;
  tz: string;
  q: ReportQuery;
}
const rate = (a: number, b: number) => (b ? a / b : 0);

/** Sessions in the window (started in it) that pass the filters, as a CTE named `s`. */
function sessionsCte(c: Ctx): [string, InValue[]] {
  const where = ['site_id = ?', 'started_at >= ?', 'started_at < ?'];
  const args: InValue[] = [c.site.id, c.from, c.to];
  for (const [k, col] of [['source', 'source'], ['campaign', 'campaign'], ['country', 'country'], ['device', 'device']] as const) {
    const v = c.q[k];
    if (v) where.push(`${col} = ?`), args.push(v);
  }
  return [`WITH s AS (SELECT * FROM sessions WHERE ${where.join(' AND ')})`, args];
}

/** `elements` — per tracked element: impressions, clicks (click or outbound with that name), ctr. */
async function elements(c: Ctx): Promise<ReportAnswer> {
  const [cte, args] = sessionsCte(c);
  const { rows } = await c.db.execute({
    sql: `${cte} SELECT e.name AS element, sum(e.type = 'impression') AS impressions, sum(e.type IN ('click', 'outbound')) AS clicks
          FROM events e JOIN s ON s.id = e.session WHERE e.site_id = ? AND e.ts >= ? AND e.ts < ? AND e.name IS NOT NULL AND e.type IN ('impression', 'click', 'outbound')
          GROUP BY e.name ORDER BY clicks DESC, impressions DESC`,
    args: [...args, c.site.id, c.from, c.to],
  });
  const out = rows.map((r) => ({ key: { element: String(r.element) }, impressions: Number(r.impressions), clicks: Number(r.clicks), ctr: rate(Number(r.clicks), Number(r.impressions)) }));
  const impressions = out.reduce((n, r) => n + r.impressions, 0);
  const clicks = out.reduce((n, r) => n + r.clicks, 0);
  return { rows: out, totals: { impressions, clicks, ctr: rate(clicks, impressions) } };
}

/** `outbound` — outbound clicks per partner (affiliate) or, without one, per domain. */
async function outbound(c: Ctx): Promise<ReportAnswer> {
  const [cte, args] = sessionsCte(c);
  const { rows } = await c.db.execute({
    sql: `${cte} SELECT json_extract(e.props, '$.affiliate') AS affiliate, e.name AS domain, count(*) AS clicks
          FROM events e JOIN s ON s.id = e.session WHERE e.site_id = ? AND e.type = 'outbound' AND e.ts >= ? AND e.ts < ?
          GROUP BY affiliate, CASE WHEN affiliate IS NULL THEN e.name END ORDER BY clicks DESC`,
    args: [...args, c.site.id, c.from, c.to],
  });
  const out = rows.map((r) => ({ key: r.affiliate != null ? { affiliate: String(r.affiliate) } : { domain: String(r.domain) }, clicks: Number(r.clicks) }));
  return { rows: out, totals: { clicks: out.reduce((n, r) => n + r.clicks, 0) } };
}

/**
 * `campaigns` — per {source, medium, campaign} of the sessions: visits, visitors,
 * leads (submissions in those sessions; one without a session belongs to its
 * visitor's latest session), conversions and their value (reporting currency;
 * others listed apart), conversion rate, value per visit.
 */
async function campaigns(c: Ctx): Promise<ReportAnswer> {
  const [cte, args] = sessionsCte(c);
  const cur = c.site.currency;
  const { rows } = await c.db.execute({
    sql: `${cte},
          leads AS (
            SELECT coalesce(l.session, (SELECT x.id FROM sessions x WHERE x.site_id = l.site_id AND x.visitor = l.visitor AND x.started_at <= l.received_at ORDER BY x.started_at DESC LIMIT 1)) AS session
            FROM lead_submissions l WHERE l.site_id = ? AND l.received_at >= ? AND l.received_at < ?),
          conv AS (SELECT session, count(*) AS n, sum(CASE WHEN currency = ? THEN value ELSE 0 END) AS revenue FROM events WHERE site_id = ? AND type = 'conversion' AND ts >= ? AND ts < ? GROUP BY session)
          SELECT s.source, s.medium, s.campaign, count(*) AS visits, count(DISTINCT s.visitor) AS visitors,
            sum((SELECT count(*) FROM leads WHERE leads.session = s.id)) AS leads,
            sum(coalesce(conv.n, 0)) AS conversions, sum(coalesce(conv.revenue, 0)) AS revenue
          FROM s LEFT JOIN conv ON conv.session = s.id
          GROUP BY s.source, s.medium, s.campaign ORDER BY conversions DESC, visits DESC`,
    args: [...args, c.site.id, c.from, c.to, cur, c.site.id, c.from, c.to],
  });
  const out = rows.map((r) => {
    const visits = Number(r.visits);
    const conversions = Number(r.conversions);
    const revenue = Number(r.revenue);
    return {
      key: { source: String(r.source), medium: r.medium == null ? null : String(r.medium), campaign: r.campaign == null ? null : String(r.campaign) },
      visits, visitors: Number(r.visitors), leads: Number(r.leads), conversions, revenue, conversionRate: rate(conversions, visits), revenuePerVisit: rate(revenue, visits),
    };
  });
  const { rows: other } = await c.db.execute({
    sql: `${cte} SELECT e.currency, sum(e.value) AS v FROM events e JOIN s ON s.id = e.session WHERE e.site_id = ? AND e.type = 'conversion' AND e.ts >= ? AND e.ts < ? AND e.currency <> ? GROUP BY e.currency`,
    args: [...args, c.site.id, c.from, c.to, cur],
  });
  const sum = (k: 'visits' | 'visitors' | 'leads' | 'conversions' | 'revenue') => out.reduce((n, r) => n + r[k], 0);
  return {
    rows: out,
    totals: { visits: sum('visits'), visitors: sum('visitors'), leads: sum('leads'), conversions: sum('conversions'), revenue: sum('revenue'), conversionRate: rate(sum('conversions'), sum('visits')) },
    otherCurrencies: Object.fromEntries(other.map((r) => [String(r.currency), Number(r.v)])),
  };
}

/** `prices` — per {price, currency} on clicked elements: clicks, and conversions in the sessions that clicked it. */
async function prices(c: Ctx): Promise<ReportAnswer> {
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
  return { rows: out, totals: { clicks: out.reduce((n, r) => n + r.clicks, 0) } };
}

/**
 * `affiliates` — per inbound affiliate: visits, visitors, leads, customers
 * (contacts whose first session came through it and who bought), their
 * purchase revenue (reporting currency) and the commission it earns.
 */
async function affiliates(c: Ctx): Promise<ReportAnswer> {
  const [cte, args] = sessionsCte(c);
  const cur = c.site.currency;
  const { rows } = await c.db.execute({
    sql: `${cte},
          firsts AS (SELECT c.id AS contact, (SELECT x.affiliate FROM sessions x JOIN contact_visitors cv ON cv.site_id = x.site_id AND cv.visitor = x.visitor WHERE cv.contact_id = c.id ORDER BY x.started_at LIMIT 1) AS affiliate
                     FROM contacts c WHERE c.site_id = ?),
          bought AS (SELECT f.affiliate, count(DISTINCT p.contact_id) AS customers, sum(CASE WHEN p.currency = ? THEN p.unit_price * p.quantity ELSE 0 END) AS revenue
                     FROM purchases p JOIN firsts f ON f.contact = p.contact_id WHERE p.site_id = ? AND p.purchased_at >= ? AND p.purchased_at < ? AND f.affiliate IS NOT NULL GROUP BY f.affiliate)
          SELECT s.affiliate, count(*) AS visits, count(DISTINCT s.visitor) AS visitors,
            (SELECT count(*) FROM lead_submissions l WHERE l.site_id = ? AND l.received_at >= ? AND l.received_at < ? AND l.session IN (SELECT id FROM s t WHERE t.affiliate = s.affiliate)) AS leads,
            coalesce(b.customers, 0) AS customers, coalesce(b.revenue, 0) AS revenue,
            a.commission_type, a.commission_value
          FROM s LEFT JOIN bought b ON b.affiliate = s.affiliate LEFT JOIN affiliates a ON a.site_id = ? AND a.name = s.affiliate
          WHERE s.affiliate IS NOT NULL GROUP BY s.affiliate ORDER BY customers DESC, visits DESC`,
    args: [...args, c.site.id, cur, c.site.id, c.from, c.to, c.site.id, c.from, c.to, c.site.id],
  });
  const out = rows.map((r) => {
    const revenue = Number(r.revenue);
    const customers = Number(r.customers);
    const commission = r.commission_type === 'fixed' ? customers * Number(r.commission_value) : r.commission_type === 'percent' ? Math.round((revenue * Number(r.commission_value)) / 10_000) : 0;
    return { key: { affiliate: String(r.affiliate) }, visits: Number(r.visits), visitors: Number(r.visitors), leads: Number(r.leads), customers, revenue, commission };
  });
  const sum = (k: 'visits' | 'leads' | 'customers' | 'revenue' | 'commission') => out.reduce((n, r) => n + r[k], 0);
  return { rows: out, totals: { visits: sum('visits'), leads: sum('leads'), customers: sum('customers'), revenue: sum('revenue'), commission: sum('commission') } };
}

export const reports = { overview, elements, outbound, campaigns, prices, affiliates, service } as const;
export type ReportName = keyof typeof reports;
export type { Ctx as ReportContext };
