import type { Row } from '@libsql/client';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { randomToken } from '../auth/secrets.ts';
import { ApiError } from '../errors.ts';
import { assertPublicTarget } from '../net/private-address.ts';
import { can } from '../middleware/roles.ts';
import { validate } from '../middleware/validate.ts';
import {
  delivery,
  webhook,
  webhookCreate,
  webhookCreated,
  webhookUpdate,
  type Delivery,
  type Webhook,
} from '../schemas/webhooks.ts';
import { routeDoc } from './route-doc.ts';

const idParam = z.object({ id: z.coerce.number().int().positive() });
const doc = routeDoc('admin: webhooks');

const toWebhook = (r: Row): Webhook => ({
  id: Number(r.id),
  url: String(r.url),
  events: JSON.parse(String(r.events)) as string[],
  active: Boolean(r.active),
  createdAt: Number(r.created_at),
});
const toDelivery = (r: Row): Delivery => ({
  id: Number(r.id),
  eventId: String(r.event_id),
  eventType: String(r.event_type),
  status: String(r.status) as Delivery['status'],
  attempts: Number(r.attempts),
  lastStatus: r.last_status == null ? null : Number(r.last_status),
  lastError: r.last_error == null ? null : String(r.last_error),
  nextAttemptAt: Number(r.next_attempt_at),
  createdAt: Number(r.created_at),
  deliveredAt: r.delivered_at == null ? null : Number(r.delivered_at),
});

async function checkTarget(url: string): Promise<void> {
  try {
    await assertPublicTarget(url);
  } catch (e) {
    throw new ApiError(400, 'validation_failed', `url: ${(e as Error).message}`);
  }
}

/** Webhook endpoints, their delivery log and manual retries (owners only). */
export const adminWebhookRoutes = () =>
  new Hono<AppEnv>()
    .get(
      '/v1/admin/webhooks',
      doc('List webhooks', z.object({ webhooks: z.array(webhook) })),
      can.manage,
      async (c) => {
        const { rows } = await c.var.deps.db.execute({
          sql: 'SELECT * FROM webhooks WHERE site_id = ? ORDER BY id',
          args: [c.var.auth.site.id],
        });
        return c.json({ webhooks: rows.map(toWebhook) });
      },
    )
    .post(
      '/v1/admin/webhooks',
      doc('Add a webhook (the signing secret is shown once)', webhookCreated, { status: 201 }),
      can.manage,
      validate('json', webhookCreate),
      async (c) => {
        const input = c.req.valid('json');
        await checkTarget(input.url);
        const secret = `whsec_${randomToken(24)}`;
        const [r] = await c.var.deps.writes.run([
          {
            sql: 'INSERT INTO webhooks (site_id, url, secret, events, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *',
            args: [c.var.auth.site.id, input.url, secret, JSON.stringify(input.events), Date.now()],
          },
        ]);
        return c.json({ ...toWebhook(r!.rows[0]!), secret }, 201);
      },
    )
    .patch(
      '/v1/admin/webhooks/:id',
      doc('Change a webhook', webhook),
      can.manage,
      validate('param', idParam),
      validate('json', webhookUpdate),
      async (c) => {
        const input = c.req.valid('json');
        if (input.url) await checkTarget(input.url);
        const [r] = await c.var.deps.writes.run([
          {
            sql: 'UPDATE webhooks SET url = coalesce(?, url), events = coalesce(?, events), active = coalesce(?, active) WHERE site_id = ? AND id = ? RETURNING *',
            args: [
              input.url ?? null,
              input.events ? JSON.stringify(input.events) : null,
              input.active === undefined ? null : Number(input.active),
              c.var.auth.site.id,
              c.req.valid('param').id,
            ],
          },
        ]);
        if (!r!.rows[0]) throw new ApiError(404, 'not_found', 'no such webhook');
        return c.json(toWebhook(r!.rows[0]));
      },
    )
    .delete(
      '/v1/admin/webhooks/:id',
      doc('Delete a webhook and its delivery log', undefined, { status: 204 }),
      can.manage,
      validate('param', idParam),
      async (c) => {
        const { id } = c.req.valid('param');
        const [, r] = await c.var.deps.writes.run([
          { sql: 'DELETE FROM deliveries WHERE site_id = ? AND webhook_id = ?', args: [c.var.auth.site.id, id] },
          { sql: 'DELETE FROM webhooks WHERE site_id = ? AND id = ?', args: [c.var.auth.site.id, id] },
        ]);
        if (!r!.rowsAffected) throw new ApiError(404, 'not_found', 'no such webhook');
        return c.body(null, 204);
      },
    )
    .get(
      '/v1/admin/webhooks/:id/deliveries',
      doc('A webhook’s delivery log, newest first', z.object({ deliveries: z.array(delivery) })),
      can.manage,
      validate('param', idParam),
      async (c) => {
        const { rows: hook } = await c.var.deps.db.execute({
          sql: 'SELECT 1 FROM webhooks WHERE site_id = ? AND id = ?',
          args: [c.var.auth.site.id, c.req.valid('param').id],
        });
        if (!hook.length) throw new ApiError(404, 'not_found', 'no such webhook');
        const { rows } = await c.var.deps.db.execute({
          sql: 'SELECT * FROM deliveries WHERE site_id = ? AND webhook_id = ? ORDER BY id DESC LIMIT 200',
          args: [c.var.auth.site.id, c.req.valid('param').id],
        });
        return c.json({ deliveries: rows.map(toDelivery) });
      },
    )
    .post(
      '/v1/admin/deliveries/:id/retry',
      doc('Retry a delivery now', delivery),
      can.manage,
      validate('param', idParam),
      async (c) => {
        const [r] = await c.var.deps.writes.run([
          {
            sql: "UPDATE deliveries SET status = 'pending', next_attempt_at = ?, attempts = min(attempts, 9) WHERE site_id = ? AND id = ? RETURNING *",
            args: [Date.now(), c.var.auth.site.id, c.req.valid('param').id],
          },
        ]);
        if (!r!.rows[0]) throw new ApiError(404, 'not_found', 'no such delivery');
        return c.json(toDelivery(r!.rows[0]));
      },
    );
