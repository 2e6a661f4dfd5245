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

/** `expr · 2^n` in SQL with integer literals of at most 2^62: exact, no decimal is parsed. */
const timesPow2 = (expr: string, n: number) =>
  [expr, ...Array.from({ length: Math.ceil(n / 62) }, (_, i) => 1n << BigInt(Math.min(62, n - 62 * i)))].join(' * ');
/** `a ≥ 2^k` (a = |v|), exact for any integer k. */
const atLeast = (k: number) => (k >= 0 ? `a >= ${1n << BigInt(k)}` : `${timesPow2('a', -k)} >= 1`);
/**
 * Magnitude tiers [2^(10t), 2^(10t+10)) of |v|, t in −10…5 (the usual first), each with the scale S = 52 − 10t
 * that makes v·2^S an integer below 2^62 (a double has 53 significant bits): SQL prints it exactly, JS multiplies it
 * by 2^−S again — the same double, without parsing a decimal fraction on either side.
 */
const TIERS = [-1, 0, 1, -2, 2, -3, 3, -4, 4, 5, -5, -6, -7, -8, -9, -10].map((t) => ({
  when: `${atLeast(10 * t)} AND NOT ${atLeast(10 * t + 10)}`,
  scale: 52 - 10 * t,
}));
/** A whole number below 2^53 (zero too): its integer text is exact as it is. */
const WHOLE = `WHEN a < ${1n << 53n} AND v = CAST(v AS INTEGER) THEN CAST(v AS INTEGER) || 'p0'`;
/**
 * `m p S` for the sample `v` (`a` = |v|); null outside 2^−100 … 2^60 (props hold at most 10^15; no browser
 * measures 2^−100), or if v·2^S were not whole (it always is within its tier: checked, not assumed).
 */
const ENCODED = `CASE ${WHOLE} ${TIERS.map(
  (x) =>
    `WHEN ${x.when} THEN CASE WHEN ${timesPow2('v', x.scale)} = CAST(${timesPow2('v', x.scale)} AS INTEGER) ` +
    `THEN CAST(${timesPow2('v', x.scale)} AS INTEGER) || 'p${x.scale}' END`,
).join(' ')} END`;
/** 2^−n for n in 0…152, each exact (halving a double is exact in this range). */
const SCALES = [1];
while (SCALES.length <= 152) SCALES.push(SCALES.at(-1)! / 2);

/** Calls `add(key, value)` for each sample: `key` is `name ␟ =device ␟ url` (the device empty for none). */
type Add = (key: string, value: number) => void;

/**
 * The window's samples as one text (`key ␟ m p S` joined by ␞, in the order of the rows below): handing the 20 k
 * samples of 1 M events to JS as rows costs the libSQL client ~3 µs each, one text a few. `false` when a value is
 * outside the encoded range or a URL holds a ␞: then the caller reads rows.
 */
async function packedSamples(c: ReportContext, from: string, add: Add): Promise<boolean> {
  const [cte, args] = sessionsCte(c);
  // LIMIT -1 keeps each level a co-routine: json_extract and abs once per sample, not once per use of `v` or `a`.
  const { rows } = await c.db.execute({
    sql: `${cte} SELECT group_concat(k || char(31) || m, char(30)) AS packed,
            count(m) = count(*) AND max(instr(k, char(30))) = 0 AS exact
          FROM (SELECT k, ${ENCODED} AS m
            FROM (SELECT k, v, abs(v) AS a FROM (${from} LIMIT -1) WHERE v IS NOT NULL LIMIT -1) LIMIT -1)`,
    args: [...args, c.site.id, c.from, c.to],
  });
  const { packed, exact } = rows[0]!;
  if (packed == null) return true;
  if (!exact) return false;
  const text = String(packed);
  for (let at = 0; at < text.length;) {
    const next = text.indexOf('\x1e', at);
    const end = next < 0 ? text.length : next;
    const p = text.lastIndexOf('p', end);
    const m = text.lastIndexOf('\x1f', p);
    add(text.slice(at, m), Number(text.slice(m + 1, p)) * SCALES[Number(text.slice(p + 1, end))]!);
    at = end + 1;
  }
  return true;
}

/**
 * `vitals` — p75 (nearest rank) of LCP, INP and TTFB (ms) and CLS per page
 * path and device, from the sampled `vital` events of the window's sessions;
 * `samples` is the largest sample count among the four. Totals: all pages.
 * Groups with as many samples keep the order of their first sample.
 */
export async function vitals(c: ReportContext): Promise<ReportAnswerOf<'vitals'>> {
  // One text column `name ␟ =device ␟ url` and the value, in the order of the site, type and time index.
  const from = `SELECT e.name || char(31) || coalesce('=' || s.device, '') || char(31) || e.url AS k,
            ${real("json_extract(e.props, '$.value')")} AS v
          FROM events e JOIN s ON s.id = e.session
          WHERE e.site_id = ? AND e.type = 'vital' AND e.ts >= ? AND e.ts < ?
            AND e.name IN (${METRICS.map((m) => `'${m}'`).join(', ')})`;
  const groups = new Map<string, { page: string; device: string | null; s: Samples }>();
  const pages = new Map<string, string>();
  const all = empty();
  // Each distinct key once: its group and metric.
  const keys = new Map<string, { s: Samples; name: Metric }>();
  const add: Add = (k, v) => {
    let key = keys.get(k);
    if (!key) {
      const a = k.indexOf('\x1f');
      const b = k.indexOf('\x1f', a + 1);
      const device = b === a + 1 ? null : k.slice(a + 2, b);
      const url = k.slice(b + 1);
      const page = pages.get(url) ?? pages.set(url, path(url)).get(url)!;
      const id = `${page}\n${device}`;
      const g = groups.get(id) ?? groups.set(id, { page, device, s: empty() }).get(id)!;
      keys.set(k, (key = { s: g.s, name: k.slice(0, a) as Metric }));
    }
    key.s[key.name].push(v);
    all[key.name].push(v);
  };
  if (!(await packedSamples(c, from, add))) {
    const [cte, args] = sessionsCte(c);
    const { rows } = await c.db.execute({ sql: `${cte} ${from}`, args: [...args, c.site.id, c.from, c.to] });
    for (const r of rows) if (typeof r.v === 'number') add(String(r.k), r.v);
  }
  const out = [...groups.values()]
    .map((g) => ({ key: { page: g.page, device: g.device }, ...p75(g.s) }))
    .sort((a, b) => b.samples - a.samples);
  return { rows: out, totals: p75(all) };
}
