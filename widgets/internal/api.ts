import type { ErrorBody, ErrorCode } from '../../server/schemas/errors.ts';

/** An answer of the API that was not 2xx, or no answer at all (`status` 0, code `network`). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network',
    message: string,
    readonly issues: ErrorBody['error']['issues'] = [],
  ) {
    super(message);
  }
}

/**
 * An API path under the API base, which may itself carry a path: a site that
 * serves Leadline first-party (`data-api="https://shop.example/ll"`) keeps the
 * `/ll` prefix — `new URL('/v1/…', api)` would drop it.
 */
export const apiUrl = (api: string, path: string) => api.replace(/\/+$/, '') + path;

/**
 * Calls the Leadline API. Bodies go as `text/plain` JSON, so public calls need
 * no CORS preflight; the server parses them as JSON either way.
 *
 * @example
 * const config = await apiRequest<PublicConfig>(api, `/v1/config?site=${site}`);
 */
export async function apiRequest<T>(
  api: string,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(apiUrl(api, path), {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { ...(init.body === undefined ? {} : { 'content-type': 'text/plain' }), ...init.headers },
      body: init.body === undefined ? null : JSON.stringify(init.body),
      signal: init.signal ?? null,
      credentials: 'omit',
    });
  } catch (error) {
    throw new ApiRequestError(0, 'network', String(error));
  }
  const data = (await res.json().catch(() => null)) as (T & Partial<ErrorBody>) | null;
  if (!res.ok) {
    const e = data?.error;
    throw new ApiRequestError(res.status, e?.code ?? 'internal', e?.message ?? res.statusText, e?.issues);
  }
  return data as T;
}
