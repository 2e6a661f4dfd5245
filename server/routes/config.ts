import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import type { AppEnv } from '../app-env.ts';
import type { SiteCache } from '../db/site-cache.ts';
import { listForms } from '../db/forms.ts';
import { validate } from '../middleware/validate.ts';
import { configQuery, publicConfig, type PublicConfig } from '../schemas/config.ts';
import { publicSite } from '../site-access.ts';

/** `GET /v1/config`: what the widgets need before they render. */
export const configRoutes = (sites: SiteCache) =>
  new Hono<AppEnv>().get(
    '/v1/config',
    describeRoute({
      tags: ['public'],
      summary: 'Public widget configuration of a site',
      responses: {
        200: { description: 'Configuration', content: { 'application/json': { schema: resolver(publicConfig) } } },
      },
    }),
    validate('query', configQuery),
    async (c) => {
      const q = c.req.valid('query');
      const { site } = await publicSite(c, sites, q.site);
      c.header('Cache-Control', 'public, max-age=60');
      return c.json<PublicConfig>({
        site: { name: site.name },
        chat: { enabled: true },
        turnstileSiteKey: site.settings.turnstileSecret ? site.settings.turnstileSiteKey : null,
        forms: Object.fromEntries((await listForms(c.var.deps.db, site.id)).map((f) => [f.name, f.definition])),
      });
    },
  );
