import type { Ev } from './transport.ts';

/**
 * The tracker's rarely used delivery paths, a chunk of its own (widgets/retry.js) that embed.js loads after its
 * first failed send and that then delivers the queue: network error, 5xx, 429 → kept and retried with exponential
 * backoff + jitter (Retry-After honoured); 413 → the batch is split; other 4xx → dropped; each body ≤ 60 KB and ≤ 50
 * events. The queue array is embed.js's own: it is only changed in place, and `persist` stores it.
 */
let queue: Ev[];
let persist: () => unknown;
let endpoint: string;
let site: string | undefined;
let timer: ReturnType<typeof setTimeout> | 0 = 0;
let busy: unknown;
let failures = 0;
let limit = 50;

/** Takes over delivery after embed.js's attempt to send `batch` failed (`res`: the answer, none on a network error). */
export function start(
  q: Ev[],
  p: () => unknown,
  url: string,
  key: string | undefined,
  batch: Ev[],
  res?: Response,
): (ms: number) => void {
  [queue, persist, endpoint, site] = [q, p, url, key];
  done(batch, res?.status ?? 0, res?.headers.get('retry-after'));
  return schedule;
}

function schedule(ms: number): void {
  if (!timer || !ms) (clearTimeout(timer), (timer = setTimeout(flush, ms)));
}

/** The events of the next body from the start of the queue: up to `limit`, within 60 KB (always at least one). */
function take(): [Ev[], string] {
  const batch = queue.slice(0, limit);
  let body;
  while (((body = JSON.stringify({ site, events: batch })), batch[1] && new Blob([body]).size > 6e4)) batch.pop();
  return [batch, body];
}

function done(batch: Ev[], status: number, after?: string | null): void {
  busy = 0;
  if (status == 413 && batch[1]) return ((limit = batch.length >> 1), schedule(0));
  limit = 50;
  if (status && status < 500 && status != 429) {
    const rest = queue.filter((e) => !batch.includes(e));
    queue.splice(0, queue.length, ...rest);
    persist();
    failures = 0;
    schedule(0);
  } else schedule(Math.max(Math.min(3e4, 500 * 2 ** failures++) * (1 + Math.random()), +after! * 1e3 || 0));
}

function flush(): void {
  timer = 0;
  if (busy || !queue[0]) return;
  busy = 1;
  const [batch, body] = take();
  // A string body goes as text/plain: no CORS preflight.
  fetch(endpoint, { method: 'POST', body, keepalive: true }).then(
    (r) => done(batch, r.status, r.headers.get('retry-after')),
    () => done(batch, 0),
  );
}
