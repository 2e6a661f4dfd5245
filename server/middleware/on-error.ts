import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { DatabaseNotReady } from '../db/schema-check.ts';
import { ApiError } from '../errors.ts';
import type { ErrorBody, ErrorCode } from '../schemas/errors.ts';

const codeByStatus: Partial<Record<number, ErrorCode>> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

/** zod issues as `{ path, message }`, the only detail a client gets. */
export function issuesOf(error: ZodError): NonNullable<ErrorBody['error']['issues']> {
  return error.issues.slice(0, 20).map((i) => ({
    path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: i.message,
  }));
}

/** The one place errors become responses: the error shape of DESIGN.md, never a stack trace. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = err instanceof ApiError ? err.code : (codeByStatus[status] ?? 'validation_failed');
    const body: ErrorBody = { error: { code, message: err.message || code.replaceAll('_', ' ') } };
    if (err.cause instanceof ZodError) body.error.issues = issuesOf(err.cause);
    if (err instanceof ApiError && err.headers) for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
    return c.json(body, status);
  }
  // Expected while a Worker's database is behind on migrations or unreachable (the schema gate): not logged.
  if (err instanceof DatabaseNotReady) {
    c.header('Retry-After', String(err.retryAfterSeconds));
    return c.json<ErrorBody>({ error: { code: 'unavailable', message: err.message } }, 503);
  }
  // A write that lost a race on a unique key (two creates of one email, grouped in one queue): a 409.
  if (isUniqueViolation(err)) {
    return c.json<ErrorBody>({ error: { code: 'conflict', message: 'it already exists (created meanwhile)' } }, 409);
  }
  const log = c.var.deps?.log ?? console.error;
  log(`unexpected error on ${c.req.method} ${c.req.path}`, err);
  if (isDatabaseUnavailable(err)) {
    c.header('Retry-After', '5');
    return c.json<ErrorBody>(
      { error: { code: 'unavailable', message: 'the database is unavailable, retry later' } },
      503,
    );
  }
  return c.json<ErrorBody>({ error: { code: 'internal', message: 'internal error' } }, 500);
};

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; extendedCode?: unknown; message?: unknown } | null;
  const codes = [e?.code, e?.extendedCode].map(String).join(' ');
  return (
    /SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)/.test(codes) || /UNIQUE constraint failed/.test(String(e?.message ?? ''))
  );
}

function isDatabaseUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    /^(SQLITE_BUSY|SQLITE_LOCKED|SQLITE_IOERR|SQLITE_CANTOPEN|SQLITE_FULL|SERVER_ERROR|HRANA_WEBSOCKET_ERROR|HRANA_CLOSED_ERROR)/.test(
      code,
    )
  );
}
