import type { ReactiveController } from 'lit';
import type { TicketLiveEvent } from '../../server/schemas/live.ts';
import { openEventStream } from '../internal/sse.ts';
import type { LeadlineChat } from './support-chat.ts';

/**
 * Staff replies the moment they are sent: while the panel shows a thread, the
 * ticket's event stream (`/v1/tickets/:tn/stream`, fetch-based, token in a
 * header) adds each `message` and `status` to it. While the stream is down the
 * ThreadPoller polls as before; a refused stream (404, or a server without live
 * updates) leaves the polling to it for good.
 */
export class ThreadStream implements ReactiveController {
  /** True while a stream delivers: the poller stands aside. */
  connected = false;
  private watching = '';
  private close: (() => void) | undefined;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: LeadlineChat) {
    host.addController(this);
  }

  hostUpdated(): void {
    const c = this.host;
    const tn = c.open && c.view.name === 'thread' ? c.view.trackingNumber : '';
    if (tn !== this.watching) this.watch(tn);
  }

  hostDisconnected(): void {
    this.watch('');
  }

  private watch(tn: string): void {
    this.close?.();
    this.close = undefined;
    this.watching = tn;
    this.setConnected(false);
    const c = this.host;
    this.typing(null);
    if (!tn || !c.tokenOf(tn)) return;
    this.close = openEventStream(c.apiBase, `/v1/tickets/${tn}/stream?site=${encodeURIComponent(c.siteKey)}`, {
      headers: { 'x-ticket-token': c.tokenOf(tn) },
      onState: (connected) => {
        this.setConnected(connected);
        // What happened before this connection (or during a drop too long to replay) comes with one read.
        if (connected) void c.loadThread(tn);
      },
      onEvent: (m) => {
        if (this.watching !== tn) return;
        if (m.event === 'sync') return void c.loadThread(tn);
        const e = { type: m.event, data: JSON.parse(m.data) } as TicketLiveEvent;
        if (e.type === 'typing') return this.typing(e.data.staffName ?? '');
        if (e.type === 'presence') return void (c.replyMinutes = e.data.typicalReplyMinutes);
        const thread = c.thread;
        // Not shown yet (its first read is under way): read it again, so this change is in it.
        if (!thread || thread.trackingNumber !== tn) return void c.loadThread(tn);
        if (e.type === 'message' && !thread.messages.some((x) => x.id === e.data.id)) {
          c.showThread(tn, { ...thread, messages: [...thread.messages, e.data], updatedAt: e.data.createdAt });
          if (e.data.author === 'staff') this.typing(null);
        } else if (e.type === 'status') c.showThread(tn, { ...thread, status: e.data.status });
      },
      onGiveUp: () => this.setConnected(false),
    });
  }

  /** "Sara is replying…" lasts until her message arrives, or 8 s after her last keystroke signal. */
  private typing(name: string | null): void {
    clearTimeout(this.typingTimer);
    this.host.staffTyping = name;
    if (name !== null) this.typingTimer = setTimeout(() => (this.host.staffTyping = null), 8000);
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    this.host.poller.schedule(true);
  }
}
