import type { InStatement } from '@libsql/client';
import type { SqlPart } from './row.ts';

import type { WebhookEventType } from '../schemas/webhooks.ts';

/**
 * Queues an event for every active webhook of the site that wants it, as a
 * statement of the caller's batch, so it commits with the change it reports.
 * `rows` is an optional `FROM …/JOIN … WHERE …` part giving one event per row
 * (e.g. per contact whose stage changes); `eventId` and `data` are SQL
 * expressions over those rows (they may read rows the same batch wrote).
 * A repeated event id is queued once per webhook.
 */
export function enqueueWebhook(
  siteId: number,
  type: WebhookEventType,
  eventId: SqlPart,
  data: SqlPart,
  rows?: SqlPart,
  now = Date.now(),
): InStatement {
  return {
    sql: `INSERT INTO deliveries (site_id, webhook_id, event_id, event_type, payload, next_attempt_at, created_at)
          SELECT w.site_id, w.id, ev.id, ?, json_object('id', ev.id, 'type', ?, 'createdAt', ?, 'data', json(ev.data)), ?, ?
          FROM (SELECT ${eventId.sql} AS id, ${data.sql} AS data ${rows ? rows.sql : ''}) ev
          JOIN webhooks w ON w.site_id = ? AND w.active = 1 AND EXISTS (SELECT 1 FROM json_each(w.events) WHERE value IN ('*', ?))
          WHERE ev.data IS NOT NULL
          ON CONFLICT (webhook_id, event_id) DO NOTHING`,
    args: [type, type, now, now, now, ...eventId.args, ...data.args, ...(rows?.args ?? []), siteId, type],
  };
}
