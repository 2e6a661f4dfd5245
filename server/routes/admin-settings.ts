import type { Row } from '@libsql/client';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { auditStatement } from '../db/audit.ts';
import type { SiteCache } from '../db/site-cache.ts';
import type { Site } from '../db/sites.ts';
import { authorNameSql } from '../db/authors.ts';
import { ApiError } from '../errors.ts';
import { can } from '../middleware/roles.ts';
import { validate } from '../middleware/validate.ts';
import {
  auditEntry,
  cannedReply,
  cannedReplyInput,
  emailLogEntry,
  settings,
  settingsUpdate,
  type Settings,
  type SiteSettings,
} from '../schemas/settings.ts';
import { routeDoc } from './route-doc.ts';

const doc = routeDoc('admin: settings');

/** A site's settings as owners see them: the secret only as `turnstileSecretSet`. */
export function settingsOf(site: Site): Settings {
  const { turnstileSecret, ...shown } = site.settings;
  const { name, allowedOrigins, timeZone, currency } = site;
  return { name, allowedOrigins, timeZone, currency, ...shown, turnstileSecretSet: !!turnstileSecret };
}
const toReply = (r: Row) => ({
  id: String(r.id),
  locale: String(r.locale) as 'en',
  title: String(r.title),
  body: String(r.body),
  updatedAt: Number(r.updated_at),
});

/** Owner settings, the audit log, and canned replies for the support inbox. */
export const adminSettingsRoutes = (sites: SiteCache) =>
  new Hono<AppEnv>()
    .get('/v1/admin/settings', doc('The site’s settings', settings), can.manage, (c) =>
      c.json(settingsOf(c.var.auth.site)),
    )
    .patch(
      '/v1/admin/settings',
      doc('Change settings (audited)', settings),
      can.manage,
      validate('json', settingsUpdate),
      async (c) => {
        const input = c.req.valid('json');
        const { site, userId } = c.var.auth;
        const {
          name = site.name,
          allowedOrigins = site.allowedOrigins,
          timeZone = site.timeZone,
          currency = site.currency,
          rateLimits,
          ...changes
        } = input;
        const stored: SiteSettings = {
          ...site.settings,
          ...changes,
          rateLimits: { ...site.settings.rateLimits, ...rateLimits },
        };
        await c.var.deps.writes.run([
          {
            sql: 'UPDATE sites SET name = ?, allowed_origins = ?, time_zone = ?, currency = ?, settings = ? WHERE id = ?',
            args: [name, JSON.stringify(allowedOrigins), timeZone, currency, JSON.stringify(stored), site.id],
          },
          auditStatement(site.id, userId, 'settings.update', null, { changed: Object.keys(input) }),
        ]);
        sites.clear();
        return c.json(settingsOf({ ...site, name, allowedOrigins, timeZone, currency, settings: stored }));
      },
    )
    .get(
      '/v1/admin/audit-log',
      doc('Who changed what, newest first', z.object({ entries: z.array(auditEntry) })),
      can.manage,
      validate(
        'query',
        z.object({
          before: z.coerce.number().int().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      ),
      async (c) => {
        const q = c.req.valid('query');
        const { rows } = await c.var.deps.db.execute({
          sql: `SELECT a.*, ${authorNameSql('a.user_id')} AS user_name FROM audit_log a WHERE a.site_id = ? ${q.before ? 'AND a.id < ?' : ''} ORDER BY a.id DESC LIMIT ?`,
          args: [c.var.auth.site.id, ...(q.before ? [q.before] : []), q.limit],
        });
        return c.json({
          entries: rows.map((r) => ({
            id: Number(r.id),
            userId: r.user_id == null ? null : Number(r.user_id),
            userName: r.user_name == null ? null : String(r.user_name),
            action: String(r.action),
            target: r.target == null ? null : String(r.target),
            detail: r.detail == null ? null : JSON.parse(String(r.detail)),
            at: Number(r.at),
          })),
        });
      },
    )
    .get(
      '/v1/admin/emails',
      doc(
        'The email log: the latest 100 messages with their delivery state',
        z.object({ emails: z.array(emailLogEntry) }),
      ),
      can.manage,
      async (c) => {
        const { rows } = await c.var.deps.db.execute({
          sql: 'SELECT id, template, to_email, status, attempts, last_error, created_at, sent_at FROM emails WHERE site_id = ? ORDER BY id DESC LIMIT 100',
          args: [c.var.auth.site.id],
        });
        return c.json({
          emails: rows.map((r) => ({
            id: Number(r.id),
            template: String(r.template),
            to: String(r.to_email),
            status: String(r.status) as 'sent',
            attempts: Number(r.attempts),
            lastError: r.last_error == null ? null : String(r.last_error),
            createdAt: Number(r.created_at),
            sentAt: r.sent_at == null ? null : Number(r.sent_at),
          })),
        });
      },
    )
    .get(
      '/v1/admin/canned-replies',
      doc('Canned replies', z.object({ replies: z.array(cannedReply) })),
      can.read,
      validate('query', z.object({ locale: z.enum(['en', 'ar', 'ur']).optional() })),
      async (c) => {
        const { locale } = c.req.valid('query');
        const { rows } = await c.var.deps.db.execute({
          sql: `SELECT * FROM canned_replies WHERE site_id = ? ${locale ? 'AND locale = ?' : ''} ORDER BY title`,
          args: [c.var.auth.site.id, ...(locale ? [locale] : [])],
        });
        return c.json({ replies: rows.map(toReply) });
      },
    )
    .post(
      '/v1/admin/canned-replies',
      doc('Add a canned reply', cannedReply),
      can.write,
      validate('json', cannedReplyInput),
      async (c) => {
        const r = c.req.valid('json');
        const now = Date.now();
        const [row] = await c.var.deps.writes.run([
          {
            sql: 'INSERT INTO canned_replies (id, site_id, locale, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *',
            args: [crypto.randomUUID(), c.var.auth.site.id, r.locale, r.title, r.body, now, now],
          },
        ]);
        return c.json(toReply(row!.rows[0]!), 201);
      },
    )
    .patch(
      '/v1/admin/canned-replies/:id',
      doc('Change a canned reply', cannedReply),
      can.write,
      validate('param', z.object({ id: z.uuid() })),
      validate('json', cannedReplyInput.partial()),
      async (c) => {
        const r = c.req.valid('json');
        const [row] = await c.var.deps.writes.run([
          {
            sql: 'UPDATE canned_replies SET locale = coalesce(?, locale), title = coalesce(?, title), body = coalesce(?, body), updated_at = ? WHERE id = ? AND site_id = ? RETURNING *',
            args: [
              r.locale ?? null,
              r.title ?? null,
              r.body ?? null,
              Date.now(),
              c.req.valid('param').id,
              c.var.auth.site.id,
            ],
          },
        ]);
        if (!row!.rows[0]) throw new ApiError(404, 'not_found', 'no such canned reply');
        return c.json(toReply(row!.rows[0]));
      },
    )
    .delete(
      '/v1/admin/canned-replies/:id',
      doc('Delete a canned reply'),
      can.write,
      validate('param', z.object({ id: z.uuid() })),
      async (c) => {
        const [r] = await c.var.deps.writes.run([
          {
            sql: 'DELETE FROM canned_replies WHERE id = ? AND site_id = ?',
            args: [c.req.valid('param').id, c.var.auth.site.id],
          },
        ]);
        if (!r!.rowsAffected) throw new ApiError(404, 'not_found', 'no such canned reply');
        return c.body(null, 204);
      },
    );
