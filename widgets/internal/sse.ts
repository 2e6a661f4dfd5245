import { apiUrl } from './api.ts';

/** One server-sent event as it arrived: `event` defaults to "message", `data` is the joined data lines. */
export interface SseMessage {
  id: string;
  event: string;
  data: string;
}

export interface EventStreamOptions {
  /** Request headers (the bearer, the ticket token): never put credentials in the URL. */
  headers: Record<string, string>;
  onEvent: (message: SseMessage) => void;
  /** Connected (again); `false` while reconnecting after a drop. */
  onState?: (connected: boolean) => void;
  /** The server refused the stream for good (401, 403, 404): stop and fall back. */
  onGiveUp?: (status: number) => void;
}

/** Silence this long (the server's heartbeat is 25 s) means a dead connection: reconnect. */
const SILENCE_MS = 60_000;
const MAX_DELAY_MS = 30_000;

/**
 * Splits a text/event-stream into events (the WHATWG parsing rules: CR, LF or
 * CRLF line ends, `:` comments, one optional space after the colon, `id`
 * kept across events). Feed it chunks; it calls `emit` per complete event.
 */
export function sseParser(emit: (m: SseMessage) => void, onRetry: (ms: number) => void = () => {}) {
  let buffer = '';
  let lastId = '';
  let event = '';
  let data: string[] = [];
  return {
    get lastId() {
      return lastId;
    },
    push(text: string): void {
      buffer += text;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop()!;
      // A CR at the very end may be half of a CRLF: wait for the next chunk before ending that line.
      if (buffer === '' && lines.length && text.endsWith('\r')) buffer = `${lines.pop()!}\r`;
      for (const line of lines) {
        if (line === '') {
          if (data.length) emit({ id: lastId, event: event || 'message', data: data.join('\n') });
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
        else if (field === 'id' && !value.includes('\0')) lastId = value;
        else if (field === 'retry' && /^\d+$/.test(value)) onRetry(Number(value));
      }
    },
  };
}

/**
 * An EventSource over fetch, so credentials travel in headers: reconnects
 * with `Last-Event-ID` after a drop (backing off to 30 s), treats 60 s of
 * silence as a drop, and gives up on 401/403/404. Returns `close()`.
 *
 * @example
 * const close = openEventStream(api, '/v1/admin/stream', { headers: { authorization: `Bearer ${token}` }, onEvent: (m) => … });
 */
export function openEventStream(api: string, path: string, opts: EventStreamOptions): () => void {
  let closed = false;
  let controller: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let delay = 3000;
  let failures = 0;
  let lastId = '';

  const connect = async () => {
    controller = new AbortController();
    const abort = controller;
    let silence: ReturnType<typeof setTimeout> | undefined;
    const alive = () => {
      clearTimeout(silence);
      silence = setTimeout(() => abort.abort(), SILENCE_MS);
    };
    try {
      alive();
      const res = await fetch(apiUrl(api, path), {
        headers: { accept: 'text/event-stream', ...opts.headers, ...(lastId && { 'last-event-id': lastId }) },
        credentials: 'omit',
        cache: 'no-store',
        signal: abort.signal,
      });
      if (res.status === 401 || res.status === 403 || res.status === 404) {
        closed = true;
        opts.onGiveUp?.(res.status);
        return;
      }
      if (!res.ok || !res.body || !res.headers.get('content-type')?.startsWith('text/event-stream'))
        throw new Error(`stream answered ${res.status}`);
      failures = 0;
      opts.onState?.(true);
      const parser = sseParser(
        (m) => {
          lastId = m.id;
          opts.onEvent(m);
        },
        (ms) => (delay = ms),
      );
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        alive();
        parser.push(value);
      }
    } catch {
      // A drop, a refusal with 5xx, or silence: reconnect below.
    } finally {
      clearTimeout(silence);
    }
    if (closed) return;
    opts.onState?.(false);
    failures++;
    timer = setTimeout(
      () => void connect(),
      Math.min(MAX_DELAY_MS, delay * 2 ** Math.min(failures - 1, 4)) * (0.8 + Math.random() * 0.4),
    );
  };
  void connect();
  return () => {
    closed = true;
    clearTimeout(timer);
    controller?.abort();
  };
}
