import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { createApp, type App } from '../../server/app.ts';
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
const track = (app: App, key: string, headers: Record<string, string> = {}, event = pageview()) =>
  app.request('/v1/events', post({ site: key, events: [event] }, headers));
/** A public request from `origin` (none: not a browser page); its status, once the write queue is drained. */
async function refused(t: Harness, origin: string | null, key = t.siteKey, path = '/v1/events') {
  const headers: Record<string, string> = origin === null ? {} : { origin };
  const res =
    path === '/v1/events'
      ? await track(t.app, key, headers)
      : await t.app.request(`${path}${path.includes('?') ? '&' : '?'}site=${key}`, { headers });
  await t.writes.idle();
  return res.status;
}
async function installation(t: Harness, token = t.adminToken, query = '', { app = t.app, headers = {} } = {}) {
  const res = await app.request(`/v1/admin/installation${query}`, { headers: { ...as(token).headers, ...headers } });
  expect(res.status).toBe(200);
  return (await res.json()) as Installation;
}
const count = async (t: Harness, where = '1') =>
  Number((await t.db.execute(`SELECT count(*) AS n FROM refused_requests WHERE ${where}`)).rows[0]!.n);

describe('refused requests are counted for the owner', () => {
  it('counts a wrong origin per origin across public routes; allowed via settings, it passes', async () => {
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
    const allowedOrigins = [...first.allowedOrigins, WWW];
    expect((await t.app.request('/v1/admin/settings', as(t.adminToken, 'PATCH', { allowedOrigins }))).status).toBe(200);
    expect(await refused(t, WWW)).toBe(202);
    const after = await installation(t);
    expect(after.refusedOrigins.map((r) => r.origin)).toEqual(['https://other.example']);
    expect(after.allowedOrigins).toEqual([SHOP, WWW]);
  });

  it('keeps unknown keys under the key and origin, and shows them to the site whose pages used them', async () => {
    const t = await testApp({ origins: [SHOP] });
    const blog = await createSite(t.writes, { name: 'Blog' });
    // The blog allows any origin; its pages are known from its events.
    expect((await track(t.app, blog.siteKey, {}, pageview({ url: 'https://blog.example/post/1' }))).status).toBe(202);
    expect(await refused(t, SHOP, UNKNOWN)).toBe(404);
    expect(await refused(t, SHOP, UNKNOWN, '/v1/config')).toBe(404);
    expect(await refused(t, 'https://blog.example', 'pk_blogtypo000000')).toBe(404);
    expect(await refused(t, 'https://stranger.example', 'pk_strangers000000')).toBe(404);

    const shop = await installation(t);
    expect(shop.unknownKeys.map(({ key, origin, count }) => ({ key, origin, count }))).toEqual([
      { key: UNKNOWN, origin: SHOP, count: 2 },
    ]);
    expect(shop.refusedOrigins).toEqual([]);
    const blogView = await installation(t, blog.adminToken);
    expect(blogView.unknownKeys.map((k) => [k.key, k.origin])).toEqual([['pk_blogtypo000000', 'https://blog.example']]);
    expect(await count(t)).toBe(3);
  });

  it('records only well-formed browser origins: none without an Origin, `null` as null', async () => {
    const t = await testApp({ origins: [SHOP] });
    const malformed = [
      `https://${'a'.repeat(200)}.example`,
      'https://shop.example/path',
      'javascript:alert(1)',
      'HTTPS://SHOP.EXAMPLE',
      'https://a b.example',
      "https://x.example'--",
    ];
    for (const origin of [null, ...malformed]) {
      expect(await refused(t, origin, UNKNOWN)).toBe(404);
      expect(await refused(t, origin)).toBe(origin === null ? 202 : 403);
    }
    expect(await count(t)).toBe(0);
    expect(await refused(t, 'null')).toBe(403);
    expect(await refused(t, 'http://[::1]:8080')).toBe(403);
    // Latest first (the two may share a millisecond: then by origin).
    expect((await installation(t)).refusedOrigins.map((r) => r.origin).sort()).toEqual(['http://[::1]:8080', 'null']);
  });

  it('stays bounded under a flood of made-up origins and keys', async () => {
    const t = await testApp({ origins: [SHOP] });
    const flood = (n: number, key: string, host: string) =>
      Promise.all(Array.from({ length: n }, (_, i) => track(t.app, key, { origin: `https://${host}${i}.example` })));
    const answers = await flood(ORIGINS_PER_DAY + 50, t.siteKey, 'o');
    expect(new Set(answers.map((r) => r.status))).toEqual(new Set([403]));
    await t.writes.idle();
    expect(await count(t)).toBe(ORIGINS_PER_DAY);
    // Rows that exist are still counted at the bound.
    expect(await refused(t, 'https://o0.example')).toBe(403);
    const counts = (await installation(t)).refusedOrigins;
    expect(counts).toHaveLength(ORIGINS_PER_DAY);
    expect(counts.find((r) => r.origin === 'https://o0.example')!.count).toBe(2);
    expect(counts.find((r) => r.origin === `https://o${ORIGINS_PER_DAY + 10}.example`)).toBeUndefined();

    // One unknown key from many origins.
    await flood(ORIGINS_PER_DAY + 20, UNKNOWN, 'k');
    await t.writes.idle();
    expect(await count(t)).toBe(2 * ORIGINS_PER_DAY);
    // Many unknown keys: at most UNKNOWN_KEYS_PER_DAY (key, origin) rows a day over all keys.
    const now = Date.now();
    const made = (i: number) => refusalStatement({ reason: 'site_key', key: `pk_made_up_${i}_000`, origin: SHOP }, now);
    await t.writes.run(Array.from({ length: UNKNOWN_KEYS_PER_DAY + 100 }, (_, i) => made(i)));
    expect(await count(t, "reason = 'site_key'")).toBe(UNKNOWN_KEYS_PER_DAY);
    expect((await installation(t)).unknownKeys).toHaveLength(100);
  });

  it('keeps 7 UTC days: the retention job prunes older rows and the page counts only those days', async () => {
    const t = await testApp();
    const site = (await findSite(t.db, t.siteKey))!;
    const now = Date.now();
    const at = (days: number, origin: string) =>
      refusalStatement({ reason: 'origin', siteId: site.id, origin }, now - days * DAY);
    await t.writes.run([
      at(0, WWW),
      at(6, WWW),
      at(6, 'https://six.example'),
      at(7, 'https://seven.example'),
      at(30, 'https://old.example'),
    ]);
    await t.writes.run([refusalStatement({ reason: 'site_key', key: UNKNOWN, origin: SHOP }, now - 8 * DAY)]);
    const counted = (await installation(t)).refusedOrigins.map((r) => [r.origin, r.count]);
    expect(counted).toEqual([
      [WWW, 2],
      ['https://six.example', 1],
    ]);
    await applyRetention(t, now);
    const kept = await t.db.execute('SELECT origin FROM refused_requests ORDER BY origin');
    expect(kept.rows.map((r) => r.origin)).toEqual(['https://six.example', WWW, WWW]);
  });

  it('never fails or holds up the refused request when recording fails', async () => {
    const db = createClient({ url: ':memory:' });
    await migrate(db);
    const { siteKey } = await createSite(createBatchingWriteQueue(db), { name: 'Shop', origins: [SHOP] });
    const logged: string[] = [];
    const failing: WriteQueue = { run: () => Promise.reject(new Error('disk full')) };
    const hanging: WriteQueue = { run: () => new Promise(() => {}) };
    for (const writes of [failing, hanging]) {
      const app = createApp({ db, writes, log: (m) => logged.push(m) });
      expect((await track(app, siteKey, { origin: WWW })).status).toBe(403);
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
    for (const role of ['viewer', 'integration'] as const) {
      expect((await t.app.request('/v1/admin/installation', as(await t.tokenFor(role)))).status).toBe(403);
    }
    expect((await t.app.request('/v1/admin/installation')).status).toBe(401);
    const rep = await installation(t, await t.tokenFor('rep'));
    expect(rep.refusedOrigins.map((r) => r.origin)).toEqual([WWW]);
    const other = await createSite(t.writes, { name: 'Other', origins: [SHOP] });
    const theirs = await installation(t, other.adminToken);
    expect(theirs.refusedOrigins).toEqual([]);
    expect(theirs.siteKey).toBe(other.siteKey);
    expect(theirs.snippet).not.toContain(t.siteKey);
  });

  it('gives the tag for PUBLIC_URL, else for the request’s address (the proxy’s when trusted)', async () => {
    const t = await testApp();
    const tag = (api: string) => `<script defer src="${api}/embed.js" data-site="${t.siteKey}"></script>`;
    const plain = await installation(t);
    expect(plain.apiUrl).toBe('http://localhost');
    expect(plain.snippet).toBe(tag('http://localhost'));
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'leadline.example' };
    expect((await installation(t, t.adminToken, '', { headers: forwarded })).apiUrl).toBe('http://localhost');

    const trusted = createApp({ db: t.db, writes: t.writes, trustProxy: { mode: 'forwarded' } });
    const viaProxy = await installation(t, t.adminToken, '', { app: trusted, headers: forwarded });
    expect(viaProxy.snippet).toBe(tag('https://leadline.example'));
    const junk = { 'x-forwarded-proto': 'javascript', 'x-forwarded-host': 'evil.example"><script>' };
    expect((await installation(t, t.adminToken, '', { app: trusted, headers: junk })).apiUrl).toBe('http://localhost');

    const publicUrl = 'https://cdn.leadline.example/';
    const configured = createApp({ db: t.db, writes: t.writes, trustProxy: { mode: 'forwarded' }, publicUrl });
    const fromConfig = await installation(t, t.adminToken, '', { app: configured, headers: forwarded });
    expect(fromConfig.snippet).toBe(tag('https://cdn.leadline.example'));
    // Served under a path of the owner's own site: the tag names the API too.
    const firstParty = createApp({ db: t.db, writes: t.writes, publicUrl: 'https://shop.example/ll' });
    const api = 'https://shop.example/ll';
    expect((await installation(t, t.adminToken, '', { app: firstParty })).snippet).toBe(
      `<script defer src="${api}/embed.js" data-site="${t.siteKey}" data-api="${api}"></script>`,
    );
  });

  it('shows the last event and, with since, how many arrived from then on', async () => {
    const t = await testApp();
    const empty = await installation(t, t.adminToken, `?since=${Date.now() - 60_000}`);
    expect(empty.lastEvent).toBeNull();
    expect(empty.eventsSince).toBe(0);
    const ts = Date.now() - 1000;
    const events = [pageview({ ts: ts - 5000, url: `${SHOP}/` }), pageview({ ts, url: `${SHOP}/pricing` })];
    expect((await t.app.request('/v1/events', post({ site: t.siteKey, events }))).status).toBe(202);
    const after = await installation(t, t.adminToken, `?since=${ts - 2000}`);
    expect(after.lastEvent).toEqual({ at: ts, url: `${SHOP}/pricing` });
    expect(after.eventsSince).toBe(1);
    expect((await installation(t)).eventsSince).toBeUndefined();
    expect((await t.app.request('/v1/admin/installation?since=-1', as(t.adminToken))).status).toBe(400);
  });

  it('reads events through the events_site_ts index, never a scan', async () => {
    const t = await testApp();
    for (const [sql, args] of [
      [RECENT_EVENTS, [1]],
      [EVENTS_SINCE, [1, 0]],
    ] as const) {
      const { rows } = await t.db.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: [...args] });
      const plan = rows.map((r) => String(r.detail)).join(' | ');
      expect(plan).toMatch(/SEARCH events USING (COVERING )?INDEX events_site_ts \(site_id=\?/);
      expect(plan).not.toMatch(/SCAN events|TEMP B-TREE/);
    }
  });
});
