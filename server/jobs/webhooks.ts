import type { Client } from '@libsql/client';
import type { WriteQueue } from '../db/write-queue.ts';
import { assertPublicTarget } from '../net/private-address.ts';

export interface WebhookDeps {
  db: Client;
  writes: WriteQueue;
  /** The fetch to deliver with (tests pass their own). */
  fetch?: typeof fetch;
  /** DNS resolution for a check before fetching (tests; Node's publicFetch checks at connect time). */
  resolve?: (host: string) => Promise<string[]>;
  now?: () => number;
}

const MAX_ATTEMPTS = 10;
/** What the delivery log says for every attempt that got no HTTP answer (see deliverDueWebhooks). */
const DELIVERY_FAILED = 'delivery failed';
/** 1 min, 2, 4, … capped at 6 h, with ±20 % jitter. */
const backoffMs = (attempt: number) =>
  Math.min(6 * 3_600_000, 60_000 * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);

/** `Leadline-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" with the webhook secret>` (Stripe's scheme). */
export async function signature(secret: string, body: string, timestamp: number): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${timestamp}.${body}`));
  return `t=${timestamp},v1=${[...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Delivers the due webhook events of the outbox (oldest first, `limit` at a
 * time). 2xx → delivered; otherwise retried with backoff, and given up after
 * MAX_ATTEMPTS. Redirects are not followed; non-public targets are refused. The log shows
 * a public target's HTTP status; anything else (refused target, DNS or connection error,
 * timeout) is the same `delivery failed`, whatever the port is doing.
 * Returns how many were attempted. Node calls it on an interval, Workers from a Cron Trigger.
 */
export async function deliverDueWebhooks(deps: WebhookDeps, limit = 20): Promise<number> {
  const now = deps.now?.() ?? Date.now();
  const { rows } = await deps.db.execute({
    sql: `SELECT d.id, d.payload, d.attempts, d.event_type, w.url, w.secret FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND w.active = 1 ORDER BY d.next_attempt_at LIMIT ?`,
    args: [now, limit],
  });
  for (const r of rows) {
    const body = String(r.payload);
    const attempts = Number(r.attempts) + 1;
    let status: number | null = null;
    let error: string | null = null;
    try {
      await assertPublicTarget(String(r.url), deps.resolve);
      const res = await (deps.fetch ?? fetch)(String(r.url), {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Leadline-Webhooks/1',
          'leadline-event': String(r.event_type),
          'leadline-delivery': String(r.id),
          'leadline-signature': await signature(String(r.secret), body, Math.floor(now / 1000)),
        },
        body,
      });
      status = res.status;
      await res.body?.cancel().catch(() => {});
      if (status < 200 || status >= 300) error = `answered ${status}`;
    } catch {
      // Refused, unresolvable, refused connection, timeout: one message, so the log cannot map ports or names.
      error = DELIVERY_FAILED;
    }
    const delivered = error === null;
    await deps.writes.run([
      {
        sql: `UPDATE deliveries SET status = ?, attempts = ?, last_status = ?, last_error = ?, next_attempt_at = ?, delivered_at = ? WHERE id = ?`,
        args: [
          delivered ? 'delivered' : attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
          attempts,
          status,
          error,
          delivered ? now : now + backoffMs(attempts),
          delivered ? now : null,
          Number(r.id),
        ],
      },
    ]);
  }
  return rows.length;
}
