/** The ingest load of `npm run bench` and test/bench/profile-ingest.ts. */
import { timeOrderedId } from './measure.ts';

let n = 0;
/**
 * The traffic: 800 browsers, each request one browser's queue as embed.js sends it (one visitor, one session, ids
 * shaped like its uuid7s), a new session every 10th request of a browser. `mixed` is the old, harsher shape kept as
 * a worst case: every event of a request from another of 800 sessions and 500 visitors, with fixed-name ids, so
 * each event lands on its own page of the events-by-session and events-by-visitor indexes.
 */
const browsers = Array.from({ length: 800 }, (_, b) => ({
  visitor: timeOrderedId(1e12 + b),
  session: '',
  requests: 0,
}));
export function ingestBody(site: string, perRequest: number, mixed: boolean): string {
  const b = browsers[n % browsers.length]!;
  if (b.requests++ % 10 === 0) b.session = timeOrderedId(2e12 + n);
  const events = Array.from({ length: perRequest }, (_, i) => ({
    id: timeOrderedId(n++),
    type: 'pageview',
    ts: Date.now(),
    visitor: mixed ? `bench-visitor-${n % 500}` : b.visitor,
    session: mixed ? `bench-session-${n % 800}` : b.session,
    url: `https://shop.example/products/${(n + i) % 40}?utm_source=bench`,
    title: 'Bench page',
  }));
  return JSON.stringify({ site, events });
}
