import type { Client, InValue } from '@libsql/client';
import type { Site } from '../db/sites.ts';
import type { ReportQuery } from './range.ts';

/** What every report answers (besides the window, zone and currency the route adds). */
export interface ReportAnswer {
  rows: Record<string, unknown>[];
  totals: Record<string, unknown>;
  otherCurrencies?: Record<string, number>;
  previous?: Record<string, unknown>;
  series?: Record<string, unknown>[];
  goals?: Record<string, unknown>[];
}
/** A report's inputs: the window in UTC ms, its time zone and the filters. */
export interface ReportContext {
  db: Client;
  site: Site;
  from: number;
  to: number;
  tz: string;
  q: ReportQuery;
}
/** a ÷ b, 0 when b is 0. */
export const rate = (a: number, b: number) => (b ? a / b : 0);

/** Nearest-rank percentile (p in 0–1) of `xs`; null when empty. */
export function percentile(xs: number[], p: number): number | null {
  if (!xs.length) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

/** Sessions in the window (started in it) that pass the filters, as a CTE named `s`. */
export function sessionsCte(c: ReportContext): [string, InValue[]] {
  const where = ['site_id = ?', 'started_at >= ?', 'started_at < ?'];
  const args: InValue[] = [c.site.id, c.from, c.to];
  for (const k of ['source', 'campaign', 'country', 'device'] as const) {
    const v = c.q[k];
    if (v) where.push(`${k} = ?`), args.push(v);
  }
  return [`WITH s AS (SELECT * FROM sessions WHERE ${where.join(' AND ')})`, args];
}
