import type { InValue } from '@libsql/client';
import type { ReportAnswerOf } from '../schemas/reports.ts';
import { rate, type ReportContext } from './context.ts';
import { goalProgress } from './goals.ts';
import { real } from './money-sql.ts';

const DAY = 86_400_000;

/**
 * The deal filters of a report query as an AND-list on deals `d` (with its arguments): `owner`, `source`,
 * `campaign`, and `pipeline` unless the caller picks the pipeline itself.
 */
export function dealFilters(c: ReportContext, withPipeline = true): [string, InValue[]] {
  const where: string[] = [];
  const args: InValue[] = [];
  if (withPipeline && c.q.pipeline) (where.push('d.pipeline_id = ?'), args.push(c.q.pipeline));
  if (c.q.owner) (where.push('d.owner_id = ?'), args.push(c.q.owner));
  if (c.q.source) (where.push('d.source = ?'), args.push(c.q.source));
  if (c.q.campaign) (where.push('d.campaign = ?'), args.push(c.q.campaign));
  return [where.map((w) => ` AND ${w}`).join(''), args];
}

/** The closed deals of one group, as SQL sums them: per status, all currencies and the reporting one. */
interface Sums {
  won: number;
  lost: number;
  wonHere: number;
  wonAmount: number;
  lostAmount: number;
  /** Over won deals, in ms; null without any. */
  medianCycle: number | null;
  averageCycle: number | null;
}

/** Won, lost, win rate, amounts and cycle lengths (days) of a group's closed deals. */
const measure = (g: Sums) => ({
  won: g.won,
  lost: g.lost,
  winRate: rate(g.won, g.won + g.lost),
  wonAmount: g.wonAmount,
  lostAmount: g.lostAmount,
  averageDeal: g.wonHere ? Math.round(g.wonAmount / g.wonHere) : null,
  medianCycleDays: g.medianCycle == null ? null : g.medianCycle / DAY,
  averageCycleDays: g.averageCycle == null ? null : g.averageCycle / DAY,
});

/** What each `by=` groups on: an expression over deals `d` and users `u`. */
const groupSql = {
  source: 'd.source',
  campaign: 'd.campaign',
  affiliate: 'd.affiliate',
  owner: 'u.name',
  lostReason: 'd.lost_reason',
} as const;

/**
 * `deals` — the deals closed (won or lost) in the window, by `closed_at` in the report's zone; a deal reopened
 * since is open again and not counted. Grouped `by=source` (default), `campaign` or `affiliate` (the first
 * touch copied onto the deal, null when none was tracked) or `owner` (null: nobody): won, lost, winRate
 * (won ÷ closed, 0–1), wonAmount and lostAmount (reporting currency; other currencies' won amounts under
 * `otherCurrencies`), averageDeal (wonAmount ÷ won deals in the reporting currency, rounded to a minor unit)
 * and the sales cycle — median (the mean of the middle two for an even count) and average days from creation
 * to winning, over won deals. `by=lostReason` lists the lost deals by reason: count, amount and share of the
 * lost. Filters: pipeline, owner, source, campaign. `goals` shows won-value goals. Sums, medians and averages
 * are computed in SQL, so the answer reads a few rows per group however many deals closed.
 */
export async function deals(c: ReportContext): Promise<ReportAnswerOf<'deals'>> {
  const by = c.q.by && c.q.by in groupSql ? (c.q.by as keyof typeof groupSql) : 'source';
  const [filters, filterArgs] = dealFilters(c);
  const closed = `FROM deals d LEFT JOIN users u ON u.id = d.owner_id AND u.site_id = d.site_id
    WHERE d.site_id = ? AND d.status IN ('won', 'lost') AND d.closed_at >= ? AND d.closed_at < ?${filters}`;
  const args = [c.site.id, c.from, c.to, ...filterArgs];
  // Median and mean cycle of the won deals per group `g` (SQL), from the middle one or two of each group.
  const cycles = (g: string) => ({
    sql: `WITH won AS (SELECT ${g} AS g, max(0, d.closed_at - d.created_at) AS cycle ${closed} AND d.status = 'won'),
          ranked AS (SELECT g, cycle, avg(cycle) OVER (PARTITION BY g) AS mean,
            row_number() OVER (PARTITION BY g ORDER BY cycle) AS k, count(*) OVER (PARTITION BY g) AS m FROM won)
          SELECT g, avg(cycle) AS median, max(mean) AS mean FROM ranked
          WHERE k IN ((m + 1) / 2, (m + 2) / 2) GROUP BY g`,
    args,
  });
  const [{ rows: sums }, { rows: groupCycles }, { rows: allCycles }, goals] = await Promise.all([
    c.db.execute({
      sql: `SELECT ${groupSql[by]} AS g, d.status, d.currency, count(*) AS n, total(${real('d.amount')}) AS amount
            ${closed} GROUP BY g, d.status, d.currency`,
      args,
    }),
    c.db.execute(cycles(groupSql[by])),
    c.db.execute(cycles('NULL')),
    goalProgress(c, ['won_value']),
  ]);
  const blank = (): Sums => ({
    won: 0,
    lost: 0,
    wonHere: 0,
    wonAmount: 0,
    lostAmount: 0,
    medianCycle: null,
    averageCycle: null,
  });
  const groups = new Map<string | null, Sums>();
  const all = blank();
  const other: Record<string, number> = {};
  const keyOf = (v: unknown) => (v == null ? null : String(v));
  for (const r of sums) {
    const g = groups.get(keyOf(r.g)) ?? groups.set(keyOf(r.g), blank()).get(keyOf(r.g))!;
    const [n, amount, won, here] = [Number(r.n), Number(r.amount), r.status === 'won', r.currency === c.site.currency];
    if (won && !here) other[String(r.currency)] = (other[String(r.currency)] ?? 0) + amount;
    for (const into of [g, all]) {
      if (won) into.won += n;
      else into.lost += n;
      if (!here) continue;
      if (won) ((into.wonHere += n), (into.wonAmount += amount));
      else into.lostAmount += amount;
    }
  }
  for (const r of groupCycles) {
    const g = groups.get(keyOf(r.g));
    if (g) ((g.medianCycle = Number(r.median)), (g.averageCycle = Number(r.mean)));
  }
  if (allCycles[0]) ((all.medianCycle = Number(allCycles[0].median)), (all.averageCycle = Number(allCycles[0].mean)));
  const totals = measure(all);
  const byName = (a: string | null, b: string | null) => (a ?? '\uffff').localeCompare(b ?? '\uffff');
  if (by === 'lostReason') {
    const lost = [...groups]
      .filter(([, g]) => g.lost > 0)
      .map(([lostReason, g]) => ({
        key: { lostReason },
        lost: g.lost,
        lostAmount: g.lostAmount,
        share: rate(g.lost, all.lost),
      }))
      .sort((a, b) => b.lost - a.lost || b.lostAmount - a.lostAmount || byName(a.key.lostReason, b.key.lostReason));
    return { rows: lost, totals, otherCurrencies: other, goals };
  }
  const out = [...groups]
    .map(([g, sums]) => ({ key: { [by]: g } as Record<typeof by, string | null>, ...measure(sums) }))
    .sort((a, b) => b.won - a.won || b.wonAmount - a.wonAmount || byName(a.key[by], b.key[by]));
  return { rows: out, totals, otherCurrencies: other, goals };
}
