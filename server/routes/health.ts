import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';

/** `GET /healthz`: 200 when the database answers, 503 otherwise. */
export const healthRoutes = () =>
  new Hono<AppEnv>().get(
    '/healthz',
    describeRoute({
      tags: ['ops'],
      summary: 'Liveness and database check',
      responses: { 200: { description: 'Healthy' } },
    }),
    async (c) => {
      try {
        await c.var.deps.db.execute('SELECT 1');
      } catch (cause) {
        throw new ApiError(503, 'unavailable', 'the database does not answer', {
          cause,
          headers: { 'Retry-After': '5' },
        });
      }
      c.header('Cache-Control', 'no-store');
      return c.json({ ok: true });
    },
  );
