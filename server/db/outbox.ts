import type { InStatement } from '@libsql/client';

export const webhookEventTypes = ['lead.created', 'contact.stage_changed'] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/**
 * Queues one event for every active webhook of the site that wants it, as a
 * statement of the caller's batch (so it commits with the change it reports).
 * `dataSql` is an SQL expression yielding the event's `data` JSON (it may read
 * rows the same batch wrote); `condition` an optional SQL guard. A repeated
 * `eventId` is queued once per webhook.
 */
export function enqueueWebhook(
  siteId: number,
  type: WebhookEventType,
  eventId: string,
  data: { sql: string; args: unknown[] },
  condition: { sql: string; args: unknown[] } = { sql: '1', args: [] },
  now = Date.now(),
): InStatement {
  return {
    sql: `INSERT INTO deliveries (site_id, webhook_id, event_id, event_type, payload, next_attempt_at, created_at)
          SELECT w.site_id, w.id, ?, ?, json_object('id', ?, 'type', ?, 'createdAt', ?, 'data', json(${data.sql})), ?, ?
          FROM webhooks w
          WHERE w.site_id = ? AND w.active = 1
            AND EXISTS (SELECT 1 FROM json_each(w.events) WHERE value IN ('*', ?))
            AND (${condition.sql})
          ON CONFLICT (webhook_id, event_id) DO NOTHING`,
    args: [eventId, type, eventId, type, now, ...data.args, now, now, siteId, type, ...condition.args] as never,
  };
}
