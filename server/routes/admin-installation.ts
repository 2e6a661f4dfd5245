import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import type { AppEnv } from '../app-env.ts';
import { refusalsOf } from '../db/refusals.ts';
import { can } from '../middleware/roles.ts';
import { validate } from '../middleware/validate.ts';
import { serverUrl } from './server-url.ts';
import { installation, installationQuery, type Installation } from '../schemas/installation.ts';

/** A site's latest events, newest first: the last one, and the origins of its own pages. Seeks events_site_ts. */
export const RECENT_EVENTS = 'SELECT ts, url FROM events WHERE site_id = ? ORDER BY ts DESC LIMIT 200';
/** Events of a site from a time on, counted up to 1000 (the "test my site" check). Seeks events_site_ts. */
export const EVENTS_SINCE = 'SELECT count(*) AS n FROM (SELECT 1 FROM events WHERE site_id = ? AND ts >= ? LIMIT 1000)';

const originOf = (url: string): string | null => {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
};

/** The tag for every page; `data-api` only when the API lives under a path (first-party serving). */
const snippetFor = (apiUrl: string, siteKey: string) =>
  `<script defer src="${apiUrl}/embed.js" data-site="${siteKey}"${
    new URL(apiUrl).pathname === '/' ? '' : ` data-api="${apiUrl}"`
  }></script>`;

/** `GET /v1/admin/installation`: the tag to paste, the last event seen, and the requests the site check refused. */
export const adminInstallationRoutes = () =>
  new Hono<AppEnv>().get(
    '/v1/admin/installation',
    describeRoute({
      tags: ['admin: settings'],
      summary: 'Installation: the tag, the last event, and refused requests of the last 7 days',
      description: 'With `since` (UTC ms), `eventsSince` counts the events from then on: poll it to test a page.',
      security: [{ bearer: [] }],
      responses: { 200: { description: 'OK', content: { 'application/json': { schema: resolver(installation) } } } },
    }),
    can.write,
    validate('query', installationQuery),
    async (c) => {
      const { since } = c.req.valid('query');
      const { site } = c.var.auth;
      const { db } = c.var.deps;
      const [recent, counted] = await Promise.all([
        db.execute({ sql: RECENT_EVENTS, args: [site.id] }),
        since === undefined ? null : db.execute({ sql: EVENTS_SINCE, args: [site.id, since] }),
      ]);
      const own = new Set(site.allowedOrigins);
      for (const r of recent.rows) {
        const origin = originOf(String(r.url));
        if (origin) own.add(origin);
      }
      const apiUrl = serverUrl(c);
      const last = recent.rows[0];
      return c.json<Installation>({
        snippet: snippetFor(apiUrl, site.key),
        apiUrl,
        siteKey: site.key,
        allowedOrigins: site.allowedOrigins,
        lastEvent: last ? { at: Number(last.ts), url: String(last.url) } : null,
        ...(counted && { eventsSince: Number(counted.rows[0]!.n) }),
        ...(await refusalsOf(db, site, [...own], Date.now())),
      });
    },
  );
