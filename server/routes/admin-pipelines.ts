import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { actorOf } from '../contacts/manage.ts';
import { createPipeline, deletePipeline, deleteStage, listPipelines, updatePipeline } from '../deals/pipelines.ts';
import { pipelineParam } from '../middleware/deal-param.ts';
import { can } from '../middleware/roles.ts';
import { validate } from '../middleware/validate.ts';
import {
  pipeline,
  pipelineCreate,
  pipelineList,
  pipelineUpdate,
  stageDeleteQuery,
  type PipelineList,
} from '../schemas/deals.ts';
import { routeDoc } from './route-doc.ts';

const doc = routeDoc('admin: deals');
const idParam = z.object({ id: z.uuid() });

/** Pipelines of stages: everyone reads them (the board), owners shape them. */
export const adminPipelineRoutes = () =>
  new Hono<AppEnv>()
    .get(
      '/v1/admin/pipelines',
      doc('The site’s pipelines and stages, and its lost reasons (a first “Sales” one is made)', pipelineList),
      can.read,
      async (c) =>
        c.json<PipelineList>({
          pipelines: await listPipelines(c.var.deps, c.var.auth.site.id),
          lostReasons: c.var.auth.site.settings.lostReasons,
        }),
    )
    .post(
      '/v1/admin/pipelines',
      doc('Add a pipeline (default stages when none are given)', pipeline, { status: 201 }),
      can.manage,
      validate('json', pipelineCreate),
      async (c) => c.json(await createPipeline(c.var.deps, actorOf(c), c.req.valid('json')), 201),
    )
    .get(
      '/v1/admin/pipelines/:id',
      doc('A pipeline with its stages', pipeline),
      can.read,
      validate('param', idParam),
      pipelineParam(),
      (c) => c.json(c.var.pipeline),
    )
    .patch(
      '/v1/admin/pipelines/:id',
      doc('Rename or reorder a pipeline, or set its stages (the whole list, in board order)', pipeline),
      can.manage,
      validate('param', idParam),
      validate('json', pipelineUpdate),
      pipelineParam(),
      async (c) => c.json(await updatePipeline(c.var.deps, actorOf(c), c.var.pipeline, c.req.valid('json'))),
    )
    .delete(
      '/v1/admin/pipelines/:id',
      doc('Remove a pipeline without deals (not the last one)', undefined, { status: 204 }),
      can.manage,
      validate('param', idParam),
      pipelineParam(),
      async (c) => {
        await deletePipeline(c.var.deps, actorOf(c), c.var.pipeline);
        return c.body(null, 204);
      },
    )
    .delete(
      '/v1/admin/pipelines/:id/stages/:stageId',
      doc('Remove a stage; its deals move to `moveTo` (a stage of the same kind)', pipeline),
      can.manage,
      validate('param', idParam.extend({ stageId: z.uuid() })),
      validate('query', stageDeleteQuery),
      pipelineParam(),
      async (c) =>
        c.json(
          await deleteStage(
            c.var.deps,
            actorOf(c),
            c.var.pipeline,
            c.req.valid('param').stageId,
            c.req.valid('query').moveTo,
          ),
        ),
    );
