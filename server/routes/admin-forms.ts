import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { listForms, saveFormStatement } from '../db/forms.ts';
import { ApiError } from '../errors.ts';
import { can } from '../middleware/roles.ts';
import { validate } from '../middleware/validate.ts';
import { formDefinition, formName, formSummary } from '../schemas/forms.ts';

const nameParam = z.object({ name: formName });

/** Lead form definitions: everyone reads, owners write. */
export const adminFormRoutes = () =>
  new Hono<AppEnv>()
    .get(
      '/v1/admin/forms',
      describeRoute({
        tags: ['admin: forms'],
        summary: 'List lead forms',
        security: [{ bearer: [] }],
        responses: {
          200: {
            description: 'Forms',
            content: { 'application/json': { schema: resolver(z.object({ forms: z.array(formSummary) })) } },
          },
        },
      }),
      can.read,
      async (c) => c.json({ forms: await listForms(c.var.deps.db, c.var.auth.site.id) }),
    )
    .put(
      '/v1/admin/forms/:name',
      describeRoute({
        tags: ['admin: forms'],
        summary: 'Create or replace a lead form',
        security: [{ bearer: [] }],
        responses: {
          200: { description: 'Saved', content: { 'application/json': { schema: resolver(formSummary) } } },
        },
      }),
      can.manage,
      validate('param', nameParam),
      validate('json', formDefinition),
      async (c) => {
        const { name } = c.req.valid('param');
        await c.var.deps.writes.run([saveFormStatement(c.var.auth.site.id, name, c.req.valid('json'))]);
        const saved = (await listForms(c.var.deps.db, c.var.auth.site.id)).find((f) => f.name === name)!;
        return c.json(saved);
      },
    )
    .delete(
      '/v1/admin/forms/:name',
      describeRoute({
        tags: ['admin: forms'],
        summary: 'Delete a lead form (its submissions stay)',
        security: [{ bearer: [] }],
        responses: { 204: { description: 'Deleted' } },
      }),
      can.manage,
      validate('param', nameParam),
      async (c) => {
        const [r] = await c.var.deps.writes.run([
          {
            sql: 'DELETE FROM forms WHERE site_id = ? AND name = ?',
            args: [c.var.auth.site.id, c.req.valid('param').name],
          },
        ]);
        if (!r!.rowsAffected) throw new ApiError(404, 'not_found', 'no such form');
        return c.body(null, 204);
      },
    );
