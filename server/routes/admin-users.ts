import type { Client, InStatement, Row } from '@libsql/client';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { hashSecret, randomToken } from '../auth/secrets.ts';
import { auditIfChanged, auditStatement } from '../db/audit.ts';
import { ApiError } from '../errors.ts';
import { can } from '../middleware/roles.ts';
import { validate } from '../middleware/validate.ts';
import {
  apiTokenInput,
  inviteCreated,
  me,
  notificationPrefs,
  notificationPrefsInput,
  tokenInfo,
  user,
  userInput,
  userUpdate,
  type Me,
  type User,
} from '../schemas/sales.ts';
import type { Role } from '../schemas/users.ts';
import { defaultOn, inAppKinds, notificationKinds, type InAppKind, type NotificationKind } from '../email/outbox.ts';
import { routeDoc } from './route-doc.ts';

const INVITE_TTL = 7 * 86_400_000;
const idParam = z.object({ id: z.coerce.number().int().positive() });
const doc = routeDoc('admin: users');

/** A user's switches, defaults filled in: email ones at the top level, the admin bell's under `inApp`. */
async function notificationPrefsOf(db: Client, userId: number): Promise<z.infer<typeof notificationPrefs>> {
  const { rows } = await db.execute({
    sql: 'SELECT kind, enabled, in_app FROM notification_prefs WHERE user_id = ?',
    args: [userId],
  });
  const email = new Map(rows.map((r) => [String(r.kind), Boolean(r.enabled)]));
  const inApp = new Map(rows.filter((r) => r.in_app != null).map((r) => [String(r.kind), Boolean(r.in_app)]));
  return {
    ...(Object.fromEntries(notificationKinds.map((k) => [k, email.get(k) ?? defaultOn(k)])) as Record<
      NotificationKind,
      boolean
    >),
    inApp: Object.fromEntries(inAppKinds.map((k) => [k, inApp.get(k) ?? true])) as Record<InAppKind, boolean>,
  };
}
export const toUser = (r: Row): User => ({
  id: Number(r.id),
  name: String(r.name),
  email: r.email == null ? null : String(r.email),
  role: String(r.role) as Role,
  createdAt: Number(r.created_at),
});

/**
 * Who may use the admin: the signed-in user (`/me`), users and roles, invite
 * links (exchanged in admin-signin.ts), and API tokens (owners).
 */
