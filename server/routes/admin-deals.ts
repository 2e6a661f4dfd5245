import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import type { RequestScope } from '../aside.ts';
import { actorOf } from '../contacts/manage.ts';
import { listDeals } from '../deals/board.ts';
import {
  createDeal,
  dealDetail,
  deleteDeal,
  logDealActivity,
  moveDeal,
  purchasesFromDeal,
  updateDeal,
  type DealActor,
} from '../deals/deals.ts';
import { publish } from '../live/publish.ts';
import { dealParam } from '../middleware/deal-param.ts';
import { can } from '../middleware/roles.ts';
import { validate } from '../middleware/validate.ts';
import { activityInput } from '../schemas/contacts.ts';
import {
  deal,
  dealActivity,
  dealCreate,
  dealDetail as dealDetailSchema,
  dealListQuery,
  dealMove,
  dealPage,
  dealPurchases,
  dealPurchasesInput,
  dealUpdate,
  type Deal,
} from '../schemas/deals.ts';
import { routeDoc } from './route-doc.ts';

const doc = routeDoc('admin: deals');
const idParam = z.object({ id: z.uuid() });
type Scope = RequestScope & { var: Pick<AppEnv['Variables'], 'auth'> };

const dealActor = (c: Scope): DealActor => ({ ...actorOf(c), site: c.var.auth.site });
/** Tells the site's open admin pages (the board, the deal) that a deal changed. */
const changed = (c: Scope, d: Pick<Deal, 'id' | 'pipelineId'>) =>
  publish(c, c.var.auth.site.id, { type: 'deal.updated', data: { dealId: d.id, pipelineId: d.pipelineId } });

/** Deals on the pipeline board: list with column totals, create, read with history, change, move, delete. */
export const adminDealRoutes = () =>
  new Hono<AppEnv>()
    .get(
      '/v1/admin/deals',
      doc('A pipeline’s deals by column, with each column’s totals over the whole filtered pipeline', dealPage),
      can.read,
      validate('query', dealListQuery),
      async (c) => c.json(await listDeals(c.var.deps, dealActor(c), c.req.valid('query'))),
    )
    .post(
      '/v1/admin/deals',
      doc('Create a deal (it keeps its contact’s first touch as its source)', deal, { status: 201 }),
      can.write,
      validate('json', dealCreate),
      async (c) => {
        const created = await createDeal(c.var.deps, dealActor(c), c.req.valid('json'));
        changed(c, created);
        return c.json(created, 201);
      },
    )
    .get(
      '/v1/admin/deals/:id',
      doc('A deal with its stage history, activities and purchases', dealDetailSchema),
      can.read,
      validate('param', idParam),
      dealParam(),
      async (c) => c.json(await dealDetail(c.var.deps.db, c.var.deal, c.var.auth.site.id)),
    )
    .patch(
      '/v1/admin/deals/:id',
      doc('Change a deal (a new stage moves it to the end of that column)', deal),
      can.write,
      validate('param', idParam),
      validate('json', dealUpdate),
      dealParam(),
      async (c) => {
        const updated = await updateDeal(c.var.deps, dealActor(c), c.var.deal, c.req.valid('json'));
        changed(c, updated);
        return c.json(updated);
      },
    )
    .post(
      '/v1/admin/deals/:id/move',
      doc('Move a deal to a stage and a place in its column (won/lost close it, open reopens)', deal),
      can.write,
      validate('param', idParam),
      validate('json', dealMove),
      dealParam(),
      async (c) => {
        const moved = await moveDeal(c.var.deps, dealActor(c), c.var.deal, c.req.valid('json'));
        changed(c, moved);
        return c.json(moved);
      },
    )
    .delete(
      '/v1/admin/deals/:id',
      doc('Delete a deal (its contact’s activities and its purchases stay)', undefined, { status: 204 }),
      can.manage,
      validate('param', idParam),
      dealParam(),
      async (c) => {
        await deleteDeal(c.var.deps, actorOf(c), c.var.deal);
        changed(c, c.var.deal);
        return c.body(null, 204);
      },
    )
    .post(
      '/v1/admin/deals/:id/activities',
      doc('Log a call, meeting, email or note on a deal (and on its contact)', dealActivity, { status: 201 }),
      can.write,
      validate('param', idParam),
      validate('json', activityInput),
      dealParam(),
      async (c) => {
        const logged = await logDealActivity(c.var.deps, actorOf(c), c.var.deal, c.req.valid('json'));
        changed(c, c.var.deal);
        if (c.var.deal.contactId)
          publish(c, c.var.auth.site.id, { type: 'contact.updated', data: { contactId: c.var.deal.contactId } });
        return c.json(logged, 201);
      },
    )
    .post(
      '/v1/admin/deals/:id/purchases',
      doc('Record the purchases a won deal represents (its contact becomes a customer)', dealPurchases, {
        status: 201,
      }),
      can.write,
      validate('param', idParam),
      validate('json', dealPurchasesInput),
      dealParam(),
      async (c) => {
        const purchases = await purchasesFromDeal(c.var.deps, actorOf(c), c.var.deal, c.req.valid('json'));
        changed(c, c.var.deal);
        publish(c, c.var.auth.site.id, { type: 'contact.updated', data: { contactId: c.var.deal.contactId! } });
        return c.json({ purchases }, 201);
      },
    );
