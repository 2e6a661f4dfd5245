import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { migrate } from '../../server/db/migrate.ts';
import { ORIGINS_PER_DAY, refusalStatement, UNKNOWN_KEYS_PER_DAY } from '../../server/db/refusals.ts';
import { createSite, findSite } from '../../server/db/sites.ts';
import { createBatchingWriteQueue, type WriteQueue } from '../../server/db/write-queue.ts';
import { applyRetention } from '../../server/jobs/retention.ts';
import { EVENTS_SINCE, RECENT_EVENTS } from '../../server/routes/admin-installation.ts';
import type { Installation } from '../../server/schemas/installation.ts';
import { as, pageview, post, testApp } from './test-app.ts';

const SHOP = 'https://shop.example';
const WWW = 'https://www.shop.example';
const DAY = 86_400_000;
const UNKNOWN = 'pk_typo0000000000000';

type Harness = Awaited<ReturnType<typeof testApp>>;
/** The refused request itself, answered before anything is recorded; then the write queue is drained. */
async function refused(t: Harness, origin: string | null, key = t.siteKey, path = '/v1/events') {
  const headers: Record<string, string> = origin === null ? {} : { origin };
  const res = path === '/v1/events' ? await t.app.request(path, post({ site: key, events: [pageview()] }, headers)) : await t.app.request(`${path}${path.includes('?') ? '&' : '?'}site=${key}`, { headers });
  await t.writes.idle();
  return res.status;
}
const installation = async (t: Harness, token = t.adminToken, query = '') => {
  const res = await t.app.request(`/v1/admin/installation${query}`, as(token));
  expect(res.status).toBe(200);
  return (await res.json()) as Installation;
};
const rows = async (t: Harness) => Number((await t.db.execute('SELECT count(*) AS n FROM refused_requests')).rows[0]!.n);