export const adminUserRoutes = () =>
  new Hono<AppEnv>()
    .get('/v1/admin/me', doc('The user behind this token and their site', me), can.signedIn, async (c) => {
      const { rows } = await c.var.deps.db.execute({
        sql: 'SELECT * FROM users WHERE id = ?',
        args: [c.var.auth.userId],
      });
      const s = c.var.auth.site;
      return c.json<Me>({
        user: toUser(rows[0]!),
        site: { key: s.key, name: s.name, timeZone: s.timeZone, currency: s.currency },
        emailEnabled: !!c.var.deps.emailEnabled,
      });
    })
    .get(
      '/v1/admin/me/notifications',
      doc('My notification switches: by email, and in the admin (inApp)', notificationPrefs),
      can.signedIn,
      async (c) => c.json(await notificationPrefsOf(c.var.deps.db, c.var.auth.userId)),
    )
    .put(
      '/v1/admin/me/notifications',
      doc('Switch my notifications (only the switches given change)', notificationPrefs),
      can.signedIn,
      validate('json', notificationPrefsInput),
      async (c) => {
        const { inApp = {}, ...email } = c.req.valid('json');
        const userId = c.var.auth.userId;
        await c.var.deps.writes.run([
          ...Object.entries(email).map(([kind, enabled]) => ({
            sql: 'INSERT INTO notification_prefs (user_id, kind, enabled) VALUES (?, ?, ?) ON CONFLICT (user_id, kind) DO UPDATE SET enabled = excluded.enabled',
            args: [userId, kind, Number(enabled)],
          })),
          // A new row keeps the email default; only `in_app` changes on an existing one.
          ...Object.entries(inApp).map(([kind, on]) => ({
            sql: 'INSERT INTO notification_prefs (user_id, kind, enabled, in_app) VALUES (?, ?, ?, ?) ON CONFLICT (user_id, kind) DO UPDATE SET in_app = excluded.in_app',
            args: [userId, kind, Number(defaultOn(kind as NotificationKind)), Number(on)],
          })),
        ]);
        return c.json(await notificationPrefsOf(c.var.deps.db, userId));
      },
    )
    .get('/v1/admin/users', doc('List users', z.object({ users: z.array(user) })), can.read, async (c) => {
      const { rows } = await c.var.deps.db.execute({
        sql: 'SELECT * FROM users WHERE site_id = ? ORDER BY name',
        args: [c.var.auth.site.id],
      });
      return c.json({ users: rows.map(toUser) });
    })
    .post(
      '/v1/admin/users',
      doc('Invite a user: answers a one-time invite code for the admin page link', inviteCreated),
      can.manage,
      validate('json', userInput),
      async (c) => {
        const input = c.req.valid('json');
        const siteId = c.var.auth.site.id;
        const email = input.email.toLowerCase();
        const { rows: taken } = await c.var.deps.db.execute({
          sql: 'SELECT 1 FROM users WHERE site_id = ? AND email = ?',
          args: [siteId, email],
        });
        if (taken.length) throw new ApiError(409, 'conflict', 'a user with this email exists');
        const invite = `inv_${randomToken(24)}`;
        const now = Date.now();
        const [created] = await c.var.deps.writes.run([
          {
            sql: 'INSERT INTO users (site_id, name, email, role, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *',
            args: [siteId, input.name, email, input.role, now],
          },
          {
            sql: 'INSERT INTO invites (site_id, user_id, token_hash, created_by, created_at, expires_at) VALUES (?, last_insert_rowid(), ?, ?, ?, ?)',
            args: [siteId, await hashSecret(invite), c.var.auth.userId, now, now + INVITE_TTL],
          },
          auditStatement(siteId, c.var.auth.userId, 'user.invite', null, { role: input.role }, now),
        ]);
        return c.json({ user: toUser(created!.rows[0]!), invite, expiresAt: now + INVITE_TTL }, 201);
      },
    )
    .post(
      '/v1/admin/users/:id/invite',
      doc('A new invite code for an existing user', inviteCreated),
      can.manage,
      validate('param', idParam),
      async (c) => {
        const { rows } = await c.var.deps.db.execute({
          sql: 'SELECT * FROM users WHERE id = ? AND site_id = ?',
          args: [c.req.valid('param').id, c.var.auth.site.id],
        });
        if (!rows[0]) throw new ApiError(404, 'not_found', 'no such user');
        const invite = `inv_${randomToken(24)}`;
        const now = Date.now();
        await c.var.deps.writes.run([
          // A new invite replaces the earlier, unused ones: only the latest link works.
          { sql: 'DELETE FROM invites WHERE user_id = ? AND used_at IS NULL', args: [Number(rows[0].id)] },
          {
            sql: 'INSERT INTO invites (site_id, user_id, token_hash, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
            args: [
              c.var.auth.site.id,
              Number(rows[0].id),
              await hashSecret(invite),
              c.var.auth.userId,
              now,
              now + INVITE_TTL,
            ],
          },
        ]);
        return c.json({ user: toUser(rows[0]), invite, expiresAt: now + INVITE_TTL }, 201);
      },
    )
    .patch(
      '/v1/admin/users/:id',
      doc('Rename a user or change their role', user),
      can.manage,
      validate('param', idParam),
      validate('json', userUpdate),
      async (c) => {
        const { id } = c.req.valid('param');
        const input = c.req.valid('json');
        if (id === c.var.auth.userId && input.role && input.role !== 'owner')
          throw new ApiError(409, 'conflict', 'you cannot remove your own owner role');
        const [r] = await c.var.deps.writes.run([
          {
            sql: 'UPDATE users SET name = coalesce(?, name), role = coalesce(?, role) WHERE id = ? AND site_id = ? RETURNING *',
            args: [input.name ?? null, input.role ?? null, id, c.var.auth.site.id],
          },
          auditIfChanged(c.var.auth.site.id, c.var.auth.userId, 'user.update', `user:${id}`, {
            ...(input.role && { role: input.role }),
          }),
        ]);
        if (!r!.rows[0]) throw new ApiError(404, 'not_found', 'no such user');
        return c.json(toUser(r!.rows[0]));
      },
    )
    .delete(
      '/v1/admin/users/:id',
      doc('Remove a user and revoke their tokens'),
      can.manage,
      validate('param', idParam),
      async (c) => {
        const { id } = c.req.valid('param');
        if (id === c.var.auth.userId) throw new ApiError(409, 'conflict', 'you cannot remove yourself');
        const siteId = c.var.auth.site.id;
        const [, , , , r] = await c.var.deps.writes.run([
          // Their name stays on what they wrote; their id is never handed out again.
          {
            sql: 'INSERT INTO deleted_users (id, site_id, name, deleted_at) SELECT id, site_id, name, ? FROM users WHERE id = ? AND site_id = ?',
            args: [Date.now(), id, siteId],
          },
          {
            sql: 'DELETE FROM tokens WHERE user_id IN (SELECT id FROM users WHERE id = ? AND site_id = ?)',
            args: [id, siteId],
          },
          { sql: 'DELETE FROM invites WHERE user_id = ? AND site_id = ?', args: [id, siteId] },
          {
            sql: 'DELETE FROM signin_links WHERE user_id IN (SELECT id FROM users WHERE id = ? AND site_id = ?)',
            args: [id, siteId],
          },
          { sql: 'DELETE FROM users WHERE id = ? AND site_id = ?', args: [id, siteId] },
          auditIfChanged(siteId, c.var.auth.userId, 'user.remove', `user:${id}`),
        ]);
        if (!r!.rowsAffected) throw new ApiError(404, 'not_found', 'no such user');
        return c.body(null, 204);
      },
    )
    .get(
      '/v1/admin/tokens',
      doc(
        'List API tokens (never their values; sessions are listed per user)',
        z.object({ tokens: z.array(tokenInfo) }),
      ),
      can.manage,
      async (c) => {
        const { rows } = await c.var.deps.db.execute({
          sql: `SELECT t.id, t.user_id, u.name, u.role, t.label, t.created_at, t.expires_at, t.last_used_at FROM tokens t JOIN users u ON u.id = t.user_id
              WHERE u.site_id = ? AND t.session = 0 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?) ORDER BY t.id`,
          args: [c.var.auth.site.id, Date.now()],
        });
        return c.json({
          tokens: rows.map((r) => ({
            id: Number(r.id),
            userId: Number(r.user_id),
            userName: String(r.name),
            role: String(r.role) as Role,
            label: r.label == null ? null : String(r.label),
            createdAt: Number(r.created_at),
            expiresAt: r.expires_at == null ? null : Number(r.expires_at),
            lastUsedAt: r.last_used_at == null ? null : Number(r.last_used_at),
          })),
        });
      },
    )
    .post(
      '/v1/admin/tokens',
      doc('Make an API token for a user (shown once)', z.object({ token: z.string() })),
      can.manage,
      validate('json', apiTokenInput),
      async (c) => {
        const input = c.req.valid('json');
        const { rows } = await c.var.deps.db.execute({
          sql: 'SELECT 1 FROM users WHERE id = ? AND site_id = ?',
          args: [input.userId, c.var.auth.site.id],
        });
        if (!rows.length) throw new ApiError(404, 'not_found', 'no such user');
        const token = `sk_${randomToken(32)}`;
        await c.var.deps.writes.run([
          {
            sql: 'INSERT INTO tokens (user_id, hash, label, created_at) VALUES (?, ?, ?, ?)',
            args: [input.userId, await hashSecret(token), input.label ?? null, Date.now()],
          },
          auditStatement(c.var.auth.site.id, c.var.auth.userId, 'token.create', `user:${input.userId}`),
        ]);
        return c.json({ token }, 201);
      },
    )
    .delete('/v1/admin/tokens/:id', doc('Revoke a token'), can.manage, validate('param', idParam), async (c) => {
      const [r] = await c.var.deps.writes.run([
        {
          sql: 'UPDATE tokens SET revoked_at = ? WHERE id = ? AND user_id IN (SELECT id FROM users WHERE site_id = ?) AND revoked_at IS NULL',
          args: [Date.now(), c.req.valid('param').id, c.var.auth.site.id],
        },
        auditIfChanged(c.var.auth.site.id, c.var.auth.userId, 'token.revoke', `token:${c.req.valid('param').id}`),
      ]);
      if (!r!.rowsAffected) throw new ApiError(404, 'not_found', 'no such token');
      return c.body(null, 204);
    });
