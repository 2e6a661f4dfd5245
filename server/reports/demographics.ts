import { ApiError } from '../errors.ts';
import { dimensions, type ReportAnswerOf } from '../schemas/reports.ts';
import {
  inSessionsOf,
  longWindow,
  sessionsCte,
  sessionsWhere,
  total,
  windowVisitors,
  type ReportContext,
} from './context.ts';
import { segmentClause } from './segment.ts';

const str = (v: unknown) => (v == null ? null : String(v));

/**
 * `demographics` — who the visitors, leads and customers are, by a session
 * dimension (`by=country|language|device`, default country) or by a form
 * field's answers (`field=NAME`, e.g. company size).
 * - by dimension: `visitors` (distinct browsers), `leads` (submissions made in
 *   such sessions), `customers` (contacts who bought in the window and whose
 *   browsers had such a session — a contact seen on two devices counts in both);
 * - by field: `leads` (submissions answering it), `contacts`, `customers`
 *   (of those contacts, the ones who bought in the window).
 * With `segment`, only its contacts (and their browsers) count.
 */
export async function demographics(c: ReportContext): Promise<ReportAnswerOf<'demographics'>> {
  const site = c.site.id;
  const [segL, segLArgs] = await segmentClause(c, 'l.contact_id');
  const field = c.q.field;
  if (field) {
    const [inS, inSArgs] = inSessionsOf(c, 'l.session', [c.from, c.to]);
    const { rows } = await c.db.execute({
      // Buyers of the window once (one range of purchases_site_time), not a lookup per lead.
      sql: `WITH buyers AS (SELECT DISTINCT p.contact_id FROM purchases p WHERE p.site_id = ? AND p.purchased_at >= ? AND p.purchased_at < ?)
            SELECT json_extract(l.fields, ?) AS value, count(*) AS leads, count(DISTINCT l.contact_id) AS contacts,
              count(DISTINCT CASE WHEN l.contact_id IN buyers THEN l.contact_id END) AS customers
            FROM lead_submissions l WHERE l.site_id = ? AND l.received_at >= ? AND l.received_at < ?${inS}${segL}
            GROUP BY value ORDER BY leads DESC`,
      args: [site, c.from, c.to, `$.${field}`, site, c.from, c.to, ...inSArgs, ...segLArgs],
    });
    const out = rows.map((r) => ({
      key: { field, value: str(r.value) },
      leads: Number(r.leads),
      contacts: Number(r.contacts),
      customers: Number(r.customers),
    }));
    return { rows: out, totals: { leads: total(out, 'leads'), customers: total(out, 'customers') } };
  }
  const [cte, args] = sessionsCte(c);
  const by = c.q.by ?? 'country';
  if (!(dimensions as readonly string[]).includes(by))
    throw new ApiError(400, 'validation_failed', `by: one of ${dimensions.join(', ')} for this report`);
  const [segP, segPArgs] = await segmentClause(c, 'p.contact_id');
  const [segV, segVArgs] = await segmentClause(c, 'cv.contact_id');
  // With a segment, visitors are the browsers of its contacts.
  const segmentOf = (alias: string) =>
    segV ? `${alias}.visitor IN (SELECT cv.visitor FROM contact_visitors cv WHERE cv.site_id = ?${segV})` : '';
  const ofSegment = segmentOf('s');
  // Visitors per value: a long window reads the site's sessions in visitor order (the index covers every dimension).
  const [visitsWhere, visitsArgs] = sessionsWhere(c, [c.from, c.to]);
  const visitsIndex = (await longWindow(c, c.to - c.from)) ? 'sessions_site_visitor' : 'sessions_site_started_cover';
  const visitorsIn = segV ? ` AND ${segmentOf('x')}` : '';
  // Leads start from the window's submissions, each looking up its session (CROSS JOIN: with a country filter the
  // planner had read every lead for each filtered session). Buyers start from the window's purchases (few), then
  // their browsers, then those browsers' sessions by visitor.
  const { rows } = await c.db.execute({
    sql: `${cte},
          lead_groups AS (SELECT t.${by} AS value, count(*) AS n
            FROM lead_submissions l CROSS JOIN s t ON t.id = l.session
            WHERE l.site_id = ? AND l.received_at >= ? AND l.received_at < ?${segL} GROUP BY t.${by}),
          buyer_groups AS (SELECT value, count(*) AS n FROM (
              SELECT DISTINCT t.${by} AS value, p.contact_id FROM purchases p CROSS JOIN contact_visitors cv ON cv.site_id = p.site_id AND cv.contact_id = p.contact_id CROSS JOIN s t ON t.visitor = cv.visitor
              WHERE p.site_id = ? AND p.purchased_at >= ? AND p.purchased_at < ?${segP}) GROUP BY value),
          visitor_groups AS (SELECT x.${by} AS value, count(DISTINCT x.visitor) AS visitors
                             FROM sessions x INDEXED BY ${visitsIndex} WHERE ${visitsWhere}${visitorsIn} GROUP BY x.${by})
          SELECT v.value, v.visitors, coalesce(lg.n, 0) AS leads, coalesce(bg.n, 0) AS customers
          FROM visitor_groups v LEFT JOIN lead_groups lg ON lg.value IS v.value LEFT JOIN buyer_groups bg ON bg.value IS v.value
          ORDER BY v.visitors DESC, v.value`,
    args: [
      ...args,
      site,
      c.from,
      c.to,
      ...segLArgs,
      site,
      c.from,
      c.to,
      ...segPArgs,
      ...visitsArgs,
      ...(segV ? [site, ...segVArgs] : []),
    ],
  });
  const out = rows.map((r) => ({
    key: { [by]: str(r.value) },
    visitors: Number(r.visitors),
    leads: Number(r.leads),
    customers: Number(r.customers),
  }));
  const visitors = await windowVisitors(c, ofSegment, segV ? [site, ...segVArgs] : []);
  return { rows: out, totals: { visitors, leads: total(out, 'leads') } };
}
