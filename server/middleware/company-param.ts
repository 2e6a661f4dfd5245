import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { findCompany } from '../companies/companies.ts';
import { ApiError } from '../errors.ts';
import { companyId, type Company } from '../schemas/companies.ts';

/** The env of a route under `/…/companies/:id`: `c.var.company` is that company. */
export type CompanyEnv = AppEnv & { Variables: { company: Company } };

/**
 * Loads the company named by the `:id` path parameter on the signed-in user's site and sets `c.var.company`;
 * any other id (malformed, unknown, another site's) is the one `404 not_found`. Runs after `adminAuth`.
 */
export const companyParam = (): MiddlewareHandler<CompanyEnv> =>
  async function companyParam(c, next) {
    const id = companyId.safeParse(c.req.param('id'));
    const company = id.success ? await findCompany(c.var.deps.db, c.var.auth.site.id, id.data) : null;
    if (!company) throw new ApiError(404, 'not_found', 'no such company');
    c.set('company', company);
    await next();
  };
