import { html, nothing, type ReactiveController } from 'lit';
import type { AdminLiveEvent } from '../../server/schemas/live.ts';
import type { AdminTicketPage } from '../../server/schemas/tickets.ts';
import { openEventStream } from '../internal/sse.ts';
import type { AdminClient } from './admin-client.ts';
import type { AdminElement } from './admin-element.ts';

/** An admin stream event, or `sync`: the stream could not replay what was missed, reload. */
export type LiveUpdate = AdminLiveEvent | { type: 'sync' };

const listeners = new WeakMap<AdminClient, Set<(e: LiveUpdate) => void>>();

/**
 * Calls `listener` with each live event of the signed-in site (the stream
 * `<leadline-admin>` holds for `client`). Returns the unsubscribe function.
 *
 * @example
 * this.off = onLive(this.client, (e) => e.type === 'lead.created' && this.refresh());
 */
export function onLive(client: AdminClient, listener: (e: LiveUpdate) => void): () => void {
  let set = listeners.get(client);
  if (!set) listeners.set(client, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

/**
 * The admin's one live connection (`GET /v1/admin/stream`, bearer in a header):
 * hands events to the views that listen (onLive) and keeps the header badge —
 * tickets waiting for a reply — current. Follows the host's client (sign-in/out).
 */
export class AdminLive implements ReactiveController {
  private client: AdminClient | undefined;
  private close: (() => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private awaiting = 0;

  constructor(private readonly host: AdminElement) {
    host.addController(this);
  }

  hostUpdated(): void {
    const client = this.host.me ? this.host.client : undefined;
    if (client !== this.client) this.follow(client);
  }

  hostDisconnected(): void {
    this.follow(undefined);
  }

  /** The header badge: how many tickets wait for a reply, linking to the inbox. */
  render() {
    if (!this.client || !this.awaiting) return nothing;
    const label = this.host.a('live.awaiting', { n: this.awaiting });
    return html`<a href="#/tickets" class="badge" title=${label} aria-label=${label}>${this.awaiting}</a>`;
  }

  private follow(client: AdminClient | undefined): void {
    this.close?.();
    clearTimeout(this.timer);
    this.client = client;
    this.awaiting = 0;
    this.close = undefined;
    if (!client) return;
    this.close = openEventStream(client.api, '/v1/admin/stream', {
      headers: { authorization: `Bearer ${client.token}` },
      onState: (connected) => connected && this.countSoon(0),
      onEvent: (m) => {
        const e = (m.event === 'sync' ? { type: 'sync' } : { type: m.event, data: JSON.parse(m.data) }) as LiveUpdate;
        for (const listener of listeners.get(client) ?? []) listener(e);
        if (e.type === 'sync' || e.type.startsWith('ticket.')) this.countSoon();
      },
    });
  }

  /** Re-reads the count, once for a burst of events. */
  private countSoon(ms = 300): void {
    clearTimeout(this.timer);
    const client = this.client;
    this.timer = setTimeout(async () => {
      const page = await client?.get<AdminTicketPage>('/v1/admin/tickets?limit=1').catch(() => null);
      if (page && client === this.client) ((this.awaiting = page.counts.awaitingReply), this.host.requestUpdate());
    }, ms);
  }
}
