import type { InValue } from '@libsql/client';
import { ApiError } from '../errors.ts';
import type { ReportAnswerOf } from '../schemas/reports.ts';
import { inSessions, rate, sessionsCte, type ReportContext } from './context.ts';

/** A glob over the URL path: `*` is any text; the rest is literal; `?query` and `#hash` are ignored. */
const pathGlob = (pattern: string) => pattern.replace(/[[\]?]/g, (ch) => `[${ch}]`);
/** The path (with query) of an absolute http(s) URL column. */
const PATH = `substr(e.url, instr(substr(e.url, 9), '/') + 8)`;

/**
 * The `visitor, ts` of the window's events that match a tracked step (`url:`
 * or `event:`), with its arguments; `and` holds further conditions on `e`.
 * - `url:` pageviews (the site, type, ts index) whose URL holds the glob's
 *   literal start — a cheap test that spares most of them the path globs; a
 *   glob ending in `*` already takes any query or hash.
 * - `event:` events of that type (the site, type, ts index) and events of that
 *   name (the site, name, ts index of migration 0011): two short seeks
 *   instead of every event of the window.
 */
function stepEvents(c: ReportContext, kind: string, value: string, and: string): [string, InValue[]] {
  const window = `e.site_id = ? AND e.ts >= ? AND e.ts < ?${and}`;
  const at = [c.site.id, c.from, c.to];
  if (kind === 'event') {
    return [
      `SELECT e.visitor, e.ts FROM events e WHERE ${window} AND e.type = ? UNION ALL SELECT e.visitor, e.ts FROM events e WHERE ${window} AND e.name = ? AND e.type IS NOT ?`,
      [...at, value, ...at, value, value],
    ];
  }
  const glob = pathGlob(value);
  const literal = value.split('*')[0]!;
  const [test, args]: [string, InValue[]] = glob.endsWith('*')
    ? [`${PATH} GLOB ?`, [glob]]
    : [`(${PATH} GLOB ? OR ${PATH} GLOB ?)`, [glob, `${glob}[?#]*`]];
  return [
    `SELECT e.visitor, e.ts FROM events e WHERE e.type = 'pageview' AND ${window}${literal ? ' AND instr(e.url, ?) > 0' : ''} AND ${test}`,
    [...at, ...(literal ? [literal] : []), ...args],
  ];
}

/**
 * `funnel` — how many browsers reach each of the ordered `steps` within the
 * window, each step at or after the previous one: `url:` a pageview whose
 * path matches the glob, `event:` an event of that type or name, `stage:` the
 * browser's contact entering that stage. Rows: `{step, index}` with
 * `visitors`, `conversion` (from the first step) and `dropOff` (from the
 * step before). Session filters apply to the tracked steps.
 *
 * Each step's matches are materialized once and joined to the browsers (and
 * their time) of the step before.
 */
export async function funnel(c: ReportContext): Promise<ReportAnswerOf<'funnel'>> {
  const steps = c.q.steps;
  if (!steps)
    throw new ApiError(
      400,
      'validation_failed',
      'steps: give 2–8 steps, e.g. steps=url:/pricing*|event:signup|stage:customer',
    );
  const [cte, args] = sessionsCte(c);
  const site = c.site.id;
  const filtered = inSessions(c, 'e.session');
  const ctes: string[] = [];
  const stepArgs: InValue[] = [];
  steps.forEach((step, i) => {
    const kind = step.slice(0, step.indexOf(':'));
    const value = step.slice(kind.length + 1);
    let match: string;
    if (kind === 'stage') {
      match = `SELECT cv.visitor, h.at AS ts FROM stage_history h JOIN contact_visitors cv ON cv.site_id = ? AND cv.contact_id = h.contact_id WHERE h.to_stage = ? AND h.at >= ? AND h.at < ?`;
      stepArgs.push(site, value, c.from, c.to);
    } else {
      const [sql, sqlArgs] = stepEvents(c, kind, value, filtered);
      match = sql;
      stepArgs.push(...sqlArgs);
    }
    // Materialized: joined to f(i-1), the step's matches could otherwise be read through every event of each browser.
    ctes.push(
      i === 0
        ? `f0 AS (SELECT visitor, min(ts) AS t FROM (${match}) GROUP BY visitor)`
        : `m${i} AS MATERIALIZED (${match}),\nf${i} AS (SELECT m.visitor, min(m.ts) AS t FROM m${i} m JOIN f${i - 1} p ON p.visitor = m.visitor AND m.ts >= p.t GROUP BY m.visitor)`,
    );
  });
  const { rows } = await c.db.execute({
    sql: `${cte}, ${ctes.join(',\n')} SELECT ${steps.map((_, i) => `(SELECT count(*) FROM f${i}) AS n${i}`).join(', ')}`,
    args: [...args, ...stepArgs],
  });
  const counts = steps.map((_, i) => Number(rows[0]![`n${i}`]));
  const out = steps.map((step, i) => ({
    key: { step, index: i },
    visitors: counts[i]!,
    conversion: rate(counts[i]!, counts[0]!),
    dropOff: i === 0 || !counts[i - 1] ? 0 : 1 - rate(counts[i]!, counts[i - 1]!),
  }));
  return {
    rows: out,
    totals: { entered: counts[0]!, completed: counts.at(-1)!, conversion: rate(counts.at(-1)!, counts[0]!) },
  };
}
