import type { Client, InValue } from '@libsql/client';
import type { Site } from '../db/sites.ts';
import type { ReportQuery } from './range.ts';

/** A report's inputs: the window in UTC ms, its time zone and the filters. */
export interface ReportContext {
  db: Client;
  site: Site;
  from: number;
  to: number;
  tz: string;
  q: ReportQuery;
  /** `false` answers from raw events even where rollups could (tests compare both). */
  rollups?: boolean;
}
/** a ÷ b, 0 when b is 0. */
export const rate = (a: number, b: number) => (b ? a / b : 0);

/** Nearest-rank percentile (p in 0–1) of `xs`; null when empty. */
export function percentile(xs: number[], p: number): number | null {
  if (!xs.length) return null;
  // A typed array sorts numbers without calling a comparator per pair (−0 before 0: JSON prints both as 0).
  const sorted = Float64Array.from(xs).sort();
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

/** The session filters a report query may carry. */
const FILTERS = ['source', 'campaign', 'country', 'device'] as const;

/** The session filters set on this report, as [column, value] pairs. */
export const sessionFilters = (c: ReportContext) => FILTERS.flatMap((k) => (c.q[k] ? [[k, c.q[k]] as const] : []));

/** What reports read of a session: all in the covering index sessions_site_started_cover. */
const SESSION_COLUMNS = 'id, visitor, started_at, source, medium, campaign, affiliate, country, language, device';

/**
 * Sessions in the window (started in it) that pass the filters, as a CTE named `s`; `index` names the sessions
 * index to read them through (see byVisitor), by default the range of sessions_site_started_cover.
 */
export function sessionsCte(c: ReportContext, index?: string): [string, InValue[]] {
  const where = ['site_id = ?', 'started_at >= ?', 'started_at < ?'];
  const args: InValue[] = [c.site.id, c.from, c.to];
  for (const k of FILTERS) {
    const v = c.q[k];
    if (v) (where.push(`${k} = ?`), args.push(v));
  }
  return [
    `WITH s AS (SELECT ${SESSION_COLUMNS} FROM sessions${index ? ` INDEXED BY ${index}` : ''} WHERE ${where.join(' AND ')})`,
    args,
  ];
}

/**
 * Conditions on `sessions x` (an AND-list with its arguments): the site's
 * sessions started in [lo, hi) — instants, or SQL expressions such as `b.lo`
 * — that pass the report's session filters. Each window seeks its own range of
 * an index on (site_id, started_at) instead of filtering the `s` CTE.
 */
export function sessionsWhere(c: ReportContext, [lo, hi]: [number, number] | [string, string]): [string, InValue[]] {
  const where = ['x.site_id = ?'];
  const args: InValue[] = [c.site.id];
  if (typeof lo === 'number') (where.push('x.started_at >= ?', 'x.started_at < ?'), args.push(lo, hi));
  else where.push(`x.started_at >= ${lo}`, `x.started_at < ${hi}`);
  for (const [k, v] of sessionFilters(c)) (where.push(`x.${k} = ?`), args.push(v));
  return [where.join(' AND '), args];
}

/**
 * ` AND EXISTS (…)` with its arguments when a session filter is set: rows whose
 * session `col` started in `window` and passes the filters — one primary-key
 * lookup per row, for tables with few rows in the window (leads, purchases).
 */
export function inSessionsOf(c: ReportContext, col: string, window: [number, number]): [string, InValue[]] {
  if (!sessionFilters(c).length) return ['', []];
  const [where, args] = sessionsWhere(c, window);
  return [` AND EXISTS (SELECT 1 FROM sessions x WHERE x.id = ${col} AND ${where})`, args];
}

/** ` AND col IN (SELECT id FROM s)` when a session filter is set: rows of other tables in the filtered sessions only. */
export const inSessions = (c: ReportContext, col: string) =>
  FILTERS.some((k) => c.q[k]) ? ` AND ${col} IN (SELECT id FROM s)` : '';

/** A CTE `b(i, lo, hi)` of the [lo, hi) windows, and its arguments. */
export const windowsCte = (windows: [number, number][]): [string, InValue[]] => [
  `b(i, lo, hi) AS (VALUES ${windows.map(() => '(?, ?, ?)').join(', ')})`,
  windows.flatMap(([lo, hi], i) => [i, lo, hi]),
];

/** The sum of `key` over `rows`. */
export const total = <K extends string>(rows: Record<K, number>[], key: K) => rows.reduce((n, r) => n + r[key], 0);

/**
 * Distinct visitors of the window's sessions (the `s` CTE), optionally only those matching `where`
 * (a condition on `s`): the visitors of a report's totals. Never a sum of per-row uniques — one
 * browser that came through two campaigns is one visitor (DESIGN.md, Reports; overview counts the same).
 */
export async function windowVisitors(c: ReportContext, where = '', whereArgs: InValue[] = []): Promise<number> {
  // A condition (e.g. on `affiliate`) may need columns that index lacks: then the window's range.
  const byVisitor = !where && (await visitorOrder(c, c.to - c.from));
  const [cte, args] = sessionsCte(c, byVisitor ? 'sessions_site_visitor' : undefined);
  const sql = `${cte} SELECT count(DISTINCT visitor) AS n FROM s${where ? ` WHERE ${where}` : ''}`;
  const { rows } = await c.db.execute({ sql, args: [...args, ...whereArgs] });
  return Number(rows[0]!.n);
}

/**
 * Whether windows `span` ms long cover at least a sixth of the site's history (its first to last session start):
 * then distinct visitors (and visitors per campaign) are counted faster by reading every session of the site
 * through an index led by the visitor (sessions_site_visitor, sessions_site_source: already in order, no sort)
 * than by sorting the window's sessions. Reading a session in order costs about a ninth of sorting one (at 1 M
 * events, 30 of 90 days: 11 ms for all 200 k instead of 34 ms for the window's 67 k), so a sixth of the history
 * (by time, a cheap stand-in for the share of sessions) is on the safe side. Shorter windows keep their range.
 * The same answer either way: only the plan differs.
 */
export async function longWindow(c: ReportContext, span: number): Promise<boolean> {
  const { rows } = await c.db.execute({
    sql: `SELECT (SELECT min(started_at) FROM sessions WHERE site_id = ?) AS first, (SELECT max(started_at) FROM sessions WHERE site_id = ?) AS last`,
    args: [c.site.id, c.site.id],
  });
  const [first, last] = [rows[0]!.first, rows[0]!.last];
  return first != null && span * 6 >= Number(last) - Number(first);
}

/**
 * Whether distinct visitors of windows `span` ms long read sessions in visitor order (longWindow): not with a
 * session filter, which leaves few sessions of the window to sort.
 */
export const visitorOrder = async (c: ReportContext, span: number) =>
  !sessionFilters(c).length && (await longWindow(c, span));
