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
 * with keepalive, each body ≤ 60 KB. 2xx → done; network error, 5xx, 429 →
 * kept and retried with exponential backoff + jitter (Retry-After honoured);
 * 413 → the batch is split; other 4xx → dropped. On pagehide/hidden the queue
 * goes by sendBeacon but stays queued until a later fetch is acknowledged (the
 * server dedupes by id). The persisted copy holds at most 200 events and never
 * `identify` (PII stays in memory).
 */
const MAX_BODY = 60_000;
let queue: Ev[] = [];
let endpoint = '';
let site = '';
let timer: ReturnType<typeof setTimeout> | 0 = 0;
let busy = false;
let failures = 0;
let limit = 50;

export function startTransport(api: string, siteKey: string): void {
  endpoint = api + '/v1/events';
  site = siteKey;
  try {
    queue = JSON.parse(store('ll_q', undefined, true) || '[]');
  } catch {
    // A damaged stored queue is dropped.
  }
  if (queue.length) schedule(0);
}

export function enqueue(e: Ev): void {
  queue.push(e);
  if (queue.length > 200) queue.shift();
  persist();
  schedule(queue.length >= 10 ? 0 : 1000);
}

/** Writes the queue (no-op unless storage is allowed), without identify events. */
export function persist(): void {
  store('ll_q', JSON.stringify(queue.filter((e) => e.type != 'identify')), true);
}

export function dropQueue(): void {
  queue = [];
  store('ll_q', null, true);
}

function schedule(ms: number): void {
  if (!timer || !ms) (clearTimeout(timer), (timer = setTimeout(flush, ms)));
}

/** The events of the next body: up to `max`, within 60 KB. */
function take(list: Ev[], max: number): [Ev[], string] {
  const batch: Ev[] = [];
  let body = '';
  for (const e of list.slice(0, max)) {
    const next = JSON.stringify({ site, events: [...batch, e] });
    if (batch[0] && new Blob([next]).size > MAX_BODY) break;
    batch.push(e);
    body = next;
  }
  return [batch, body];
}

function flush(): void {
  timer = 0;
  if (busy || !queue[0]) return;
  busy = true;
  const [batch, body] = take(queue, limit);
  // A string body goes as text/plain: no CORS preflight.
  fetch(endpoint, { method: 'POST', body, keepalive: true })
    .then(
      (r) => [r.status, r.headers.get('retry-after')] as const,
      () => [0] as const,
    )
    .then(([status, after]) => {
      busy = false;
      if (status == 413 && batch[1]) return ((limit = batch.length >> 1), schedule(0));
      limit = 50;
      if (status && status < 500 && status != 429) {
        queue = queue.filter((e) => !batch.includes(e));
        persist();
        failures = 0;
        if (queue[0]) schedule(0);
      } else schedule(Math.max(Math.min(6e4, 1e3 * 2 ** failures++) * (0.5 + Math.random() / 2), 1e3 * +(after || 0)));
    });
}

/** Sends everything queued by sendBeacon (page going away); events stay queued. */
export function beacon(): void {
  for (let rest = queue, batch, body; rest[0]; rest = rest.slice(batch.length)) {
    [batch, body] = take(rest, 100);
    navigator.sendBeacon(endpoint, body);
  }
}
