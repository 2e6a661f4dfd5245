import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import type { AdminTicketDetail } from '../schemas/tickets.ts';
import { adminTicketDetail } from '../tickets/tickets.ts';

/** The env of a route under `/v1/admin/tickets/:id`: `c.var.ticket` is that ticket, thread included. */
export type TicketEnv = AppEnv & { Variables: { ticket: AdminTicketDetail } };

/**
 * Loads the ticket named by the `:id` path parameter on the signed-in user's site (with its whole thread) and
 * sets `c.var.ticket`; an unknown id or another site's is the one `404 not_found`. Runs after the role guard and
 * the param's validation, like `contactParam()`.
 *
 * @example
 * app.get('/v1/admin/tickets/:id', can.read, validate('param', idParam), ticketParam(), (c) => c.json(c.var.ticket))
 */
export const ticketParam = (): MiddlewareHandler<TicketEnv> =>
  async function ticketParam(c, next) {
    const ticket = await adminTicketDetail(c.var.deps.db, c.var.auth.site.id, c.req.param('id') ?? '');
    if (!ticket) throw new ApiError(404, 'not_found', 'no such ticket');
    c.set('ticket', ticket);
    await next();
  };
