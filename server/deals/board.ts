import type { InStatement, InValue } from '@libsql/client';
import type { AppDeps } from '../app-env.ts';
import { like, type SqlPart } from '../db/row.ts';
import { ApiError } from '../errors.ts';
import type { DealListQuery, DealPage, StageTotals } from '../schemas/deals.ts';
import { dealColumns, dealFrom, dealFromRow, type DealActor } from './deals.ts';
import { listPipelines } from './pipelines.ts';

type Deps = Pick<AppDeps, 'db' | 'writes'>;

/** The list's filters as SQL over `d` (deals), `ct` (contact) and `co` (company); `joins` when `q` needs them. */
function dealFilters(actor: Pick<DealActor, 'userId'>, q: DealListQuery): SqlPart & { joins: boolean } {
  const where: string[] = [];
  const args: InValue[] = [];
  if (q.owner === 'none') where.push('d.owner_id IS NULL');
  else if (q.owner !== undefined) (where.push('d.owner_id = ?'), args.push(q.owner === 'me' ? actor.userId : q.owner));
  if (q.closeMonth) (where.push('d.close_date BETWEEN ? AND ?'), args.push(`${q.closeMonth}-01`, `${q.closeMonth}-31`));
  if (q.source) (where.push('d.source = ?'), args.push(q.source));
  if (q.contact) (where.push('d.contact_id = ?'), args.push(q.contact));
  if (q.company) (where.push('d.company_id = ?'), args.push(q.company));
  if (q.status) (where.push('d.status = ?'), args.push(q.status));
  if (q.q) {
    const columns = ['d.title', 'ct.name', 'ct.email', 'co.name'];
    where.push(`(${columns.map((col) => `${col} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
    args.push(...columns.map(() => like(q.q!)));
  }
  return { sql: where.map((w) => ` AND ${w}`).join(''), args, joins: !!q.q };
}

/**
 * The board of one pipeline (default: the one of `stage`, else the site's first): per stage, in board order, the
 * first `limit` deals in column order (with `stage`: that column only, after `cursor`), and the totals of each
 * column over the whole filtered pipeline — count, amount and weighted amount in the site's currency, other
 * currencies apart. Every read is led by a board index and runs in one read batch.
 */
export async function listDeals(deps: Deps, actor: DealActor, q: DealListQuery): Promise<DealPage> {
  const { siteId, site } = actor;
  const pipelines = await listPipelines(deps, siteId);
  const pipeline = q.pipeline
    ? pipelines.find((p) => p.id === q.pipeline)
    : (pipelines.find((p) => p.stages.some((s) => s.id === q.stage)) ?? pipelines[0]);
  if (!pipeline) throw new ApiError(404, 'not_found', 'no such pipeline');
  const stages = q.stage ? pipeline.stages.filter((s) => s.id === q.stage) : pipeline.stages;
  if (!stages.length) throw new ApiError(400, 'validation_failed', 'stage: not a stage of this pipeline');
  if (q.cursor && !q.stage)
    throw new ApiError(400, 'validation_failed', 'cursor: give it with stage (a column’s nextCursor)');
  const { pages, totals } = boardStatements(
    actor,
    pipeline.id,
    stages.map((s) => s.id),
    q,
  );
  const results = await deps.db.batch([...pages, totals], 'read');
  const sums = results.at(-1)!.rows;
  const deals = [];
  const columns: StageTotals[] = [];
  for (const [i, stage] of stages.entries()) {
    const rows = results[i]!.rows;
    const page = rows.slice(0, q.limit).map(dealFromRow);
    deals.push(...page);
    const last = page.at(-1);
    const column: StageTotals = {
      stageId: stage.id,
      count: 0,
      amount: 0,
      weighted: 0,
      otherCurrencies: {},
      nextCursor: rows.length > q.limit && last ? `${last.position}_${last.id}` : null,
    };
    // Rows by currency and the deals' own probability (null: the stage's, as for every closed deal).
    const raw = new Map<string, { amount: number; weighted: number }>();
    for (const r of sums.filter((r) => r.stage_id === stage.id)) {
      column.count += Number(r.n);
      const p = stage.kind === 'open' && r.probability != null ? Number(r.probability) : stage.probability;
      const sum = raw.get(String(r.currency)) ?? { amount: 0, weighted: 0 };
      raw.set(String(r.currency), {
        amount: sum.amount + Number(r.amount),
        weighted: sum.weighted + Number(r.amount) * p,
      });
    }
    for (const [currency, { amount, weighted }] of raw) {
      const money = { amount, weighted: Math.round(weighted / 100) };
      if (currency === site.currency) ((column.amount = money.amount), (column.weighted = money.weighted));
      else column.otherCurrencies[currency] = money;
    }
    columns.push(column);
  }
  return { pipelineId: pipeline.id, currency: site.currency, deals, stages: columns };
}

/**
 * The reads of one board: a page of each column in `stageIds` (led by the board index, in column order) and the
 * columns' totals over the whole filtered pipeline by currency and the deals' own probability (the weighted sums
 * are the caller's, with the stages' probabilities).
 */
export function boardStatements(
  actor: Pick<DealActor, 'siteId' | 'userId'>,
  pipelineId: string,
  stageIds: string[],
  q: DealListQuery,
): { pages: InStatement[]; totals: InStatement } {
  const { siteId } = actor;
  const filters = dealFilters(actor, q);
  const split = q.cursor?.lastIndexOf('_') ?? -1;
  const after = q.cursor ? [Number(q.cursor.slice(0, split)), q.cursor.slice(split + 1)] : null;
  const pages: InStatement[] = stageIds.map((stageId) => ({
    sql: `SELECT ${dealColumns} FROM ${dealFrom}
          WHERE d.site_id = ? AND d.pipeline_id = ? AND d.stage_id = ?${filters.sql}
          ${after ? 'AND (d.position, d.id) > (?, ?)' : ''}
          ORDER BY d.position, d.id LIMIT ?`,
    args: [siteId, pipelineId, stageId, ...filters.args, ...(after ?? []), q.limit + 1],
  }));
  const joins = filters.joins
    ? 'LEFT JOIN contacts ct ON ct.id = d.contact_id LEFT JOIN companies co ON co.id = d.company_id'
    : '';
  // Read from the covering index deals_totals alone unless `q` joins: no table row, no sort.
  const totals: InStatement = {
    sql: `SELECT d.stage_id, d.currency, d.probability, count(*) AS n, sum(d.amount) AS amount
          FROM deals d ${joins}
          WHERE d.site_id = ? AND d.pipeline_id = ?${q.stage ? ' AND d.stage_id = ?' : ''}${filters.sql}
          GROUP BY d.stage_id, d.currency, d.probability`,
    args: [siteId, pipelineId, ...(q.stage ? [q.stage] : []), ...filters.args],
  };
  return { pages, totals };
}
