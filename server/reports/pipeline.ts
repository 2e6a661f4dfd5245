import { dealWeightedSql } from '../deals/moves.ts';
import { ApiError } from '../errors.ts';
import type { ReportAnswerOf } from '../schemas/reports.ts';
import type { ReportContext } from './context.ts';
import { dealFilters } from './deals.ts';
import { real } from './money-sql.ts';
import { zonedDate, zonedMidnight } from './range.ts';

/** How many close months the forecast shows, the current one first. */
export const FORECAST_MONTHS = 12;

/** YYYY-MM, `n` months after `month`. */
const addMonths = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7);
};

/**
 * `pipeline` — the open deals of one pipeline (`pipeline=ID`, default the site's first) as they stand now;
 * the date window does not apply. Rows: each open stage in board order with its deals' count, amount and
 * weighted amount (each deal's amount × its probability ÷ 100 rounded half up to a minor unit, as the board
 * computes it: deals/moves.ts dealWeightedSql; so rows, months and totals add up exactly). Series: the forecast by close month — the current month in the
 * report's zone and the 11 after it, by the deals' close dates (calendar dates in the site's zone); totals
 * add the open deals whose close date has passed (`overdue`) or is not set (`undated`). Money in the reporting
 * currency; open amounts in other currencies are listed apart (`otherCurrencies`, `otherWeighted`), never
 * converted. Filters: owner, source, campaign.
 */
export async function pipeline(c: ReportContext, now = Date.now()): Promise<ReportAnswerOf<'pipeline'>> {
  const site = c.site.id;
  const { rows: lines } = await c.db.execute({
    sql: 'SELECT id, name FROM pipelines WHERE site_id = ? ORDER BY position, created_at, id',
    args: [site],
  });
  const pipelines = lines.map((r) => ({ id: String(r.id), name: String(r.name) }));
  const chosen = c.q.pipeline ? pipelines.find((p) => p.id === c.q.pipeline) : pipelines[0];
  if (c.q.pipeline && !chosen) throw new ApiError(404, 'not_found', 'no such pipeline');
  const first = zonedDate(now, c.tz).slice(0, 7);
  const months = Array.from({ length: FORECAST_MONTHS }, (_, i) => addMonths(first, i));
  const series = months.map((m) => ({ t: new Date(zonedMidnight(`${m}-01`, c.tz)).toISOString(), ...zero() }));
  const answer: ReportAnswerOf<'pipeline'> = {
    pipeline: chosen ?? null,
    pipelines,
    rows: [],
    totals: { ...zero(), overdue: 0, undated: 0 },
    series,
    otherCurrencies: {},
    otherWeighted: {},
  };
  if (!chosen) return answer;
  const [filters, filterArgs] = dealFilters(c, false);
  const [{ rows: stages }, { rows: groups }] = await Promise.all([
    c.db.execute({
      sql: `SELECT id, name FROM pipeline_stages WHERE site_id = ? AND pipeline_id = ? AND kind = 'open'
            ORDER BY position, id`,
      args: [site, chosen.id],
    }),
    c.db.execute({
      sql: `SELECT d.stage_id, d.currency,
              CASE WHEN d.close_date IS NULL THEN 'undated' WHEN d.close_date < ? THEN 'overdue'
                   ELSE substr(d.close_date, 1, 7) END AS month,
              count(*) AS n, total(${real('d.amount')}) AS amount, total(${dealWeightedSql}) AS weighted
            FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id
            WHERE d.site_id = ? AND d.pipeline_id = ? AND d.status = 'open'${filters}
            GROUP BY d.stage_id, d.currency, month`,
      args: [`${first}-01`, site, chosen.id, ...filterArgs],
    }),
  ]);
  const byStage = new Map(stages.map((s) => [String(s.id), { key: { stage: String(s.name) }, ...zero() }]));
  const byMonth = new Map(months.map((m, i) => [m, series[i]!]));
  const t = answer.totals;
  for (const g of groups) {
    const n = Number(g.n);
    const month = String(g.month);
    if (month === 'overdue') t.overdue += n;
    if (month === 'undated') t.undated += n;
    const here = g.currency === c.site.currency;
    if (!here) {
      const cur = String(g.currency);
      answer.otherCurrencies[cur] = (answer.otherCurrencies[cur] ?? 0) + Number(g.amount);
      answer.otherWeighted[cur] = (answer.otherWeighted[cur] ?? 0) + Number(g.weighted);
    }
    // Deals of a stage that is no longer open (a status out of step) count in the totals only.
    for (const into of [byStage.get(String(g.stage_id)), byMonth.get(month), t]) {
      if (!into) continue;
      into.count += n;
      if (here) ((into.amount += Number(g.amount)), (into.weighted += Number(g.weighted)));
    }
  }
  answer.rows = [...byStage.values()];
  return answer;
}

const zero = () => ({ count: 0, amount: 0, weighted: 0 });