describe('refused requests are counted for the owner', () => {
  it('counts a wrong origin per origin across public routes; allowing it via settings lets the next request pass', async () => {
    const t = await testApp({ origins: [SHOP] });
    expect(await refused(t, WWW)).toBe(403);
    expect(await refused(t, WWW, t.siteKey, '/v1/config')).toBe(403);
    expect(await refused(t, WWW, t.siteKey, '/v1/kb/search?q=returns')).toBe(403);
    expect(await refused(t, 'https://other.example')).toBe(403);
    expect(await refused(t, SHOP)).toBe(202);
    const first = await installation(t);
    expect(first.refusedOrigins.map(({ origin, count }) => ({ origin, count }))).toEqual([
      { origin: 'https://other.example', count: 1 },
      { origin: WWW, count: 3 },
    ]);
    expect(first.refusedOrigins[1]!.lastAt).toBeGreaterThan(Date.now() - 60_000);
    expect(first.allowedOrigins).toEqual([SHOP]);

    // The admin's Allow button: PATCH settings with the list plus the origin.
    const patched = await t.app.request('/v1/admin/settings', as(t.adminToken, 'PATCH', { allowedOrigins: [...first.allowedOrigins, WWW] }));
    expect(patched.status).toBe(200);
    expect(await refused(t, WWW)).toBe(202);
    const after = await installation(t);
    expect(after.refusedOrigins.map((r) => r.origin)).toEqual(['https://other.example']);
    expect(after.allowedOrigins).toEqual([SHOP, WWW]);
  });

  it('keeps unknown keys under the key and origin, and shows them to the site whose pages used them', async () => {
    const t = await testApp({ origins: [SHOP] });
    const blog = await createSite(t.writes, { name: 'Blog' });
    // The blog allows any origin; its pages are known from its events.
    expect((await t.app.request('/v1/events', post({ site: blog.siteKey, events: [pageview({ url: 'https://blog.example/post/1' })] }))).status).toBe(202);
    expect(await refused(t, SHOP, UNKNOWN)).toBe(404);
    expect(await refused(t, SHOP, UNKNOWN, '/v1/config')).toBe(404);
    expect(await refused(t, 'https://blog.example', 'pk_blogtypo000000')).toBe(404);
    expect(await refused(t, 'https://stranger.example', 'pk_strangers000000')).toBe(404);

    const shop = await installation(t);
    expect(shop.unknownKeys.map(({ key, origin, count }) => ({ key, origin, count }))).toEqual([{ key: UNKNOWN, origin: SHOP, count: 2 }]);
    expect(shop.refusedOrigins).toEqual([]);
    const blogView = await installation(t, blog.adminToken);
    expect(blogView.unknownKeys.map((k) => [k.key, k.origin])).toEqual([['pk_blogtypo000000', 'https://blog.example']]);
    expect(await rows(t)).toBe(3);
  });

  it('records only well-formed browser origins: none without an Origin, `null` as null', async () => {
    const t = await testApp({ origins: [SHOP] });
    for (const origin of [null, `https://${'a'.repeat(200)}.example`, 'https://shop.example/path', 'javascript:alert(1)', 'HTTPS://SHOP.EXAMPLE', 'https://a b.example', "https://x.example'--"]) {
      expect(await refused(t, origin, UNKNOWN)).toBe(404);
      expect(await refused(t, origin)).toBe(origin === null ? 202 : 403);
    }
    expect(await rows(t)).toBe(0);
    expect(await refused(t, 'null')).toBe(403);
    expect(await refused(t, 'http://[::1]:8080')).toBe(403);
    expect((await installation(t)).refusedOrigins.map((r) => r.origin)).toEqual(['http://[::1]:8080', 'null']);
  });

  it('stays bounded under a flood of made-up origins and keys', async () => {
    const t = await testApp({ origins: [SHOP] });
    const flood = (n: number, make: (i: number) => Response | Promise<Response>) => Promise.all(Array.from({ length: n }, (_, i) => make(i)));
    const events = (key: string, origin: string) => t.app.request('/v1/events', post({ site: key, events: [pageview()] }, { origin }));
    const answers = await flood(ORIGINS_PER_DAY + 50, (i) => events(t.siteKey, `https://o${i}.example`));
    expect(new Set(answers.map((r) => r.status))).toEqual(new Set([403]));
    await t.writes.idle();
    expect(await rows(t)).toBe(ORIGINS_PER_DAY);
    // Rows that exist are still counted at the bound.
    expect(await refused(t, 'https://o0.example')).toBe(403);
    const counts = (await installation(t)).refusedOrigins;
    expect(counts).toHaveLength(ORIGINS_PER_DAY);
    expect(counts.find((r) => r.origin === 'https://o0.example')!.count).toBe(2);
    expect(counts.find((r) => r.origin === `https://o${ORIGINS_PER_DAY + 10}.example`)).toBeUndefined();

    // One unknown key from many origins.
    await flood(ORIGINS_PER_DAY + 20, (i) => events(UNKNOWN, `https://k${i}.example`));
    await t.writes.idle();
    expect(await rows(t)).toBe(2 * ORIGINS_PER_DAY);
    // Many unknown keys: at most UNKNOWN_KEYS_PER_DAY (key, origin) rows a day over all keys.
    const now = Date.now();
    await t.writes.run(Array.from({ length: UNKNOWN_KEYS_PER_DAY + 100 }, (_, i) => refusalStatement({ reason: 'site_key', key: `pk_made_up_${i}_000`, origin: SHOP }, now)));
    expect(Number((await t.db.execute("SELECT count(*) AS n FROM refused_requests WHERE reason = 'site_key'")).rows[0]!.n)).toBe(UNKNOWN_KEYS_PER_DAY);
    expect((await installation(t)).unknownKeys).toHaveLength(100);
  });

  it('keeps 7 UTC days: the retention job prunes older rows and the page counts only those days', async () => {
    const t = await testApp();
    const site = (await findSite(t.db, t.siteKey))!;
    const now = Date.now();
    const at = (days: number, origin: string) => refusalStatement({ reason: 'origin', siteId: site.id, origin }, now - days * DAY);
    await t.writes.run([at(0, WWW), at(6, WWW), at(6, 'https://six.example'), at(7, 'https://seven.example'), at(30, 'https://old.example')]);
    await t.writes.run([refusalStatement({ reason: 'site_key', key: UNKNOWN, origin: SHOP }, now - 8 * DAY)]);
    expect((await installation(t)).refusedOrigins.map((r) => [r.origin, r.count])).toEqual([[WWW, 2], ['https://six.example', 1]]);
    await applyRetention(t, now);
    expect((await t.db.execute('SELECT origin FROM refused_requests ORDER BY origin')).rows.map((r) => r.origin)).toEqual(['https://six.example', WWW, WWW]);
  });

  it('never fails or holds up the refused request when recording fails', async () => {
    const db = createClient({ url: ':memory:' });
    await migrate(db);
    const real = createBatchingWriteQueue(db);
    const { siteKey } = await createSite(real, { name: 'Shop', origins: [SHOP] });
    const logged: string[] = [];
    for (const writes of [{ run: () => Promise.reject(new Error('disk full')) }, { run: () => new Promise(() => {}) }] as WriteQueue[]) {
      const app = createApp({ db, writes, log: (m) => logged.push(m) });
      expect((await app.request('/v1/events', post({ site: siteKey, events: [pageview()] }, { origin: WWW }))).status).toBe(403);
      expect((await app.request(`/v1/config?site=${UNKNOWN}`, { headers: { origin: SHOP } })).status).toBe(404);
    }
    await new Promise((r) => setTimeout(r, 0));
    expect(logged).toEqual(['recording a refused request failed', 'recording a refused request failed']);
  });
});

