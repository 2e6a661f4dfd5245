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
  const { rows } = await c.db.execute({
    sql: `${cte} SELECT e.url, s.device, e.name, ${real("json_extract(e.props, '$.value')")} AS v
          FROM events e JOIN s ON s.id = e.session WHERE e.site_id = ? AND e.type = 'vital' AND e.ts >= ? AND e.ts < ?`,
    args: [...args, c.site.id, c.from, c.to],
  });
  const groups = new Map<string, { page: string; device: string | null; s: Samples }>();
  const all = empty();
  for (const r of rows) {
    const name = String(r.name) as Metric;
    if (!METRICS.includes(name) || typeof r.v !== 'number') continue;
    const page = path(String(r.url));
    const device = r.device == null ? null : String(r.device);
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
