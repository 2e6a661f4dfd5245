import type { Client, InStatement, Row } from '@libsql/client';
import type { AppDeps } from '../app-env.ts';
import type { Actor } from '../contacts/manage.ts';
import { auditStatement } from '../db/audit.ts';
import { ApiError } from '../errors.ts';
import type { Pipeline, PipelineCreate, PipelineUpdate, Stage, StageInput, StageKind } from '../schemas/deals.ts';
import { moveAllStatements } from './moves.ts';

type Deps = Pick<AppDeps, 'db' | 'writes'>;

/** The stages a new pipeline gets when none are given. */
export const defaultStages: StageInput[] = [
  { name: 'Qualified', probability: 20, kind: 'open' },
  { name: 'Meeting', probability: 40, kind: 'open' },
  { name: 'Proposal', probability: 60, kind: 'open' },
  { name: 'Negotiation', probability: 80, kind: 'open' },
  { name: 'Won', kind: 'won' },
  { name: 'Lost', kind: 'lost' },
];

/** A won stage is certain, a lost one hopeless; an open stage without its own probability is a coin toss. */
const probabilityOf = (s: StageInput) => (s.kind === 'won' ? 100 : s.kind === 'lost' ? 0 : (s.probability ?? 50));

export const stageFromRow = (r: Row): Stage => ({
  id: String(r.id),
  name: String(r.name),
  order: Number(r.position),
  probability: Number(r.probability),
  kind: String(r.kind) as StageKind,
});

/** The site's pipelines with their stages, in picker and board order. */
export async function sitePipelines(db: Client, siteId: number): Promise<Pipeline[]> {
  const [pipes, stages] = await db.batch(
    [
      { sql: 'SELECT * FROM pipelines WHERE site_id = ? ORDER BY position, name', args: [siteId] },
      { sql: 'SELECT * FROM pipeline_stages WHERE site_id = ? ORDER BY pipeline_id, position', args: [siteId] },
    ],
    'read',
  );
  return pipes!.rows.map((p) => ({
    id: String(p.id),
    name: String(p.name),
    order: Number(p.position),
    stages: stages!.rows.filter((s) => s.pipeline_id === p.id).map(stageFromRow),
  }));
}

/** The site's pipeline with this id, or null. */
export async function findPipeline(db: Client, siteId: number, id: string): Promise<Pipeline | null> {
  return (await sitePipelines(db, siteId)).find((p) => p.id === id) ?? null;
}

const insertStage = (siteId: number, pipelineId: string, s: StageInput, position: number, id: string) => ({
  sql: `INSERT INTO pipeline_stages (id, site_id, pipeline_id, name, position, probability, kind)
        SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM pipelines WHERE id = ? AND site_id = ?)`,
  args: [id, siteId, pipelineId, s.name, position, probabilityOf(s), s.kind, pipelineId, siteId],
});

/**
 * The statements of a new pipeline and its stages. With `onlyIfNone`, only when the site has no pipeline yet
 * (the lazy default: of two racing first uses, one makes it).
 */
function pipelineStatements(
  siteId: number,
  input: { name: string; order?: number; stages?: StageInput[] },
  id: string,
  onlyIfNone = false,
): InStatement[] {
  const now = Date.now();
  return [
    {
      sql: `INSERT INTO pipelines (id, site_id, name, position, created_at, updated_at)
            SELECT ?, ?, ?, coalesce(?, (SELECT max(position) + 1 FROM pipelines WHERE site_id = ?), 0), ?, ?
            ${onlyIfNone ? 'WHERE NOT EXISTS (SELECT 1 FROM pipelines WHERE site_id = ?)' : ''}`,
      args: [id, siteId, input.name, input.order ?? null, siteId, now, now, ...(onlyIfNone ? [siteId] : [])],
    },
    ...(input.stages ?? defaultStages).map((s, i) => insertStage(siteId, id, s, i, crypto.randomUUID())),
  ];
}

/** The site's pipelines; a site without one gets a "Sales" pipeline with the default stages first. */
export async function listPipelines({ db, writes }: Deps, siteId: number): Promise<Pipeline[]> {
  const pipelines = await sitePipelines(db, siteId);
  if (pipelines.length) return pipelines;
  await writes.run(pipelineStatements(siteId, { name: 'Sales' }, crypto.randomUUID(), true));
  return sitePipelines(db, siteId);
}

/** Adds a pipeline (default stages when none are given); a taken name is a 409. */
export async function createPipeline({ db, writes }: Deps, actor: Actor, input: PipelineCreate): Promise<Pipeline> {
  const id = crypto.randomUUID();
  await writes.run([
    ...pipelineStatements(actor.siteId, input, id),
    auditStatement(actor.siteId, actor.userId, 'pipeline.create', `pipeline:${id}`, { name: input.name }),
  ]);
  return (await findPipeline(db, actor.siteId, id))!;
}

/** How many deals each stage of a pipeline holds. */
async function dealCounts(db: Client, siteId: number, pipelineId: string): Promise<Map<string, number>> {
  const { rows } = await db.execute({
    sql: 'SELECT stage_id, count(*) AS n FROM deals WHERE site_id = ? AND pipeline_id = ? GROUP BY stage_id',
    args: [siteId, pipelineId],
  });
  return new Map(rows.map((r) => [String(r.stage_id), Number(r.n)]));
}

