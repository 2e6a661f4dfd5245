/**
 * Live updates on Workers: isolates share no memory, so each site's events go
 * through one Durable Object (`LIVE`, named `site:<id>`), which runs the same
 * in-process hub as Node and streams SSE to the clients itself; the Worker
 * passes that answer through. A Durable Object holding open streams stays in
 * memory while anyone is connected (no hibernation with streamed answers): a
 * handful of objects per site at most, cheap next to per-request polling.
 */
import type { DurableObjectNamespaceLike } from '../rate-limit-do.ts';
import { createMemoryHub, StreamsFullError, type LiveChannel, type LiveEvent, type LiveHub } from './hub.ts';

/** The Durable Object class (wrangler.toml `[[durable_objects.bindings]]` LIVE): one per site. */
export class LiveObject {
  private readonly hub = createMemoryHub();

  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const channel = url.searchParams.get('channel') as LiveChannel;
    if (url.pathname === '/publish') {
      this.hub.publish(0, channel, (await request.json()) as LiveEvent);
      return new Response(null, { status: 204 });
    }
    const user = url.searchParams.get('user');
    const hello = url.searchParams.get('hello');
    try {
      return this.hub.stream(0, channel, {
        lastEventId: request.headers.get('last-event-id'),
        userId: user ? Number(user) : undefined,
        signal: request.signal,
        hello: hello ? (JSON.parse(hello) as { type: string; data: unknown }) : undefined,
      });
    } catch (error) {
      if (error instanceof StreamsFullError) return new Response(null, { status: 503 });
      throw error;
    }
  }
}

/**
 * The LiveHub interface over the Durable Object binding.
 *
 * @example
 * createApp({ …, live: durableHub(env.LIVE) })
 */
export function durableHub(objects: DurableObjectNamespaceLike): LiveHub {
  const site = (siteId: number) => objects.get(objects.idFromName(`site:${siteId}`) as never);
  return {
    async publish(siteId, channel, event) {
      const res = await site(siteId).fetch(`https://live/publish?channel=${encodeURIComponent(channel)}`, {
        method: 'POST',
        body: JSON.stringify(event),
      });
      if (!res.ok) throw new Error(`live publish answered ${res.status}`);
    },
    async stream(siteId, channel, request) {
      const query = new URLSearchParams({
        channel,
        ...(request.userId !== undefined && { user: String(request.userId) }),
        ...(request.hello && { hello: JSON.stringify(request.hello) }),
      });
      const res = await site(siteId).fetch(`https://live/stream?${query}`, {
        headers: request.lastEventId ? { 'last-event-id': request.lastEventId } : {},
      });
      if (res.status === 503) throw new StreamsFullError('too many open streams');
      return res;
    },
  };
}
