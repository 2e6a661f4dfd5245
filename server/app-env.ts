import type { Client } from '@libsql/client';
import type { Context } from 'hono';
import type { Site } from './db/sites.ts';
import type { WriteQueue } from './db/write-queue.ts';
import type { LiveHub } from './live/hub.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Role } from './schemas/users.ts';
import type { ProxyTrust } from './tracking/client-info.ts';

/** What a runtime entry (node.ts, worker.ts, tests) hands to `createApp`. */
export interface AppDeps {
  /** Reads. On Node the same embedded client the write queue uses. */
  db: Client;
  /** Every write goes through here; answered after commit. */
  writes: WriteQueue;
  /** Logs unexpected errors once; defaults to console.error. */
  log?: (message: string, error?: unknown) => void;
  /** Whether an email transport is configured; without one, notifications stay in the admin. */
  emailEnabled?: boolean;
  /** Throws (ApiError 503) while the database cannot serve this build, e.g. its schema is behind (Workers); Node migrates at start instead. */
  ready?: () => Promise<void>;
  /** Limits for public writes by people; default: in-process (Node). */
  rateLimiter?: RateLimiter;
  /** Write the events of concurrent requests together (Node); never on Workers. */
  groupIngest?: boolean;
  /** Which headers name the client and its country (TRUST_PROXY); default: none, the socket's peer. */
  trustProxy?: ProxyTrust;
  /** The peer address of a request, where the runtime knows it (Node). Used for hashing, never stored. */
  socketIp?: (c: Context) => string | null | undefined;
  /** How long a `/v1/*` request may take before it is answered 503 + Retry-After (default 15 s). */
  requestTimeoutMs?: number;
  /** Where this server is reached from the web (`PUBLIC_URL`, e.g. https://leadline.example or https://shop.example/ll): the tag the admin shows. */
  publicUrl?: string;
  /** Where Turnstile tokens are verified (default Cloudflare's siteverify; a local stand-in in tests). */
  turnstileVerifyUrl?: string;
  /**
   * Live updates (server-sent events): omitted, an in-process hub (Node, tests); null, none (streams
   * answer 503, widgets poll).
   */
  live?: LiveHub | null;
}

export interface AdminAuth {
  userId: number;
  role: Role;
  site: Site;
  /** The bearer's row in `tokens`, and whether it is an admin session (not an API token). */
  tokenId: number;
  session: boolean;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    auth: AdminAuth;
  };
}