/** Renames or reorders a pipeline, or sets its stages (pipelineUpdate says how). */
export async function updatePipeline(
  { db, writes }: Deps,
  actor: Actor,
  pipeline: Pipeline,
  input: PipelineUpdate,
): Promise<Pipeline> {
  const { siteId } = actor;
  const now = Date.now();
  const statements: InStatement[] = [
    {
      sql: `UPDATE pipelines SET name = coalesce(?, name), position = coalesce(?, position), updated_at = ?
            WHERE id = ?`,
      args: [input.name ?? null, input.order ?? null, now, pipeline.id],
    },
  ];
  if (input.stages) {
    const counts = await dealCounts(db, siteId, pipeline.id);
    const existing = new Map(pipeline.stages.map((s) => [s.id, s]));
    input.stages.forEach((s, i) => {
      if (s.id && !existing.has(s.id))
        throw new ApiError(400, 'validation_failed', `stages.${i}.id: not a stage of this pipeline`);
      const was = s.id && existing.get(s.id);
      if (was && was.kind !== s.kind && counts.get(was.id))
        throw new ApiError(409, 'conflict', `stage “${was.name}” holds deals: it keeps its kind (${was.kind})`);
    });
    const kept = new Set(input.stages.map((s) => s.id));
    for (const s of pipeline.stages)
      if (!kept.has(s.id) && counts.get(s.id))
        throw new ApiError(
          409,
          'conflict',
          `stage “${s.name}” holds ${counts.get(s.id)} deals: move them first (DELETE …/stages/${s.id}?moveTo=)`,
        );
    for (const s of pipeline.stages)
      if (!kept.has(s.id)) statements.push({ sql: 'DELETE FROM pipeline_stages WHERE id = ?', args: [s.id] });
    input.stages.forEach((s, i) =>
      statements.push(
        s.id
          ? {
              sql: 'UPDATE pipeline_stages SET name = ?, position = ?, probability = ?, kind = ? WHERE id = ?',
              args: [s.name, i, probabilityOf(s), s.kind, s.id],
            }
          : insertStage(siteId, pipeline.id, s, i, crypto.randomUUID()),
      ),
    );
  }
  statements.push(
    auditStatement(siteId, actor.userId, 'pipeline.update', `pipeline:${pipeline.id}`, {
      changed: Object.keys(input),
    }),
  );
  await writes.run(statements);
  return (await findPipeline(db, siteId, pipeline.id))!;
}

/** Removes a pipeline that holds no deals and is not the site's last; else a 409. */
export async function deletePipeline({ db, writes }: Deps, actor: Actor, pipeline: Pipeline): Promise<void> {
  const { siteId } = actor;
  const counts = await dealCounts(db, siteId, pipeline.id);
  const deals = [...counts.values()].reduce((a, b) => a + b, 0);
  if (deals) throw new ApiError(409, 'conflict', `the pipeline holds ${deals} deals: move or delete them first`);
  if ((await sitePipelines(db, siteId)).length < 2)
    throw new ApiError(409, 'conflict', 'a site keeps at least one pipeline');
  await writes.run([
    { sql: 'DELETE FROM pipeline_stages WHERE pipeline_id = ? AND site_id = ?', args: [pipeline.id, siteId] },
    { sql: 'DELETE FROM pipelines WHERE id = ? AND site_id = ?', args: [pipeline.id, siteId] },
    auditStatement(siteId, actor.userId, 'pipeline.delete', `pipeline:${pipeline.id}`, { name: pipeline.name }),
  ]);
}

/**
 * Removes one stage. Its deals move to `moveTo` (a stage of the same pipeline and kind, each move in the deals'
 * history); a stage holding deals without `moveTo` is a 409, and so is a removal that would break the pipeline's
 * rules (an open, the won and a lost stage).
 */
export async function deleteStage(
  { db, writes }: Deps,
  actor: Actor,
  pipeline: Pipeline,
  stageId: string,
  moveTo: string | undefined,
): Promise<Pipeline> {
  const { siteId } = actor;
  const stage = pipeline.stages.find((s) => s.id === stageId);
  if (!stage) throw new ApiError(404, 'not_found', 'no such stage');
  const left = pipeline.stages.filter((s) => s.id !== stageId);
  if (!left.some((s) => s.kind === stage.kind))
    throw new ApiError(
      409,
      'conflict',
      `the pipeline needs ${stage.kind === 'won' ? 'its' : 'an'} ${stage.kind} stage`,
    );
  const held = (await dealCounts(db, siteId, pipeline.id)).get(stageId) ?? 0;
  const statements: InStatement[] = [];
  if (held) {
    if (!moveTo) throw new ApiError(409, 'conflict', `the stage holds ${held} deals: give moveTo`);
    const target = left.find((s) => s.id === moveTo);
    if (!target) throw new ApiError(400, 'validation_failed', 'moveTo: not another stage of this pipeline');
    if (target.kind !== stage.kind)
      throw new ApiError(400, 'validation_failed', `moveTo: a stage of the same kind (${stage.kind})`);
    statements.push(...(await moveAllStatements(db, actor, pipeline.id, stage, target)));
  }
  statements.push(
    { sql: 'DELETE FROM pipeline_stages WHERE id = ? AND site_id = ?', args: [stageId, siteId] },
    ...left.map((s, i) => ({ sql: 'UPDATE pipeline_stages SET position = ? WHERE id = ?', args: [i, s.id] })),
    auditStatement(siteId, actor.userId, 'pipeline.stage_delete', `pipeline:${pipeline.id}`, {
      stage: stage.name,
      moved: held,
    }),
  );
  await writes.run(statements);
  return (await findPipeline(db, siteId, pipeline.id))!;
}
