import { sseResponse, type SseEvent } from './stream.ts';

/** `admin`: the site's staff; `ticket:ID`: the visitor(s) of one ticket. */
export type LiveChannel = 'admin' | `ticket:${string}`;

/** An event to fan out; `userId` narrows an admin event to one user (notifications). */
export interface LiveEvent {
  type: string;
  data: unknown;
  userId?: number;
  /** Passing news (someone is typing): sent to who is connected now, never replayed. */
  ephemeral?: boolean;
}

export interface StreamRequest {
  /** The `Last-Event-ID` header of a reconnect. */
  lastEventId: string | null;
  /** The signed-in user (admin stream): events for other users are left out. */
  userId?: number;
  signal?: AbortSignal;
  /** Sent first on this stream only (e.g. `presence`), with the channel's current id. */
  hello?: { type: string; data: unknown };
}

/**
 * Live updates behind one interface (AppDeps.live): an in-process hub on Node
 * (this file), a Durable Object per site on Workers. Publishing never fails a
 * request: callers go through server/live/publish.ts.
 */
export interface LiveHub {
  publish(siteId: number, channel: LiveChannel, event: LiveEvent): void | Promise<void>;
  /** The SSE answer for one client of a channel: replay after `lastEventId`, then live events. */
  stream(siteId: number, channel: LiveChannel, request: StreamRequest): Response | Promise<Response>;
}

export interface MemoryHubOptions {
  /** Events kept per channel for replay (default 100). */
  ringSize?: number;
  /** How old a kept event may be (default 10 minutes). */
  windowMs?: number;
  /** Comment line interval (default 25 s). */
  heartbeatMs?: number;
  /** Open streams at most, all channels together (default 20,000); beyond, 503 + Retry-After. */
  maxStreams?: number;
}

interface Stored extends LiveEvent {
  id: string;
  seq: number;
  at: number;
}

interface Channel {
  ring: Stored[];
  /** Events up to this sequence number may have been dropped from the ring. */
  forgotten: number;
  listeners: Set<(e: Stored) => void>;
}

export const REPLAY_EVENTS = 100;
export const REPLAY_WINDOW_MS = 10 * 60_000;
export const HEARTBEAT_MS = 25_000;

/** The answer when a hub is full; the client retries (its reader backs off). */
export class StreamsFullError extends Error {}

/**
 * The in-process hub (Node, tests, and the logic inside each Durable Object):
 * per channel a bounded ring of recent events with increasing ids
 * (`<boot>-<seq>`, boot = when this hub started), so a reconnect with
 * Last-Event-ID gets what it missed; an id from another boot or older than the
 * ring gets `sync` (reload) first.
 *
 * @example
 * const live = createMemoryHub();
 * createApp({ db, writes, live });
 */
export function createMemoryHub(opts: MemoryHubOptions = {}): LiveHub & { readonly streams: number } {
  const ringSize = opts.ringSize ?? REPLAY_EVENTS;
  const windowMs = opts.windowMs ?? REPLAY_WINDOW_MS;
  const maxStreams = opts.maxStreams ?? 20_000;
  const boot = Date.now().toString(36);
  const channels = new Map<string, Channel>();
  let seq = 0;
  let streams = 0;
  /** Channels idle past the window are dropped; a client of one may have missed anything up to here. */
  let swept = 0;
  let lastSweep = Date.now();

  const channelOf = (key: string): Channel => {
    let ch = channels.get(key);
    if (!ch) channels.set(key, (ch = { ring: [], forgotten: swept, listeners: new Set() }));
    return ch;
  };
  const trim = (ch: Channel, now: number) => {
    while (ch.ring.length > ringSize || (ch.ring.length && ch.ring[0]!.at < now - windowMs))
      ch.forgotten = ch.ring.shift()!.seq;
  };
  const sweep = (now: number) => {
    if (now - lastSweep < windowMs) return;
    lastSweep = now;
    for (const [key, ch] of channels) {
      trim(ch, now);
      if (!ch.ring.length && !ch.listeners.size) (channels.delete(key), (swept = seq));
    }
  };
  const visible = (e: Stored, userId: number | undefined) => e.userId === undefined || e.userId === userId;
  const wire = (e: Stored): SseEvent => ({ id: e.id, type: e.type, data: e.data });

  return {
    get streams() {
      return streams;
    },
    publish(siteId, channel, event) {
      const now = Date.now();
      const ch = channelOf(`${siteId}|${channel}`);
      const stored: Stored = { ...event, seq: ++seq, id: `${boot}-${seq}`, at: now };
      if (!event.ephemeral) (ch.ring.push(stored), trim(ch, now));
      for (const listener of ch.listeners) listener(stored);
      sweep(now);
    },
    stream(siteId, channel, request) {
      if (streams >= maxStreams) throw new StreamsFullError('too many open streams');
      const ch = channelOf(`${siteId}|${channel}`);
      trim(ch, Date.now());
      const last = /^([0-9a-z]+)-(\d+)$/.exec(request.lastEventId ?? '');
      const after = last && last[1] === boot ? Number(last[2]) : null;
      const replay: SseEvent[] = request.hello ? [{ id: `${boot}-${seq}`, ...request.hello }] : [];
      if (request.lastEventId && (after === null || after < ch.forgotten))
        replay.push({ id: `${boot}-${seq}`, type: 'sync' });
      for (const e of ch.ring) if (e.seq > (after ?? Infinity) && visible(e, request.userId)) replay.push(wire(e));
      streams++;
      return sseResponse({
        replay,
        heartbeatMs: opts.heartbeatMs ?? HEARTBEAT_MS,
        signal: request.signal,
        subscribe(send) {
          const listener = (e: Stored) => visible(e, request.userId) && send(wire(e));
          ch.listeners.add(listener);
          return () => ch.listeners.delete(listener);
        },
        onClose: () => streams--,
      });
    },
  };
}
