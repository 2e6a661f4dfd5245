import type { InStatement, InValue } from '@libsql/client';
import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { auditIfChanged, auditStatement } from '../db/audit.ts';
import { savedSegmentWhere } from '../db/segments.ts';
import type { SegmentDefinition } from '../schemas/segments.ts';
import { contactDetail, contactFromRow, findContact, stageChangeStatements } from '../db/contacts.ts';
import { deleteStatements, mergeStatements } from '../contacts/references.ts';
import { ApiError } from '../errors.ts';
import { adminAuth } from '../middleware/admin-auth.ts';
import { validate } from '../middleware/validate.ts';
import { publish } from '../live/publish.ts';
import { bulkUpdate, contactCreate, contactDetail as contactDetailSchema, contactId, contactListQuery, contactPage, contactUpdate, mergeBody, type ContactPage, type Stage } from '../schemas/contacts.ts';

const readers = ['owner', 'rep', 'viewer'] as const;
const writers = ['owner', 'rep'] as const;
const idParam = z.object({ id: contactId });
/** A contacts cursor: the last row's sort key and id. */
const cursorKey = z.tuple([z.union([z.string(), z.number()]), z.string()]);
const stageOrder: Record<Stage, number> = { lost: 0, lead: 1, prospect: 2, customer: 3 };
const doc = (summary: string, schema?: z.ZodType) =>
  describeRoute({
    tags: ['admin: contacts'],
    summary,
    security: [{ bearer: [] }],
    responses: { 200: { description: 'OK', ...(schema && { content: { 'application/json': { schema: resolver(schema) } } }) } },
  });

/** A user id that may own contacts on this site (an owner or a rep), or a 400. */
async function checkOwner(c: { var: AppEnv['Variables'] }, ownerId: number | null | undefined): Promise<void> {
  if (ownerId == null) return;
  const { rows } = await c.var.deps.db.execute({
    sql: "SELECT 1 FROM users WHERE id = ? AND site_id = ? AND role IN ('owner', 'rep')",
    args: [ownerId, c.var.auth.site.id],
  });
  if (!rows.length) throw new ApiError(400, 'validation_failed', 'ownerId must be a rep or owner of this site');
}

async function emailTaken(c: { var: AppEnv['Variables'] }, email: string, except?: string): Promise<string | null> {
  const { rows } = await c.var.deps.db.execute({ sql: 'SELECT id FROM contacts WHERE site_id = ? AND email = ?', args: [c.var.auth.site.id, email] });
  const id = rows[0] ? String(rows[0].id) : null;
  return id && id !== except ? id : null;
}

