/**
 * The heaviest admin reads besides reports, timed on the bench databases:
 * the contact list (default, filtered, searched, a later page), the
 * timeline of the busiest contact, and ingest (10-event batches through
 * the real app) into a database already this large — for a fixed amount of
 * work, time must stay flat or logarithmic in table size, never linear.
 */
import type { Client } from '@libsql/client';
import { median, timeOrderedId } from './measure.ts';

type App = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };
let seq = 0;

export const ADMIN_CASES = [
  'contacts (first page)',
  'contacts stage=customer',
  'contacts search',
  'contacts page 3',
  'timeline (busiest contact)',
  'ingest 100 × 10 events',
];

async function timed(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return median(times);
}

export async function benchAdmin(app: App, db: Client, token: string, siteKey: string): Promise<Map<string, number>> {
  const auth = { headers: { authorization: `Bearer ${token}` } };
  const get = async (path: string) => {
    const res = await app.request(path, auth);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ nextCursor?: string | null }>;
  };
  const busiest = String(
    (
      await db.execute(
        'SELECT contact_id FROM contact_visitors cv JOIN events e ON e.site_id = cv.site_id AND e.visitor = cv.visitor GROUP BY contact_id ORDER BY count(*) DESC LIMIT 1',
      )
    ).rows[0]?.contact_id,
  );
  const out = new Map<string, number>();
  out.set('contacts (first page)', await timed(() => get('/v1/admin/contacts')));
  out.set('contacts stage=customer', await timed(() => get('/v1/admin/contacts?stage=customer')));
  out.set('contacts search', await timed(() => get('/v1/admin/contacts?q=lead')));
  out.set(
    'contacts page 3',
    await timed(async () => {
      let cursor: string | null | undefined;
      for (let page = 0; page < 3; page++)
        cursor = (await get(`/v1/admin/contacts${cursor ? `?cursor=${cursor}` : ''}`)).nextCursor;
    }),
  );
  out.set('timeline (busiest contact)', await timed(() => get(`/v1/admin/contacts/${busiest}/timeline`)));
  let n = 0;
  out.set(
    'ingest 100 × 10 events',
    await timed(async () => {
      await Promise.all(
        Array.from({ length: 100 }, async (_, r) => {
          const events = Array.from({ length: 10 }, () => ({
            id: timeOrderedId(seq++),
            type: 'pageview',
            ts: Date.now(),
            visitor: `benchvisitor${r}`,
            session: `benchsession${r}`,
            url: `https://shop.example/p/${n++ % 40}`,
          }));
          const res = await app.request('/v1/events', {
            method: 'POST',
            headers: {
              'content-type': 'text/plain',
              'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36',
            },
            body: JSON.stringify({ site: siteKey, events }),
          });
          if (res.status !== 202) throw new Error(`ingest: ${res.status}`);
        }),
      );
    }),
  );
  return out;
}
