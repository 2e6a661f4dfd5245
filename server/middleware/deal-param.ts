import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { findDeal } from '../deals/deals.ts';
import { findPipeline } from '../deals/pipelines.ts';
import { ApiError } from '../errors.ts';
import type { Deal, Pipeline } from '../schemas/deals.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The env of a route under `/…/deals/:id`: `c.var.deal` is that deal. */
export type DealEnv = AppEnv & { Variables: { deal: Deal } };
/** The env of a route under `/…/pipelines/:id`: `c.var.pipeline` is that pipeline with its stages. */
export type PipelineEnv = AppEnv & { Variables: { pipeline: Pipeline } };

/**
 * Loads the deal named by `:id` on the signed-in user's site into `c.var.deal`; any other id (malformed, unknown,
 * another site's) is the one `404 not_found`. Runs after `adminAuth`.
 */
export const dealParam = (): MiddlewareHandler<DealEnv> =>
  async function dealParam(c, next) {
    const id = c.req.param('id') ?? '';
    const deal = uuid.test(id) ? await findDeal(c.var.deps.db, c.var.auth.site.id, id.toLowerCase()) : null;
    if (!deal) throw new ApiError(404, 'not_found', 'no such deal');
    c.set('deal', deal);
    await next();
  };

/** Loads the pipeline named by `:id` on the signed-in user's site into `c.var.pipeline`; else `404 not_found`. */
export const pipelineParam = (): MiddlewareHandler<PipelineEnv> =>
  async function pipelineParam(c, next) {
    const id = c.req.param('id') ?? '';
    const pipeline = uuid.test(id) ? await findPipeline(c.var.deps.db, c.var.auth.site.id, id.toLowerCase()) : null;
    if (!pipeline) throw new ApiError(404, 'not_found', 'no such pipeline');
    c.set('pipeline', pipeline);
    await next();
  };