/** Contacts entered and kept by reps: list, create, read, update, merge, delete. */
export const adminContactRoutes = () =>
  new Hono<AppEnv>()
    .get('/v1/admin/contacts', doc('List and search contacts', contactPage), adminAuth(readers), validate('query', contactListQuery), async (c) => {
      const q = c.req.valid('query');
      const where = ['site_id = ?'];
      const args: InValue[] = [c.var.auth.site.id];
      if (q.q) {
        const like = `%${q.q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
        where.push(`(${['email', 'lower(name)', 'lower(company)', 'phone'].map((col) => `${col} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
        args.push(like, like, like, like);
      }
      if (q.stage) where.push('stage = ?'), args.push(q.stage);
      if (q.owner) where.push('owner_id = ?'), args.push(q.owner);
      if (q.tag) where.push('EXISTS (SELECT 1 FROM json_each(tags) WHERE value = ?)'), args.push(q.tag);
      if (q.source) where.push('source = ?'), args.push(q.source);
      if (q.campaign) where.push('campaign = ?'), args.push(q.campaign);
      if (q.segment) {
        const seg = await savedSegmentWhere(c.var.deps.db, c.var.auth.site.id, q.segment, c.var.auth.site.currency);
        if (!seg) throw new ApiError(400, 'validation_failed', 'segment: no such segment');
        const [segWhere, segArgs] = seg;
        where.push(`id IN (SELECT c.id FROM contacts c WHERE ${segWhere})`), args.push(...segArgs);
      }
      // Keyset pagination over (sort key, id); the cursor is that pair, opaque to clients.
      const [column, dir] = ({ updated: ['updated_at', 'DESC'], created: ['created_at', 'DESC'], name: ["coalesce(lower(name), lower(email), '')", 'ASC'] } as const)[q.sort];
      const cmp = dir === 'DESC' ? '<' : '>';
      if (q.cursor) {
        let key: [string | number, string];
        try {
          key = cursorKey.parse(JSON.parse(atob(q.cursor.replaceAll('-', '+').replaceAll('_', '/'))));
        } catch {
          throw new ApiError(400, 'validation_failed', 'not a cursor from a previous page');
        }
        where.push(`(${column} ${cmp} ? OR (${column} = ? AND id ${cmp} ?))`), args.push(key[0], key[0], key[1]);
      }
      const { rows } = await c.var.deps.db.execute({
        sql: `SELECT *, ${column} AS sort_key FROM contacts WHERE ${where.join(' AND ')} ORDER BY ${column} ${dir}, id ${dir} LIMIT ?`,
        args: [...args, q.limit + 1],
      });
      const contacts = rows.slice(0, q.limit).map(contactFromRow);
      const last = rows[q.limit - 1];
      const nextCursor = rows.length > q.limit && last ? btoa(JSON.stringify([last.sort_key, String(last.id)])).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '') : null;
      return c.json<ContactPage>({ contacts, nextCursor });
    })
    .post('/v1/admin/contacts/bulk', doc('Change stage, owner or tags of many contacts'), adminAuth(writers), validate('json', bulkUpdate), async (c) => {
      const b = c.req.valid('json');
      const siteId = c.var.auth.site.id;
      await checkOwner(c, b.ownerId);
      const now = Date.now();
      const inIds = `(${b.ids.map(() => '?').join(', ')})`;
      const statements: InStatement[] = [];
      if (b.ownerId !== undefined) statements.push({ sql: `UPDATE contacts SET owner_id = ?, updated_at = ? WHERE site_id = ? AND id IN ${inIds}`, args: [b.ownerId, now, siteId, ...b.ids] });
      if (b.addTag)
        statements.push({
          sql: `UPDATE contacts SET tags = json_insert(tags, '$[#]', ?), updated_at = ? WHERE site_id = ? AND id IN ${inIds} AND NOT EXISTS (SELECT 1 FROM json_each(tags) WHERE value = ?)`,
          args: [b.addTag, now, siteId, ...b.ids, b.addTag],
        });
      if (b.stage) statements.push(...stageChangeStatements(siteId, { sql: `c.id IN ${inIds}`, args: b.ids }, b.stage, 'manual', { userId: c.var.auth.userId, eventKey: `bulk-${now}`, now }));
      statements.push(auditStatement(siteId, c.var.auth.userId, 'contacts.bulk', b.ids.join(','), { stage: b.stage, ownerId: b.ownerId, addTag: b.addTag }, now));
      await c.var.deps.writes.run(statements);
      return c.json({ ok: true, count: b.ids.length });
    })
    .post('/v1/admin/contacts', doc('Create a contact by hand', contactDetailSchema), adminAuth(writers), validate('json', contactCreate), async (c) => {
      const input = c.req.valid('json');
      const email = input.email?.trim().toLowerCase() ?? null;
      await checkOwner(c, input.ownerId);
      if (email) {
        const existing = await emailTaken(c, email);
        if (existing) throw new ApiError(409, 'conflict', `a contact with this email exists: ${existing}`);
      }
      const id = crypto.randomUUID();
      const now = Date.now();
      const stage = input.stage ?? 'lead';
      await c.var.deps.writes.run([
        {
          sql: `INSERT INTO contacts (id, site_id, email, name, phone, company, fields, stage, owner_id, tags, origin, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'manual', ?, ?)`,
          args: [id, c.var.auth.site.id, email, input.name ?? null, input.phone ?? null, input.company ?? null, JSON.stringify(input.fields ?? {}), stage,
            input.ownerId ?? null, JSON.stringify([...new Set(input.tags ?? [])]), now, now],
        },
        { sql: "INSERT INTO stage_history (contact_id, from_stage, to_stage, reason, user_id, at) VALUES (?, NULL, ?, 'manual', ?, ?)", args: [id, stage, c.var.auth.userId, now] },
      ]);
      publish(c, c.var.auth.site.id, { type: 'contact.updated', data: { contactId: id } });
      return c.json((await contactDetail(c.var.deps.db, c.var.auth.site.id, id))!, 201);
    })
    .get('/v1/admin/contacts/:id', doc('Read a contact with attribution and stage history', contactDetailSchema), adminAuth(readers), validate('param', idParam), async (c) => {
      const detail = await contactDetail(c.var.deps.db, c.var.auth.site.id, c.req.valid('param').id);
      if (!detail) throw new ApiError(404, 'not_found', 'no such contact');
      return c.json(detail);
    })
    .patch('/v1/admin/contacts/:id', doc('Update a contact', contactDetailSchema), adminAuth(writers), validate('param', idParam), validate('json', contactUpdate), async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const siteId = c.var.auth.site.id;
      if (!(await findContact(c.var.deps.db, siteId, id))) throw new ApiError(404, 'not_found', 'no such contact');
      await checkOwner(c, input.ownerId);
      const email = input.email === undefined ? undefined : input.email?.trim().toLowerCase() ?? null;
      if (email && (await emailTaken(c, email, id))) throw new ApiError(409, 'conflict', 'another contact has this email');
      const now = Date.now();
      const sets: string[] = ['updated_at = ?'];
      const args: InValue[] = [now];
      const set = (column: string, value: InValue | undefined) => value !== undefined && (sets.push(`${column} = ?`), args.push(value));
      set('email', email);
      set('name', input.name);
      set('phone', input.phone);
      set('company', input.company);
      set('owner_id', input.ownerId);
      if (input.tags) set('tags', JSON.stringify([...new Set(input.tags)]));
      if (input.fields) sets.push('fields = json_patch(fields, ?)'), args.push(JSON.stringify(input.fields));
      const statements: InStatement[] = [{ sql: `UPDATE contacts SET ${sets.join(', ')} WHERE site_id = ? AND id = ?`, args: [...args, siteId, id] }];
      if (input.stage) statements.push(...stageChangeStatements(siteId, { sql: 'c.id = ?', args: [id] }, input.stage, 'manual', { userId: c.var.auth.userId, eventKey: `manual-${now}`, now }));
      if (input.stage || input.ownerId !== undefined)
        statements.push(auditStatement(siteId, c.var.auth.userId, 'contact.update', id, { ...(input.stage && { stage: input.stage }), ...(input.ownerId !== undefined && { ownerId: input.ownerId }) }, now));
      await c.var.deps.writes.run(statements);
      publish(c, siteId, { type: 'contact.updated', data: { contactId: id } });
      return c.json((await contactDetail(c.var.deps.db, siteId, id))!);
    })
    .delete('/v1/admin/contacts/:id', doc('Delete a contact (its browsers’ events stay, anonymous)'), adminAuth(['owner']), validate('param', idParam), async (c) => {
      const { id } = c.req.valid('param');
      if (!(await findContact(c.var.deps.db, c.var.auth.site.id, id))) throw new ApiError(404, 'not_found', 'no such contact');
      // Explicit, not by foreign-key cascade: the pragma is per connection.
      await c.var.deps.writes.run([
        ...deleteStatements({ siteId: c.var.auth.site.id, id }),
        auditStatement(c.var.auth.site.id, c.var.auth.userId, 'contact.delete', id),
      ]);
      return c.body(null, 204);
    })
    .post('/v1/admin/contacts/:id/merge', doc('Merge a duplicate into this contact', contactDetailSchema), adminAuth(writers), validate('param', idParam), validate('json', mergeBody), async (c) => {
      const { id } = c.req.valid('param');
      const { from } = c.req.valid('json');
      const siteId = c.var.auth.site.id;
      if (from === id) throw new ApiError(400, 'validation_failed', 'a contact cannot be merged into itself');
      const [into, dup] = await Promise.all([findContact(c.var.deps.db, siteId, id), findContact(c.var.deps.db, siteId, from)]);
      if (!into || !dup) throw new ApiError(404, 'not_found', 'no such contact');
      const now = Date.now();
      const stage = stageOrder[dup.stage] > stageOrder[into.stage] ? dup.stage : into.stage;
      const moves = mergeStatements(siteId, id, from);
      const results = await c.var.deps.writes.run([
        ...moves,
        {
          // This contact's values win; the duplicate fills the blanks; tags are joined. Only when the delete above did.
          sql: `UPDATE contacts SET email = coalesce(email, ?), name = coalesce(name, ?), phone = coalesce(phone, ?), company = coalesce(company, ?),
                  fields = json_patch(?, fields), tags = ?, owner_id = coalesce(owner_id, ?), consent = max(consent, ?),
                  first_session = coalesce(first_session, ?), source = coalesce(source, ?), medium = coalesce(medium, ?), campaign = coalesce(campaign, ?),
                  affiliate = coalesce(affiliate, ?), created_at = min(created_at, ?), updated_at = ? WHERE id = ? AND changes() > 0`,
          args: [dup.email, dup.name, dup.phone, dup.company, JSON.stringify(dup.fields), JSON.stringify([...new Set([...into.tags, ...dup.tags])]), dup.ownerId,
            dup.consent ? 1 : 0, null, dup.source, dup.medium, dup.campaign, dup.affiliate, dup.createdAt, now, id],
        },
        auditIfChanged(siteId, c.var.auth.userId, 'contact.merge', `${from} → ${id}`, undefined, now),
        ...stageChangeStatements(siteId, { sql: 'c.id = ?', args: [id] }, stage, 'merge', { userId: c.var.auth.userId, eventKey: `merge-${from}`, now }),
      ]);
      // Nothing merged: one of the two was merged away or deleted meanwhile (e.g. an opposite merge).
      const detail = results[moves.length - 1]!.rowsAffected ? await contactDetail(c.var.deps.db, siteId, id) : null;
      if (!detail) throw new ApiError(404, 'not_found', 'no such contact (merged or deleted meanwhile)');
      return c.json(detail);
    });
