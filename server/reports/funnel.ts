import type { InValue } from '@libsql/client';
import { ApiError } from '../errors.ts';
import { inSessions, rate, sessionsCte, type ReportAnswer, type ReportContext } from './context.ts';

/** A glob over the URL path: `*` is any text; the rest is literal; `?query` and `#hash` are ignored. */
const pathGlob = (pattern: string) => pattern.replace(/[[\]?]/g, (ch) => `[${ch}]`);
/** The path (with query) of an absolute http(s) URL column. */
const PATH = `substr(e.url, instr(substr(e.url, 9), '/') + 8)`;

/**
 * `funnel` — how many browsers reach each of the ordered `steps` within the
 * window, each step at or after the previous one: `url:` a pageview whose
 * path matches the glob, `event:` an event of that type or name, `stage:` the
 * browser's contact entering that stage. Rows: `{step, index}` with
 * `visitors`, `conversion` (from the first step) and `dropOff` (from the
 * step before). Session filters apply to the tracked steps.
 */
export async function funnel(c: ReportContext): Promise<ReportAnswer> {
  const steps = c.q.steps;
  if (!steps) throw new ApiError(400, 'validation_failed', 'steps: give 2–8 steps, e.g. steps=url:/pricing*|event:signup|stage:customer');
  const [cte, args] = sessionsCte(c);
  const site = c.site.id;
  const filtered = inSessions(c, 'e.session');
  const parts: string[] = [];
  const stepArgs: InValue[] = [];
  steps.forEach((step, i) => {
    const kind = step.slice(0, step.indexOf(':'));
    const value = step.slice(kind.length + 1);
    let match: string;
    if (kind === 'url') {
      match = `SELECT e.visitor, e.ts FROM events e WHERE e.site_id = ? AND e.type = 'pageview' AND e.ts >= ? AND e.ts < ?${filtered} AND (${PATH} GLOB ? OR ${PATH} GLOB ?)`;
      stepArgs.push(site, c.from, c.to, pathGlob(value), `${pathGlob(value)}[?#]*`);
    } else if (kind === 'event') {
      match = `SELECT e.visitor, e.ts FROM events e WHERE e.site_id = ? AND e.ts >= ? AND e.ts < ?${filtered} AND (e.type = ? OR e.name = ?)`;
      stepArgs.push(site, c.from, c.to, value, value);
    } else {
      match = `SELECT cv.visitor, h.at AS ts FROM stage_history h JOIN contact_visitors cv ON cv.site_id = ? AND cv.contact_id = h.contact_id WHERE h.to_stage = ? AND h.at >= ? AND h.at < ?`;
      stepArgs.push(site, value, c.from, c.to);
    }
    parts.push(
      i === 0
        ? `f0 AS (SELECT visitor, min(ts) AS t FROM (${match}) GROUP BY visitor)`
        : `f${i} AS (SELECT m.visitor, min(m.ts) AS t FROM (${match}) m JOIN f${i - 1} p ON p.visitor = m.visitor AND m.ts >= p.t GROUP BY m.visitor)`,
    );
  });
  const { rows } = await c.db.execute({
    sql: `${cte}, ${parts.join(',\n')} SELECT ${steps.map((_, i) => `(SELECT count(*) FROM f${i}) AS n${i}`).join(', ')}`,
    args: [...args, ...stepArgs],
  });
  const counts = steps.map((_, i) => Number(rows[0]![`n${i}`]));
  const out = steps.map((step, i) => ({
    key: { step, index: i },
    visitors: counts[i]!,
    conversion: rate(counts[i]!, counts[0]!),
    dropOff: i === 0 || !counts[i - 1] ? 0 : 1 - rate(counts[i]!, counts[i - 1]!),
  }));
  return { rows: out, totals: { entered: counts[0], completed: counts.at(-1), conversion: rate(counts.at(-1)!, counts[0]!) } };
}
