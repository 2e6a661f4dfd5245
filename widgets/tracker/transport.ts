import { base, data, site } from './script.ts';
import { store } from './storage.ts';

/** A wire event (see server/schemas/events.ts for the contract). */
export interface Ev {
  id: string;
  type: string;
  ts: number;
  visitor: string;
  session: string;
  url: string;
  ref?: string;
  title?: string;
  name?: string;
  props?: Record<string, string | number | boolean>;
  value?: number;
  currency?: string;
}

/**
 * Delivery: events are batched (~1 s, or at once at 10), sent as text/plain
 * with keepalive, each body ≤ 60 KB and ≤ 50 events. 2xx → done; network error, 5xx, 429 →
 * kept and retried with exponential backoff + jitter (Retry-After honoured);
 * 413 → the batch is split; other 4xx → dropped. On pagehide/hidden the queue
 * goes by sendBeacon but stays queued until a later fetch is acknowledged (the
 * server dedupes by id). The persisted copy holds at most 200 events and never
 * `identify` (PII stays in memory).
 */
const endpoint = (data.api || new URL(base).origin).replace(/\/$/, '') + '/v1/events';
let queue: Ev[] = [];
let timer: ReturnType<typeof setTimeout> | 0 = 0;
let busy: unknown;
let failures = 0;
let limit = 50;
try {
  // What an earlier page left queued: startup's resend() sends it.
  queue = JSON.parse(store('ll_q') || '[]');
} catch {
  // A damaged stored queue is dropped.
}

export function enqueue(e: Ev): void {
  if (queue.push(e) > 200) queue.shift();
  persist();
  schedule(queue[9] ? 0 : 1000);
}

/** Writes the queue (no-op unless storage is allowed), without identify events. */
export const persist = () => store('ll_q', JSON.stringify(queue.filter((e) => e.type != 'identify')));

export function dropQueue(): void {
  queue = [];
  store('ll_q', null);
}

/** Sends at once what an earlier page left queued. */
export const resend = () => queue[0] && schedule(0);

function schedule(ms: number): void {
  if (!timer || !ms) (clearTimeout(timer), (timer = setTimeout(flush, ms)));
}

/** The events of the next body from the start of `list`: up to `limit`, within 60 KB (always at least one). */
function take(list: Ev[]): [Ev[], string] {
  const batch = list.slice(0, limit);
  let body;
  while (((body = JSON.stringify({ site, events: batch })), batch[1] && new Blob([body]).size > 6e4)) batch.pop();
  return [batch, body];
}

function flush(): void {
  timer = 0;
  if (busy || !queue[0]) return;
  busy = 1;
  const [batch, body] = take(queue);
  const done = (status: number, after?: string | null) => {
    busy = 0;
    if (status == 413 && batch[1]) return ((limit = batch.length >> 1), schedule(0));
    limit = 50;
    if (status && status < 500 && status != 429) {
      queue = queue.filter((e) => !batch.includes(e));
      persist();
      failures = 0;
      schedule(0);
    } else schedule(Math.max(Math.min(3e4, 500 * 2 ** failures++) * (1 + Math.random()), +after! * 1e3 || 0));
  };
  // A string body goes as text/plain: no CORS preflight.
  fetch(endpoint, { method: 'POST', body, keepalive: true }).then(
    (r) => done(r.status, r.headers.get('retry-after')),
    () => done(0),
  );
}

/**
 * Sends the head of the queue by sendBeacon (page going away): one body, as the browser allows 64 KB of beacons in
 * flight; every event stays queued.
 */
export function beacon(): void {
  if (queue[0]) navigator.sendBeacon(endpoint, take(queue)[1]);
}
