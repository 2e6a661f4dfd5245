import type { InValue } from '@libsql/client';
import type { ReportAnswerOf } from '../schemas/reports.ts';
import { rate, type ReportContext } from './context.ts';
import { goalProgress } from './goals.ts';
import { median } from './loyalty.ts';
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

/** One closed deal as the report reads it. */
interface Closed {
  group: string | null;
  won: boolean;
  amount: number | null;
  cycleDays: number;
}

/** Won, lost, win rate, amounts and cycle lengths of a set of closed deals. */
function measure(deals: Closed[]) {
  const won = deals.filter((d) => d.won);
  const wonHere = won.filter((d) => d.amount != null);
  const wonAmount = wonHere.reduce((n, d) => n + d.amount!, 0);
  const cycles = won.map((d) => d.cycleDays);
  return {
    won: won.length,
    lost: deals.length - won.length,
    winRate: rate(won.length, deals.length),
    wonAmount,
    lostAmount: deals.reduce((n, d) => n + (d.won ? 0 : (d.amount ?? 0)), 0),
    averageDeal: wonHere.length ? Math.round(wonAmount / wonHere.length) : null,
    medianCycleDays: median(cycles),
    averageCycleDays: cycles.length
      ? rate(
          cycles.reduce((n, d) => n + d, 0),
          cycles.length,
        )
      : null,
  };
}

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
 * and the sales cycle — median and average days from creation to winning, over won deals. `by=lostReason`
 * lists the lost deals by reason: count, amount and share of the lost. Filters: pipeline, owner, source,
 * campaign. `goals` shows won-value goals.
 */
export async function deals(c: ReportContext): Promise<ReportAnswerOf<'deals'>> {
  const by = (c.q.by ?? 'source') as keyof typeof groupSql;
  const [filters, filterArgs] = dealFilters(c);
  const cur = c.site.currency;
  const { rows } = await c.db.execute({
    sql: `SELECT ${groupSql[by]} AS g, d.status, d.currency, ${real('d.amount')} AS amount,
            d.closed_at - d.created_at AS cycle
          FROM deals d LEFT JOIN users u ON u.id = d.owner_id AND u.site_id = d.site_id
          WHERE d.site_id = ? AND d.status IN ('won', 'lost') AND d.closed_at >= ? AND d.closed_at < ?${filters}`,
    args: [c.site.id, c.from, c.to, ...filterArgs],
  });
  const other: Record<string, number> = {};
  const closed = rows.map((r): Closed => {
    const won = r.status === 'won';
    const here = r.currency === cur;
    if (won && !here) other[String(r.currency)] = (other[String(r.currency)] ?? 0) + Number(r.amount);
    return {
      group: r.g == null ? null : String(r.g),
      won,
      amount: here ? Number(r.amount) : null,
      cycleDays: Math.max(0, Number(r.cycle)) / DAY,
    };
  });
  const groups = new Map<string | null, Closed[]>();
  for (const d of closed) groups.get(d.group)?.push(d) ?? groups.set(d.group, [d]);
  const byName = (a: string | null, b: string | null) => (a ?? '\uffff').localeCompare(b ?? '\uffff');
  const totals = measure(closed);
  const goals = await goalProgress(c, ['won_value']);
  if (by === 'lostReason') {
    const lost = [...groups]
      .map(([lostReason, ds]) => ({ lostReason, m: measure(ds) }))
      .filter(({ m }) => m.lost > 0)
      .map(({ lostReason, m }) => ({
        key: { lostReason },
        lost: m.lost,
        lostAmount: m.lostAmount,
        share: rate(m.lost, totals.lost),
      }))
      .sort((a, b) => b.lost - a.lost || b.lostAmount - a.lostAmount || byName(a.key.lostReason, b.key.lostReason));
    return { rows: lost, totals, otherCurrencies: other, goals };
  }
  const out = [...groups]
    .map(([g, ds]) => ({ key: { [by]: g } as Record<typeof by, string | null>, ...measure(ds) }))
    .sort((a, b) => b.won - a.won || b.wonAmount - a.wonAmount || byName(a.key[by], b.key[by]));
  return { rows: out, totals, otherCurrencies: other, goals };
}
