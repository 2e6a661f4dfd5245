/**
 * One server-sent-events answer (runtime-neutral: a ReadableStream of UTF-8):
 * `retry:` first, then the replayed events, then live ones, each with `id:`,
 * and a comment line every `heartbeatMs` so proxies and the client's watchdog
 * see the connection alive. Ends when the client goes away (cancel or abort).
 */
export interface SseEvent {
  id: string;
  type: string;
  data?: unknown;
}

export interface SseOptions {
  /** Events the client missed, sent first (after a reconnect with Last-Event-ID). */
  replay: readonly SseEvent[];
  /** Starts live delivery; returns how to stop it. Called once, before the replay is written. */
  subscribe: (send: (event: SseEvent) => void) => () => void;
  heartbeatMs: number;
  /** The request's signal: aborts when the client disconnects (where the runtime says so). */
  signal?: AbortSignal;
  /** Called once when the stream ends, whatever ended it. */
  onClose?: () => void;
}

/** How long a client waits before reconnecting (the `retry:` field), in ms. */
export const RETRY_MS = 3000;

const encoder = new TextEncoder();

/** The wire form of one event: `id`, `event`, one `data:` line of JSON (JSON has no raw newlines). */
export function formatEvent(e: SseEvent): string {
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e.data ?? {})}\n\n`;
}

/**
 * The `text/event-stream` Response.
 *
 * @example
 * return sseResponse({ replay, subscribe: (send) => hub.listen(send), heartbeatMs: 25_000, signal: c.req.raw.signal });
 */
export function sseResponse(opts: SseOptions): Response {
  let stop: (() => void) | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const write = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          end();
        }
      };
      const heartbeat = setInterval(() => write(': heartbeat\n\n'), opts.heartbeatMs);
      (heartbeat as { unref?: () => void }).unref?.();
      const unsubscribe = opts.subscribe((e) => write(formatEvent(e)));
      const onAbort = () => {
        end();
        try {
          controller.close();
        } catch {
          // Already closed or cancelled.
        }
      };
      function end() {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        unsubscribe();
        opts.signal?.removeEventListener('abort', onAbort);
        opts.onClose?.();
      }
      stop = end;
      opts.signal?.addEventListener('abort', onAbort);
      write(`retry: ${RETRY_MS}\n\n`);
      for (const e of opts.replay) write(formatEvent(e));
      if (opts.signal?.aborted) onAbort();
    },
    cancel() {
      stop?.();
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      // nginx: do not buffer this answer (docs/deploy.md also sets proxy_buffering off for these paths).
      'X-Accel-Buffering': 'no',
    },
  });
}