describe('GET /v1/admin/installation', () => {
  it('is for owners and reps of the site only', async () => {
    const t = await testApp({ origins: [SHOP] });
    expect(await refused(t, WWW)).toBe(403);
    for (const role of ['viewer', 'integration'] as const) expect((await t.app.request('/v1/admin/installation', as(await t.tokenFor(role)))).status).toBe(403);
    expect((await t.app.request('/v1/admin/installation')).status).toBe(401);
    expect((await installation(t, await t.tokenFor('rep'))).refusedOrigins.map((r) => r.origin)).toEqual([WWW]);
    const other = await createSite(t.writes, { name: 'Other', origins: [SHOP] });
    const theirs = await installation(t, other.adminToken);
    expect(theirs.refusedOrigins).toEqual([]);
    expect(theirs.siteKey).toBe(other.siteKey);
    expect(theirs.snippet).not.toContain(t.siteKey);
  });

  it('gives the tag for the API URL: PUBLIC_URL, else the request’s address (the proxy’s only when trusted)', async () => {
    const t = await testApp();
    const tag = (api: string) => `<script defer src="${api}/embed.js" data-site="${t.siteKey}"></script>`;
    const plain = await installation(t);
    expect(plain.apiUrl).toBe('http://localhost');
    expect(plain.snippet).toBe(tag('http://localhost'));
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'leadline.example' };
    const ignored = await t.app.request('/v1/admin/installation', { headers: { ...as(t.adminToken).headers, ...forwarded } });
    expect(((await ignored.json()) as Installation).apiUrl).toBe('http://localhost');

    const trusted = createApp({ db: t.db, writes: t.writes, trustProxy: true });
    const viaProxy = (await (await trusted.request('/v1/admin/installation', { headers: { ...as(t.adminToken).headers, ...forwarded } })).json()) as Installation;
    expect(viaProxy.snippet).toBe(tag('https://leadline.example'));
    const junk = { 'x-forwarded-proto': 'javascript', 'x-forwarded-host': 'evil.example"><script>' };
    expect(((await (await trusted.request('/v1/admin/installation', { headers: { ...as(t.adminToken).headers, ...junk } })).json()) as Installation).apiUrl).toBe('http://localhost');

    const configured = createApp({ db: t.db, writes: t.writes, trustProxy: true, publicUrl: 'https://cdn.leadline.example/' });
    expect(((await (await configured.request('/v1/admin/installation', { headers: { ...as(t.adminToken).headers, ...forwarded } })).json()) as Installation).snippet).toBe(tag('https://cdn.leadline.example'));
    // Served under a path of the owner's own site: the tag names the API too.
    const firstParty = createApp({ db: t.db, writes: t.writes, publicUrl: 'https://shop.example/ll' });
    expect(((await (await firstParty.request('/v1/admin/installation', as(t.adminToken))).json()) as Installation).snippet).toBe(
      `<script defer src="https://shop.example/ll/embed.js" data-site="${t.siteKey}" data-api="https://shop.example/ll"></script>`,
    );
  });

  it('shows the last event and, with since, how many arrived from then on', async () => {
    const t = await testApp();
    const empty = await installation(t, t.adminToken, `?since=${Date.now() - 60_000}`);
    expect(empty.lastEvent).toBeNull();
    expect(empty.eventsSince).toBe(0);
    const ts = Date.now() - 1000;
    const events = [pageview({ ts: ts - 5000, url: 'https://shop.example/' }), pageview({ ts, url: 'https://shop.example/pricing' })];
    expect((await t.app.request('/v1/events', post({ site: t.siteKey, events }))).status).toBe(202);
    const after = await installation(t, t.adminToken, `?since=${ts - 2000}`);
    expect(after.lastEvent).toEqual({ at: ts, url: 'https://shop.example/pricing' });
    expect(after.eventsSince).toBe(1);
    expect((await installation(t)).eventsSince).toBeUndefined();
    expect((await t.app.request('/v1/admin/installation?since=-1', as(t.adminToken))).status).toBe(400);
  });

  it('reads events through the events_site_ts index, never a scan', async () => {
    const t = await testApp();
    for (const sql of [RECENT_EVENTS, EVENTS_SINCE]) {
      const plan = (await t.db.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: sql === RECENT_EVENTS ? [1] : [1, 0] })).rows.map((r) => String(r.detail));
      expect(plan.join(' | ')).toMatch(/SEARCH events USING (COVERING )?INDEX events_site_ts \(site_id=\?/);
      expect(plan.join(' | ')).not.toMatch(/SCAN events|TEMP B-TREE/);
    }
  });
});
