import { zValidator } from '@hono/zod-validator';
import { resolver, uniqueSymbol } from 'hono-openapi';
import type { MiddlewareHandler, ValidationTargets } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import { parseJsonBytes, readBounded } from './public-body.ts';

/** Admin JSON bodies (imports read their own, larger, CSV bodies). */
export const JSON_BODY_LIMIT = 1024 * 1024;

/** What hono's `json` validator reads; any other type would be validated as `{}`. */
const jsonType = /^application\/([\w.-]+\+)?json$/i;
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Keys of `input` that parsing dropped (zod strips unknown keys): walks the
 * input and the parsed output side by side, without recursion (inputs may be
 * nested thousands deep). Records keep their keys, so only object fields the
 * schema does not know are reported.
 */
export function unknownKeys(input: unknown, output: unknown): z.core.$ZodIssue[] {
  const issues: z.core.$ZodIssue[] = [];
  const stack: [unknown, unknown, PropertyKey[]][] = [[input, output, []]];
  while (stack.length && issues.length < 20) {
    const [i, o, path] = stack.pop()!;
    if (isPlainObject(i) && isPlainObject(o)) {
      const dropped = Object.keys(i).filter((k) => !Object.hasOwn(o, k));
      if (dropped.length)
        issues.push({
          code: 'unrecognized_keys',
          keys: dropped,
          path,
          input: i,
          message: `unknown field${dropped.length > 1 ? 's' : ''}: ${dropped.join(', ')}`,
        });
      for (const k of Object.keys(i)) if (Object.hasOwn(o, k)) stack.push([i[k], o[k], [...path, k]]);
    } else if (Array.isArray(i) && Array.isArray(o) && i.length === o.length) {
      for (let n = 0; n < i.length; n++) stack.push([i[n], o[n], [...path, n]]);
    }
  }
  return issues;
}

/**
 * Reads an admin JSON body once, strictly: 415 unless `application/json`, 413
 * past `limit` bytes whatever Content-Length claims, 400 for bytes that are not
 * UTF-8 or not JSON. The value is left where hono's `json` validator finds it.
 */
const readJson = (limit: number): MiddlewareHandler<AppEnv> =>
  async function readJson(c, next) {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
    if (!jsonType.test(type)) throw new ApiError(415, 'unsupported_media_type', 'send the body as application/json');
    const declared = c.req.header('content-length');
    if (declared !== undefined && Number(declared) > limit)
      throw new ApiError(413, 'payload_too_large', `the body must be at most ${limit} bytes`);
    let bytes: Uint8Array;
    try {
      bytes = await readBounded(c.req.raw.body, limit);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError(400, 'validation_failed', 'the body could not be read', { cause: error });
    }
    const json = parseJsonBytes(bytes);
    c.req.bodyCache.json = Promise.resolve(json);
    await next();
  };

/**
 * zValidator whose failures become `400 validation_failed` with issues, and
 * whose schema also documents the route in /v1/openapi.json. JSON bodies are
 * strict (admin writes): read by `readJson`, and unknown fields are refused,
 * not silently dropped. Public ingest reads its bodies with `publicBody`,
 * which is lenient about unknown fields instead.
 *
 * @example
 * app.get('/v1/admin/events', validate('query', eventsQuery), (c) => c.json(c.req.valid('query')))
 */
export const validate = <T extends keyof ValidationTargets, S extends z.ZodType>(
  target: T,
  schema: S,
  options: { limit?: number } = {},
) => {
  const validator = zValidator(
    target,
    schema,
    (result) => {
      if (!result.success) throw new ApiError(400, 'validation_failed', `invalid ${target}`, { cause: result.error });
    },
    target === 'json'
      ? {
          validationFunction: async (s: S, value: unknown) => {
            const result = await s.safeParseAsync(value);
            const unknown = result.success ? unknownKeys(value, result.data) : [];
            return (unknown.length ? { success: false, error: new z.ZodError(unknown) } : result) as never;
          },
        }
      : undefined,
  );
  const read = readJson(options.limit ?? JSON_BODY_LIMIT);
  const middleware: typeof validator =
    target === 'json'
      ? ((async (c, next) => read(c as never, () => validator(c, next) as Promise<void>)) as typeof validator)
      : validator;
  return Object.assign(middleware, { [uniqueSymbol]: { target, ...resolver(schema) } });
};
