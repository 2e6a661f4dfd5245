import { zValidator } from '@hono/zod-validator';
import { resolver, uniqueSymbol } from 'hono-openapi';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { ApiError } from '../errors.ts';

/**
 * zValidator whose failures become `400 validation_failed` with issues, and
 * whose schema also documents the route in /v1/openapi.json.
 *
 * @example
 * app.get('/v1/admin/events', validate('query', eventsQuery), (c) => c.json(c.req.valid('query')))
 */
export const validate = <T extends keyof ValidationTargets, S extends z.ZodType>(target: T, schema: S) =>
  Object.assign(
    zValidator(target, schema, (result) => {
      if (!result.success) throw new ApiError(400, 'validation_failed', `invalid ${target}`, { cause: result.error });
    }),
    { [uniqueSymbol]: { target, ...resolver(schema) } },
  );
