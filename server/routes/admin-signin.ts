import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { hashSecret } from '../auth/secrets.ts';
import { endSessions, newSession } from '../auth/sessions.ts';
import { auditIfChanged, auditStatement } from '../db/audit.ts';
import { findSite, type Site } from '../db/sites.ts';
import { signinBase } from '../email/links.ts';
import { ApiError } from '../errors.ts';
import { can } from '../middleware/roles.ts';
import { validate } from '../middleware/validate.ts';
import { enforceLimit, type RateLimiter } from '../rate-limit.ts';
import type { Locale } from '../schemas/config.ts';
import {
  mySessions,
  passwordChange,
  resetSignin,
  sessionCreated,
  sessionExchange,
  sessionParam,
  signinLinkInput,
  signinMethods,
  type MySessions,
  type SigninMethods,
} from '../schemas/signin.ts';
import { clientInfo } from '../tracking/client-info.ts';
import { toUser } from './admin-users.ts';
import { routeDoc } from './route-doc.ts';

const idParam = z.object({ id: z.coerce.number().int().positive() });
const doc = routeDoc('admin: sign-in');
const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message);
const WRONG_PASSWORD = 'wrong email or password';

/** `max` attempts a minute (or per `windowMs`) on `key`, else 429 with Retry-After. */
const limit = (limiter: RateLimiter, key: string, max: number, windowMs = 60_000) =>
  enforceLimit(limiter, key, max, 'too many attempts', { windowMs });

/**
 * Queues a sign-in link email to the user `email` of `site`, when there is one (owner, rep or viewer):
 * one INSERT … SELECT whether or not the address belongs to anyone, so both take the same time.
 */
function signinEmail(site: Site, email: string, base: string, locale: Locale, now: number) {
  return {
    sql: `INSERT INTO emails (site_id, template, to_email, locale, data, dedupe_key, next_attempt_at, created_at)
          SELECT u.site_id, 'signin_link', u.email, ?, json_object('name', u.name, 'signin', u.id, 'base', ?),
                 'signin:' || u.id || ':' || ?, ?, ? FROM users u
          WHERE u.site_id = ? AND u.email = ? AND u.role IN ('owner', 'rep', 'viewer')
          ON CONFLICT (site_id, dedupe_key) DO NOTHING`,
    args: [locale, base, now, now, now, site.id, email],
  };
}

/** The admin page a request came from, for sign-in links (see signinBase). */
const linkBase = (c: Context<AppEnv>, site: Site, page: string | undefined) =>
  signinBase(site, c.req.header('origin'), page);

/**
 * Signing in without the owner: an emailed one-use link or a password becomes a 30-day sliding
 * session (as an invite does); each user lists and ends their sessions and sets a password;
 * owners end a user's sessions or reset their sign-in.
 */
