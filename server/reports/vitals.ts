import type { ReportAnswerOf } from '../schemas/reports.ts';
import { percentile, sessionsCte, type ReportContext } from './context.ts';
import { real } from './money-sql.ts';

const METRICS = ['LCP', 'INP', 'CLS', 'TTFB'] as const;
type Metric = (typeof METRICS)[number];
type Samples = Record<Metric, number[]>;

const empty = (): Samples => ({ LCP: [], INP: [], CLS: [], TTFB: [] });
const path = (url: string) => {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
};
const p75 = (s: Samples) => ({
  samples: Math.max(...METRICS.map((m) => s[m].length)),
  LCP: percentile(s.LCP, 0.75),
  INP: percentile(s.INP, 0.75),
  CLS: percentile(s.CLS, 0.75),
  TTFB: percentile(s.TTFB, 0.75),
});

/**
 * `vitals` — p75 (nearest rank) of LCP, INP and TTFB (ms) and CLS per page
 * path and device, from the sampled `vital` events of the window's sessions;
 * `samples` is the largest sample count among the four. Totals: all pages.
 */
export async function vitals(c: ReportContext): Promise<ReportAnswerOf<'vitals'>> {
  const [cte, args] = sessionsCte(c);
  // One text column `name ␟ =device ␟ url` and the value: the libSQL client's cost grows with every column of
  // every one of the window's samples (tens of thousands at 1 M events), more than SQL's concatenation costs.
  const { rows } = await c.db.execute({
    sql: `${cte} SELECT e.name || char(31) || coalesce('=' || s.device, '') || char(31) || e.url AS k,
            ${real("json_extract(e.props, '$.value')")} AS v
          FROM events e JOIN s ON s.id = e.session
          WHERE e.site_id = ? AND e.type = 'vital' AND e.ts >= ? AND e.ts < ? AND e.name IN (${METRICS.map((m) => `'${m}'`).join(', ')})`,
    args: [...args, c.site.id, c.from, c.to],
  });
  const groups = new Map<string, { page: string; device: string | null; s: Samples }>();
  const pages = new Map<string, string>();
  const all = empty();
  for (const r of rows) {
    if (typeof r.v !== 'number') continue;
    const k = String(r.k);
    const a = k.indexOf('\x1f');
    const b = k.indexOf('\x1f', a + 1);
    const name = k.slice(0, a) as Metric;
    const device = b === a + 1 ? null : k.slice(a + 2, b);
    const url = k.slice(b + 1);
    const page = pages.get(url) ?? pages.set(url, path(url)).get(url)!;
    const id = `${page}\n${device}`;
    const g = groups.get(id) ?? groups.set(id, { page, device, s: empty() }).get(id)!;
    g.s[name].push(r.v);
    all[name].push(r.v);
  }
  const out = [...groups.values()]
    .map((g) => ({ key: { page: g.page, device: g.device }, ...p75(g.s) }))
    .sort((a, b) => b.samples - a.samples);
  return { rows: out, totals: p75(all) };
}
