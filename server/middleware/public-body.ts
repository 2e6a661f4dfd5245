import type { MiddlewareHandler } from 'hono';
import { resolver, uniqueSymbol } from 'hono-openapi';
import type { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';

/** Reads at most `limit` bytes of the body, whatever Content-Length claims; more is a 413. */
export async function readBounded(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

export const tooLarge = (limit: number) =>
  new ApiError(413, 'payload_too_large', `the body must be at most ${limit} bytes`);
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Body bytes as JSON: 400 for bytes that are not UTF-8, or text that is not JSON. */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch (error) {
    throw new ApiError(400, 'validation_failed', 'the body is not readable UTF-8 text', { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'validation_failed', 'the body is not valid JSON');
  }
}

/**
 * The one reader of public POST bodies. Bodies arrive as `text/plain`
 * (sendBeacon, no preflight) or `application/json`; both are read with a hard
 * byte limit, parsed as JSON and checked with `schema.safeParse`. The result is
 * available as `c.req.valid('json')`. Failures are ApiErrors: 413, 415 or 400.
 *
 * @example
 * app.post('/v1/events', publicBody(eventsBody, 256 * 1024), (c) => c.json(c.req.valid('json')))
 */
export const publicBody = <S extends z.ZodType>(
  schema: S,
  limit: number,
): MiddlewareHandler<AppEnv, string, { in: { json: z.input<S> }; out: { json: z.output<S> } }> => {
  const middleware: MiddlewareHandler<AppEnv, string, { in: { json: z.input<S> }; out: { json: z.output<S> } }> =
    async function publicBody(c, next) {
      const type = (c.req.header('content-type') ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
      if (type !== 'text/plain' && type !== 'application/json') {
        throw new ApiError(415, 'unsupported_media_type', 'send the body as application/json or text/plain');
      }
      const declared = c.req.header('content-length');
      if (declared !== undefined && Number(declared) > limit) throw tooLarge(limit);

      let bytes: Uint8Array;
      try {
        // With a Content-Length (beacons and fetch always send one) the HTTP layer reads exactly
        // that many bytes, through the runtime's fast path; otherwise (chunked) count as we read.
        bytes =
          declared !== undefined && !c.req.header('transfer-encoding')
            ? new Uint8Array(await c.req.arrayBuffer())
            : await readBounded(c.req.raw.body, limit);
      } catch (error) {
        if (error instanceof ApiError) throw error;
        throw new ApiError(400, 'validation_failed', 'the body could not be read', { cause: error });
      }
      if (bytes.byteLength > limit) throw tooLarge(limit);
      const json = parseJsonBytes(bytes);
      const result = schema.safeParse(json);
      if (!result.success)
        throw new ApiError(400, 'validation_failed', 'the body is not valid', { cause: result.error });
      c.req.addValidatedData('json', result.data as object);
      await next();
    };
  // Lets hono-openapi document the body from the same schema.
  return Object.assign(middleware, { [uniqueSymbol]: { target: 'json', ...resolver(schema) } });
};
