/** The reference for ingest throughput: a bare Hono app on @hono/node-server that parses the body and answers 202. */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono().post('/v1/events', async (c) => {
  const body = JSON.parse(await c.req.text()) as { events: unknown[] };
  return c.json({ accepted: body.events.length, duplicates: 0 }, 202);
});
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' }, (info) =>
  console.log(`listening ${info.port}`),
);
