import type * as Retry from './retry.ts';
import { base, data, load, site } from './script.ts';
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
 * Delivery, the first page view's part: events are batched (~1 s, or at once at 10), sent as text/plain with
 * keepalive, up to 50 a body. 2xx → done. Anything else (network error, any other status, a body over the 64 KB
 * keepalive quota) hands delivery to the retry chunk (widgets/retry.js, tracker/retry.ts), which takes over the
 * same queue: backoff, Retry-After, the 413 split, the 60 KB body check, dropping other 4xx. On pagehide/hidden
 * the queue goes by sendBeacon but stays queued until a later fetch is acknowledged (the server dedupes by id); the
 * next page sends what it finds stored. The persisted copy (`ll_q`, written as each event is queued) holds at most
 * 200 events and never `identify` (PII stays in memory).
 */
const endpoint = (data.api || new URL(base).origin).replace(/\/$/, '') + '/v1/events';
/** The queue; once the retry chunk has it, it is only changed in place (the chunk holds the same array). */
let queue: Ev[] = [];
let timer: ReturnType<typeof setTimeout> | 0 = 0;
let busy: unknown;
/** The retry chunk's scheduler, once it has taken over. */
let retry: ((ms: number) => void) | undefined;
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
  queue.length = 0;
  store('ll_q', null);
}

/** Sends at once what an earlier page left queued. */
export const resend = () => queue[0] && schedule(0);

function schedule(ms: number): void {
  if (retry) retry(ms);
  else if (!timer || !ms) (clearTimeout(timer), (timer = setTimeout(flush, ms)));
}

/** The body of `events`. */
const body = (events: Ev[]) => JSON.stringify({ site, events });

function flush(): void {
  timer = 0;
  if (busy || !queue[0]) return;
  busy = 1;
  const batch = queue.slice(0, 50);
  /** Loads the retry chunk, which handles this failed attempt and every send from now on. */
  const fail = (res?: Response) =>
    load('retry').then((m?: typeof Retry) =>
      m ? (retry = m.start(queue, persist, endpoint, site, batch, res)) : (busy = 0),
    );
  // A string body goes as text/plain: no CORS preflight.
  fetch(endpoint, { method: 'POST', body: body(batch), keepalive: true }).then(
    (r): unknown =>
      r.ok ? ((queue = queue.filter((e) => !batch.includes(e))), persist(), (busy = 0), schedule(0)) : fail(r),
    () => fail(),
  );
}

/**
 * Sends the head of the queue by sendBeacon (page going away): one body, as the browser allows 64 KB of beacons in
 * flight; every event stays queued.
 */
export function beacon(): void {
  if (queue[0]) navigator.sendBeacon(endpoint, body(queue.slice(0, 50)));
}
