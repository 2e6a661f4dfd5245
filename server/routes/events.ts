import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import type { AppEnv } from '../app-env.ts';
import type { DailySalt } from '../privacy/daily-salt.ts';
import type { SiteCache } from '../db/site-cache.ts';
import { publicBody } from '../middleware/public-body.ts';
import { errorBody } from '../schemas/errors.ts';
import { eventsAccepted, eventsBody, MAX_EVENTS_BYTES, type EventsAccepted } from '../schemas/events.ts';
import { enforceLimit, type RateLimiter } from '../rate-limit.ts';
import { ApiError } from '../errors.ts';
import { publicSite } from '../site-access.ts';
import { clientInfo, isBotAgent } from '../tracking/client-info.ts';
import type { IngestSink } from '../tracking/ingest-sink.ts';

/** `POST /v1/events`: the tracker's batches, stored once per event id, with their sessions. */
export const eventRoutes = (sites: SiteCache, salt: DailySalt, ingest: IngestSink, limiter: RateLimiter) =>
  new Hono<AppEnv>().post(
    '/v1/events',
    describeRoute({
      tags: ['public'],
      summary: 'Ingest tracker events',
      description: `Up to 100 events and ${MAX_EVENTS_BYTES} bytes per request, as application/json or text/plain. Each event id is stored once ever; resends are counted as duplicates. Known bots and the site's excluded team browsers get the same answer and nothing is stored.`,
      responses: {
        202: {
          description: 'Stored (or already known)',
          content: { 'application/json': { schema: resolver(eventsAccepted) } },
        },
        400: { description: 'Invalid body', content: { 'application/json': { schema: resolver(errorBody) } } },
        413: { description: 'Body too large', content: { 'application/json': { schema: resolver(errorBody) } } },
      },
    }),
    publicBody(eventsBody, MAX_EVENTS_BYTES),
    async (c) => {
      const body = c.req.valid('json');
      const { site, excluded } = await publicSite(c, sites, body.site);
      // A site with allowed origins takes conversions only from its pages (an allowed Origin):
      // a request without one is not a browser, and server-to-server conversions go through the admin API.
      const unproven = site.allowedOrigins.length > 0 && !c.req.header('origin');
      const events = body.events.filter((e) => !excluded.has(e.visitor) && !(unproven && e.type === 'conversion'));
      const client = clientInfo(c);
      if (isBotAgent(client.userAgent) || events.length === 0) {
        return c.json<EventsAccepted>({ accepted: 0, duplicates: 0 }, 202);
      }
      // Only a site that set an event limit has one: by default its own traffic is never dropped.
      const perMinute = site.settings.rateLimits.events;
      if (perMinute) {
        await enforceLimit(limiter, `events|${site.id}`, perMinute, 'the site’s event limit is reached', {
          cost: events.length,
        });
      }
      // `c.get`, not `c.var`: Hono copies every variable into a new object on each `c.var` read (this is the hot path).
      const { db, writes } = c.get('deps');
      const visitorHash = await salt.visitorHash(db, writes, site.id, client.ip, client.userAgent);
      const accepted = await ingest.write({
        siteId: site.id,
        settings: site.settings,
        client: { ...client, visitorHash },
        events,
      });
      return c.json<EventsAccepted>({ accepted, duplicates: events.length - accepted }, 202);
    },
  );
