import { describeRoute, resolver } from 'hono-openapi';
import type { z } from 'zod';

interface DocOptions {
  /** The success status (default 200). */
  status?: number;
  /** A longer text than the summary. */
  description?: string;
  /** A route any page may call (no bearer token). */
  public?: boolean;
}

/**
 * The OpenAPI description of the routes of one tag: `const doc = routeDoc('admin: tasks')`, then
 * `doc('List tasks', schema)` on each route. Admin routes are described as needing a bearer token.
 *
 * @example
 * const doc = routeDoc('admin: webhooks');
 * app.post('/v1/admin/webhooks', doc('Add a webhook', webhook, { status: 201 }), can.manage, handler);
 */
export const routeDoc =
  (tag: string) =>
  (summary: string, schema?: z.ZodType, options: DocOptions = {}) =>
    describeRoute({
      tags: [tag],
      summary,
      ...(options.description && { description: options.description }),
      ...(!options.public && { security: [{ bearer: [] }] }),
      responses: {
        [options.status ?? 200]: {
          description: 'OK',
          ...(schema && { content: { 'application/json': { schema: resolver(schema) } } }),
        },
      },
    });
