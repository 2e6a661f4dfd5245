import type { ErrorBody } from '../../server/schemas/errors.ts';
import type { User } from '../../server/schemas/sales.ts';
import { apiUrl, ApiRequestError } from '../internal/api.ts';

/**
 * The admin's API client: JSON with `Authorization: Bearer` (never cookies,
 * never the token in a URL). A 401 calls `onUnauthorized` (session ended).
 */
export class AdminClient {
  constructor(
    readonly api: string,
    readonly token: string,
    private readonly onUnauthorized: () => void,
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(apiUrl(this.api, path), {
        method,
        credentials: 'omit',
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? null : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiRequestError(0, 'network', String(error));
    }
    if (res.status === 204) return undefined as T;
    const data = (await res.json().catch(() => null)) as (T & Partial<ErrorBody>) | null;
    if (res.status === 401) this.onUnauthorized();
    if (!res.ok)
      throw new ApiRequestError(
        res.status,
        data?.error?.code ?? 'internal',
        data?.error?.message ?? res.statusText,
        data?.error?.issues,
      );
    return data as T;
  }

  /** A file download of an API answer (CSV, JSON export), named `filename`. */
  async download(path: string, filename: string): Promise<void> {
    const res = await fetch(apiUrl(this.api, path), {
      headers: { authorization: `Bearer ${this.token}` },
      credentials: 'omit',
    });
    if (!res.ok) throw new ApiRequestError(res.status, 'internal', res.statusText);
    const url = URL.createObjectURL(await res.blob());
    const a = Object.assign(document.createElement('a'), { href: url, download: filename });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  get = <T>(path: string) => this.request<T>('GET', path);
  post = <T>(path: string, body: unknown) => this.request<T>('POST', path, body);
  patch = <T>(path: string, body: unknown) => this.request<T>('PATCH', path, body);
  put = <T>(path: string, body: unknown) => this.request<T>('PUT', path, body);
  del = (path: string) => this.request<void>('DELETE', path);
  /** The site's team, for owner pickers and filters: empty when it cannot be read (the view works without it). */
  team = () =>
    this.get<{ users: User[] }>('/v1/admin/users').then(
      (r) => r.users,
      (): User[] => [],
    );
}
