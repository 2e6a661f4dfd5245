import type { ReactiveController } from 'lit';
import type { PublicThread } from '../../server/schemas/tickets.ts';
import { apiRequest } from '../internal/api.ts';
import type { LeadlineChat } from './support-chat.ts';

/**
 * Near-real-time replies without long-held connections: while a thread is
 * open, it is fetched every 3 s, slowing to 30 s while nothing changes; while
 * the panel is closed, each stored ticket once a minute, for the unread badge.
 */
export class ThreadPoller implements ReactiveController {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private delay = 3000;

  constructor(private readonly host: LeadlineChat) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  /** (Re)plans the next poll; `reset` goes back to the fast pace (something just happened). */
  schedule(reset = false): void {
    const c = this.host;
    clearTimeout(this.timer);
    if (reset) this.delay = 3000;
    const watching = c.open && c.view.name === 'thread';
    if (!watching && !c.tickets.length) return;
    // The thread's event stream delivers replies while it is up (thread-stream.ts).
    if (watching && c.stream.connected) return;
    this.timer = setTimeout(
      async () => {
        if (c.open && c.view.name === 'thread') {
          const changed = await c.loadThread(c.view.trackingNumber);
          this.delay = changed ? 3000 : Math.min(30_000, this.delay * 1.5);
        } else if (!c.open) {
          let unread = 0;
          for (const t of c.tickets.slice(0, 5)) {
            const thread = await apiRequest<PublicThread>(
              c.apiBase,
              `/v1/tickets/${t.trackingNumber}?site=${encodeURIComponent(c.siteKey)}`,
              { headers: { 'x-ticket-token': t.token } },
            ).catch(() => null);
            unread += thread?.messages.filter((m) => m.author === 'staff' && m.createdAt > t.seen).length ?? 0;
          }
          c.unread = unread;
        }
        this.schedule();
      },
      watching ? this.delay : 60_000,
    );
  }
}