export const adminSigninRoutes = (limiter: RateLimiter) =>
  new Hono<AppEnv>()
    .get(
      '/v1/admin/signin/methods',
      doc('How people sign in here: emailed links (with email set up), passwords', signinMethods, { public: true }),
      (c) => c.json<SigninMethods>({ link: !!c.var.deps.emailEnabled, password: true }),
    )
    .post(
      '/v1/admin/signin/link',
      doc('Email a one-use sign-in link (15 minutes) to a user of the site; always 202', undefined, {
        public: true,
        status: 202,
      }),
      validate('json', signinLinkInput),
      async (c) => {
        const input = c.req.valid('json');
        await limit(limiter, `signin-link|${clientInfo(c).ip ?? 'unknown'}`, 10);
        await limit(limiter, `signin-link|${input.site}|${input.email}`, 3, 15 * 60_000);
        if (!c.var.deps.emailEnabled)
          throw new ApiError(404, 'not_found', 'sign-in links need email delivery, which is not set up here');
        const site = await findSite(c.var.deps.db, input.site);
        const base = site && linkBase(c, site, input.page);
        if (site && !base)
          throw new ApiError(
            403,
            'origin_not_allowed',
            'no sign-in link can lead here: set the admin page URL in Settings, or allow this origin',
          );
        const now = Date.now();
        if (site && base)
          await c.var.deps.writes.run([signinEmail(site, input.email, base, input.locale ?? 'en', now)]);
        return c.json({ ok: true }, 202);
      },
    )
    .post(
      '/v1/admin/session',
      doc('Sign in: an invite, an emailed link or a password → a 30-day sliding session', sessionCreated, {
        public: true,
        status: 201,
      }),
      validate('json', sessionExchange),
      async (c) => {
        const { deps } = c.var;
        const input = c.req.valid('json');
        await limit(limiter, `session|${clientInfo(c).ip ?? 'unknown'}`, 20);
        const now = Date.now();
        const userAgent = c.req.header('user-agent');
        if ('password' in input) {
          await limit(limiter, `password|${input.site}|${input.email}`, 10, 15 * 60_000);
          const { rows } = await deps.db.execute({
            sql: `SELECT u.* FROM users u JOIN sites s ON s.id = u.site_id
                WHERE s.key = ? AND u.email = ? AND u.role IN ('owner', 'rep', 'viewer')`,
            args: [input.site, input.email],
          });
          const r = rows[0];
          // An unknown address and a wrong password cost the same scrypt and get the same answer.
          const ok = await verifyPassword(input.password, r?.password_hash == null ? null : String(r.password_hash));
          if (!r || !ok) throw unauthorized(WRONG_PASSWORD);
          const session = await newSession(Number(r.id), userAgent, now);
          await deps.writes.run([session.statement]);
          return c.json({ token: session.token, expiresAt: session.expiresAt, user: toUser(r) }, 201);
        }
        // Invites and emailed links: a code used once, before it expires.
        const [table, code, gone] =
          'invite' in input
            ? (['invites', input.invite, 'this invite link is unknown, used or expired'] as const)
            : (['signin_links', input.link, 'this sign-in link is unknown, used or expired'] as const);
        const { rows } = await deps.db.execute({
          sql: `SELECT c.id AS code_id, u.* FROM ${table} c JOIN users u ON u.id = c.user_id
              WHERE c.token_hash = ? AND c.used_at IS NULL AND c.expires_at > ?`,
          args: [await hashSecret(code), now],
        });
        const r = rows[0];
        if (!r) throw unauthorized(gone);
        const session = await newSession(Number(r.id), userAgent, now, 'changes() > 0');
        const [used] = await deps.writes.run([
          { sql: `UPDATE ${table} SET used_at = ? WHERE id = ? AND used_at IS NULL`, args: [now, Number(r.code_id)] },
          session.statement,
        ]);
        if (!used!.rowsAffected) throw unauthorized(gone);
        return c.json({ token: session.token, expiresAt: session.expiresAt, user: toUser(r) }, 201);
      },
    )
    .get(
      '/v1/admin/me/sessions',
      doc('My admin sessions (device, last use) and whether I have a password', mySessions),
      can.read,
      async (c) => {
        const { userId, tokenId } = c.var.auth;
        const [{ rows }, { rows: me }] = await Promise.all([
          c.var.deps.db.execute({
            sql: `SELECT id, device, created_at, last_used_at, expires_at FROM tokens
                WHERE user_id = ? AND session = 1 AND revoked_at IS NULL AND expires_at > ? ORDER BY last_used_at DESC, id DESC`,
            args: [userId, Date.now()],
          }),
          c.var.deps.db.execute({
            sql: 'SELECT password_hash IS NOT NULL AS has FROM users WHERE id = ?',
            args: [userId],
          }),
        ]);
        return c.json<MySessions>({
          sessions: rows.map((r) => ({
            id: Number(r.id),
            device: r.device == null ? null : String(r.device),
            createdAt: Number(r.created_at),
            lastUsedAt: r.last_used_at == null ? null : Number(r.last_used_at),
            expiresAt: Number(r.expires_at),
            current: Number(r.id) === tokenId,
          })),
          hasPassword: Boolean(me[0]?.has),
        });
      },
    )
    .delete(
      '/v1/admin/me/sessions/:id',
      doc('End one of my sessions (`current`: sign out)'),
      can.read,
      validate('param', sessionParam),
      async (c) => {
        const { id } = c.req.valid('param');
        const { userId, tokenId, session } = c.var.auth;
        if (id === 'current' && !session)
          throw new ApiError(409, 'conflict', 'this is an API token, not a session: an owner revokes it');
        const [r] = await c.var.deps.writes.run([
          {
            sql: 'DELETE FROM tokens WHERE id = ? AND user_id = ? AND session = 1',
            args: [id === 'current' ? tokenId : id, userId],
          },
        ]);
        if (!r!.rowsAffected) throw new ApiError(404, 'not_found', 'no such session');
        return c.body(null, 204);
      },
    )
    .put(
      '/v1/admin/me/password',
      doc('Set or change my password; my other sessions end'),
      can.read,
      validate('json', passwordChange),
      async (c) => {
        const input = c.req.valid('json');
        const { userId, tokenId, session, site } = c.var.auth;
        const { rows } = await c.var.deps.db.execute({
          sql: 'SELECT password_hash FROM users WHERE id = ?',
          args: [userId],
        });
        const stored = rows[0]?.password_hash == null ? null : String(rows[0].password_hash);
        if (stored) {
          await limit(limiter, `password|user:${userId}`, 10, 15 * 60_000);
          if (!input.current || !(await verifyPassword(input.current, stored)))
            throw new ApiError(400, 'validation_failed', 'the current password is wrong', {
              cause: new z.ZodError([
                { code: 'custom', path: ['current'], message: 'the current password is wrong', input: undefined },
              ]),
            });
        }
        await c.var.deps.writes.run([
          {
            sql: 'UPDATE users SET password_hash = ? WHERE id = ?',
            args: [await hashPassword(input.password), userId],
          },
          endSessions(userId, session ? tokenId : null),
          auditStatement(site.id, userId, stored ? 'user.password_change' : 'user.password_set', `user:${userId}`),
        ]);
        return c.body(null, 204);
      },
    )
    .post(
      '/v1/admin/users/:id/signout-everywhere',
      doc('End every session of a user (their API tokens stay)'),
      can.manage,
      validate('param', idParam),
      async (c) => {
        const { id } = c.req.valid('param');
        const { site, userId } = c.var.auth;
        const [found] = await c.var.deps.writes.run([
          { sql: 'SELECT 1 FROM users WHERE id = ? AND site_id = ?', args: [id, site.id] },
          {
            sql: 'DELETE FROM tokens WHERE session = 1 AND user_id IN (SELECT id FROM users WHERE id = ? AND site_id = ?)',
            args: [id, site.id],
          },
          auditIfChanged(site.id, userId, 'user.signout_everywhere', `user:${id}`),
        ]);
        if (!found!.rows.length) throw new ApiError(404, 'not_found', 'no such user');
        return c.body(null, 204);
      },
    )
    .post(
      '/v1/admin/users/:id/reset-signin',
      doc(
        'Reset a user’s sign-in: clear their password, end their sessions, optionally email a sign-in link',
        z.object({ linkSent: z.boolean() }),
      ),
      can.manage,
      validate('param', idParam),
      validate('json', resetSignin),
      async (c) => {
        const { id } = c.req.valid('param');
        const input = c.req.valid('json');
        const { site, userId } = c.var.auth;
        const { rows } = await c.var.deps.db.execute({
          sql: 'SELECT email FROM users WHERE id = ? AND site_id = ?',
          args: [id, site.id],
        });
        if (!rows[0]) throw new ApiError(404, 'not_found', 'no such user');
        const now = Date.now();
        const base =
          input.sendLink && c.var.deps.emailEnabled && rows[0].email != null ? linkBase(c, site, input.page) : null;
        const [, , , sent] = await c.var.deps.writes.run([
          { sql: 'UPDATE users SET password_hash = NULL WHERE id = ?', args: [id] },
          endSessions(id),
          { sql: 'DELETE FROM signin_links WHERE user_id = ? AND used_at IS NULL', args: [id] },
          base ? signinEmail(site, String(rows[0].email), base, 'en', now) : { sql: 'SELECT 1 WHERE 0', args: [] },
          auditStatement(site.id, userId, 'user.reset_signin', `user:${id}`, { linkSent: !!base }, now),
        ]);
        return c.json({ linkSent: (sent?.rowsAffected ?? 0) > 0 });
      },
    );
