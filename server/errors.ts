import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from './schemas/errors.ts';

/**
 * An error meant for the client. Thrown where it happens; `onError` renders it
 * as `{ error: { code, message, issues? } }`.
 *
 * @example
 * throw new ApiError(404, 'not_found', 'unknown site');
 */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    options: { cause?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(status, { message, cause: options.cause });
    this.headers = options.headers;
  }
  readonly headers: Record<string, string> | undefined;
}
