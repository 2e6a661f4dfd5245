import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { hashSecret } from '../auth/secrets.ts';
import { SESSION_TOUCH_EVERY, SESSION_TTL } from '../auth/sessions.ts';
import { siteFromRow } from '../db/sites.ts';
import { ApiError } from '../errors.ts';
import type { Role } from '../schemas/users.ts';

const bearer = /^Bearer\s+(sk_[A-Za-z0-9_-]{16,128})\s*$/;

/**
 * Admin requests carry `Authorization: Bearer sk_…` — never a cookie, never a
 * query string. The token (stored as SHA-256 only) names a user of one site;
 * `roles` lists who may use the route. Sets `c.var.auth`. A session token (`tokens.session`)
 * slides: a use moves its end 30 days on, written at most once an hour.
 *
 * @example
 * app.get('/v1/admin/events', adminAuth(['owner', 'rep', 'viewer']), handler)
 */
export const adminAuth = (roles: readonly Role[]): MiddlewareHandler<AppEnv> =>
  async function adminAuth(c, next) {
    const header = c.req.header('authorization');
    const match = header ? bearer.exec(header) : null;
    if (!match) {
      const inQuery = c.req.query('token') ?? c.req.query('access_token');
      throw new ApiError(
        401,
        'unauthorized',
        inQuery ? 'tokens are refused in URLs: send Authorization: Bearer sk_…' : 'send Authorization: Bearer sk_…',
        { headers: { 'WWW-Authenticate': 'Bearer' } },
      );
    }
    const { rows } = await c.var.deps.db.execute({
      sql: `SELECT t.id AS token_id, t.last_used_at, t.session, u.id AS user_id, u.role, s.id AS site_id, s.key, s.name, s.allowed_origins, s.time_zone, s.currency, s.settings
            FROM tokens t JOIN users u ON u.id = t.user_id JOIN sites s ON s.id = u.site_id
            WHERE t.hash = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)`,
      args: [await hashSecret(match[1]!), Date.now()],
    });
    const r = rows[0];
    if (!r)
      throw new ApiError(401, 'unauthorized', 'unknown, expired or revoked token', {
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
    const role = String(r.role) as Role;
    if (!roles.includes(role)) throw new ApiError(403, 'forbidden', `the ${role} role may not do this`);
    c.set('auth', {
      userId: Number(r.user_id),
      role,
      site: siteFromRow(r, 'site_id'),
      tokenId: Number(r.token_id),
      session: Boolean(r.session),
    });
    // "Last used" (and a session's new end), at most once an hour per token, off the request's path.
    const now = Date.now();
    if (Number(r.last_used_at ?? 0) < now - SESSION_TOUCH_EVERY) {
      const touch = {
        sql: 'UPDATE tokens SET last_used_at = ?, expires_at = CASE WHEN session = 1 THEN ? ELSE expires_at END WHERE id = ?',
        args: [now, now + SESSION_TTL, Number(r.token_id)],
      };
      void c.var.deps.writes.run([touch]).catch(() => {});
    }
    await next();
  };
