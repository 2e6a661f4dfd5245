import type { InStatement, InValue } from '@libsql/client';
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import Papa from 'papaparse';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { auditStatement } from '../db/audit.ts';
import { contactFromRow, findContact } from '../db/contacts.ts';
import { eraseStatements } from '../contacts/references.ts';
import { toCsv } from '../csv.ts';
import { ApiError } from '../errors.ts';
import { adminAuth } from '../middleware/admin-auth.ts';
import { readBounded } from '../middleware/public-body.ts';
import { validate } from '../middleware/validate.ts';
import { contactId, stage } from '../schemas/contacts.ts';

const doc = (summary: string, description?: string) => describeRoute({ tags: ['admin: data'], summary, ...(description && { description }), security: [{ bearer: [] }], responses: { 200: { description: 'OK' } } });
const IMPORT_LIMIT = 2 * 1024 * 1024;
const columns = ['id', 'email', 'name', 'phone', 'company', 'stage', 'tags', 'source', 'medium', 'campaign', 'affiliate', 'created_at', 'updated_at'] as const;

const exportQuery = z.object({ q: z.string().max(200).optional(), stage: stage.optional(), tag: z.string().max(50).optional(), source: z.string().max(200).optional(), campaign: z.string().max(200).optional() });
const importQuery = z.object({
  dryRun: z.enum(['1', 'true', '0', 'false']).optional(),
  /** JSON: CSV header → field (email, name, phone, company, stage, tags, or custom:NAME); default: same-named columns. */
  mapping: z.string().max(4000).optional(),
});
const importRow = z.object({
  email: z.email().max(254),
  name: z.string().trim().max(200).optional(),
  phone: z.string().trim().max(50).optional(),
  company: z.string().trim().max(200).optional(),
  stage: stage.optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
  fields: z.record(z.string(), z.string().max(5000)).optional(),
});

/** Data in and out: CSV export and import of contacts, GDPR export and erase of one contact. */
export const adminDataRoutes = () =>
  new Hono<AppEnv>()
    .get('/v1/admin/contacts.csv', doc('Export contacts as CSV (same filters as the list; audited)'), adminAuth(['owner', 'rep']), validate('query', exportQuery), async (c) => {
      const q = c.req.valid('query');
      const where = ['site_id = ?'];
      const args: InValue[] = [c.var.auth.site.id];
      if (q.q) where.push("(email LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\' OR company LIKE ? ESCAPE '\\')"), args.push(...Array(3).fill(`%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`));
      if (q.stage) where.push('stage = ?'), args.push(q.stage);
      if (q.tag) where.push('EXISTS (SELECT 1 FROM json_each(tags) WHERE value = ?)'), args.push(q.tag);
      if (q.source) where.push('source = ?'), args.push(q.source);
      if (q.campaign) where.push('campaign = ?'), args.push(q.campaign);
      const { rows } = await c.var.deps.db.execute({ sql: `SELECT * FROM contacts WHERE ${where.join(' AND ')} ORDER BY created_at`, args });
      const data = rows.map((r) => {
        const ct = contactFromRow(r);
        return [ct.id, ct.email, ct.name, ct.phone, ct.company, ct.stage, ct.tags.join(', '), ct.source, ct.medium, ct.campaign, ct.affiliate, new Date(ct.createdAt).toISOString(), new Date(ct.updatedAt).toISOString()];
      });
      await c.var.deps.writes.run([auditStatement(c.var.auth.site.id, c.var.auth.userId, 'contacts.export', null, { rows: rows.length, filters: q })]);
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="contacts.csv"');
      return c.body(toCsv(columns, data));
    })
    .post('/v1/admin/contacts/import', doc('Import contacts from CSV (text/csv), idempotent by email', 'With `dryRun=1` nothing is written. Answers which rows would be / were created or updated and which were rejected, with why.'), adminAuth(['owner', 'rep']), validate('query', importQuery), async (c) => {
      if (!/^text\/(csv|plain)\b/i.test(c.req.header('content-type') ?? '')) throw new ApiError(415, 'unsupported_media_type', 'send the file as text/csv');
      if (Number(c.req.header('content-length') ?? 0) > IMPORT_LIMIT) throw new ApiError(413, 'payload_too_large', 'at most 2 MB per import');
      // Counted as read: a chunked body has no Content-Length to check first.
      const text = new TextDecoder().decode(await readBounded(c.req.raw.body, IMPORT_LIMIT));
      const q = c.req.valid('query');
      let mapping: Record<string, string> = {};
      try {
        mapping = q.mapping ? z.record(z.string(), z.string()).parse(JSON.parse(q.mapping)) : {};
      } catch {
        throw new ApiError(400, 'validation_failed', 'mapping must be a JSON object of column → field');
      }
      const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
      if (!parsed.meta.fields?.length) throw new ApiError(400, 'validation_failed', 'the CSV needs a header row');
      if (parsed.data.length > 5000) throw new ApiError(413, 'payload_too_large', 'at most 5,000 rows per import');
      const siteId = c.var.auth.site.id;
      const rejected: { row: number; reason: string }[] = [];
      const accepted: { row: number; email: string; existing: boolean }[] = [];
      const statements: InStatement[] = [];
      const now = Date.now();
      const seen = new Set<string>();
      for (const [i, raw] of parsed.data.entries()) {
        const row: Record<string, unknown> = {};
        for (const [col, value] of Object.entries(raw)) {
          const target = (Object.hasOwn(mapping, col) ? mapping[col] : undefined) ?? col.trim().toLowerCase();
          const v = (value ?? '').trim();
          if (!v || target === 'ignore') continue;
          if (target.startsWith('custom:')) ((row.fields ??= {}) as Record<string, string>)[target.slice(7).replace(/[^a-z0-9_]/gi, '_').toLowerCase()] = v;
          else if (target === 'tags') row.tags = v.split(/[,;]/).map((t) => t.trim()).filter(Boolean);
          else if (['email', 'name', 'phone', 'company', 'stage'].includes(target)) row[target] = target === 'email' || target === 'stage' ? v.toLowerCase() : v;
        }
        const check = importRow.safeParse(row);
        const line = i + 2; // the header is line 1
        if (!check.success) {
          rejected.push({ row: line, reason: check.error.issues.map((x) => `${x.path.join('.') || 'row'}: ${x.message}`).join('; ') });
          continue;
        }
        const r = check.data;
        if (seen.has(r.email)) {
          rejected.push({ row: line, reason: 'email: appears earlier in this file' });
          continue;
        }
        seen.add(r.email);
        const { rows } = await c.var.deps.db.execute({ sql: 'SELECT 1 FROM contacts WHERE site_id = ? AND email = ?', args: [siteId, r.email] });
        accepted.push({ row: line, email: r.email, existing: rows.length > 0 });
        statements.push({
          sql: `INSERT INTO contacts (id, site_id, email, name, phone, company, fields, stage, tags, origin, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'manual', ?, ?)
                ON CONFLICT (site_id, email) DO UPDATE SET name = coalesce(excluded.name, contacts.name), phone = coalesce(excluded.phone, contacts.phone),
                  company = coalesce(excluded.company, contacts.company), fields = json_patch(contacts.fields, excluded.fields), updated_at = excluded.updated_at`,
          args: [crypto.randomUUID(), siteId, r.email, r.name ?? null, r.phone ?? null, r.company ?? null, JSON.stringify(r.fields ?? {}), r.stage ?? 'lead', JSON.stringify(r.tags ?? []), now, now],
        });
      }
      const dryRun = q.dryRun === '1' || q.dryRun === 'true';
      if (!dryRun && statements.length) await c.var.deps.writes.run([...statements, auditStatement(siteId, c.var.auth.userId, 'contacts.import', null, { created: accepted.filter((a) => !a.existing).length, updated: accepted.filter((a) => a.existing).length, rejected: rejected.length })]);
      return c.json({
        dryRun,
        columns: parsed.meta.fields,
        created: accepted.filter((a) => !a.existing).length,
        updated: accepted.filter((a) => a.existing).length,
        rejected,
      });
    })
    .get('/v1/admin/contacts/:id/export', doc('GDPR: everything about one contact, as JSON (audited)'), adminAuth(['owner']), validate('param', z.object({ id: contactId })), async (c) => {
      const { id } = c.req.valid('param');
      const siteId = c.var.auth.site.id;
      const contact = await findContact(c.var.deps.db, siteId, id);
      if (!contact) throw new ApiError(404, 'not_found', 'no such contact');
      const q = (sql: string, args: InValue[] = [id]) => c.var.deps.db.execute({ sql, args }).then((r) => r.rows);
      const visitors = 'SELECT visitor FROM contact_visitors WHERE contact_id = ?';
      const [events, sessions, submissions, activities, history, tickets, messages, purchases, feedback, tasks] = await Promise.all([
        q(`SELECT * FROM events WHERE site_id = ? AND visitor IN (${visitors}) ORDER BY ts`, [siteId, id]),
        q(`SELECT * FROM sessions WHERE site_id = ? AND visitor IN (${visitors}) ORDER BY started_at`, [siteId, id]),
        q('SELECT * FROM lead_submissions WHERE contact_id = ?'),
        q('SELECT * FROM activities WHERE contact_id = ?'),
        q('SELECT * FROM stage_history WHERE contact_id = ?'),
        q('SELECT id, tracking_number, subject, category, status, created_at, rating, rating_comment FROM tickets WHERE contact_id = ?'),
        q("SELECT m.* FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.contact_id = ? AND m.internal = 0"),
        q('SELECT * FROM purchases WHERE contact_id = ?'),
        q('SELECT * FROM feedback WHERE contact_id = ?'),
        q('SELECT * FROM tasks WHERE contact_id = ?'),
      ]);
      await c.var.deps.writes.run([auditStatement(siteId, c.var.auth.userId, 'contact.export', id)]);
      c.header('Content-Disposition', `attachment; filename="contact-${id}.json"`);
      return c.json({ exportedAt: new Date().toISOString(), contact, events, sessions, submissions, activities, stageHistory: history, tickets, messages, purchases, feedback, tasks });
    })
    .post('/v1/admin/contacts/:id/erase', doc('GDPR: erase a contact and everything tied to them (audited)', 'Deletes the contact, its browsers’ events and sessions, form submissions, activities, tasks, stage history, tickets and their messages, purchases, feedback, the emails to or about them, and pending webhook deliveries that mention them (sent ones are redacted). `confirm` must be the contact’s email (or its id when it has none).'), adminAuth(['owner']), validate('param', z.object({ id: contactId })), validate('json', z.object({ confirm: z.string().max(254) })), async (c) => {
      const { id } = c.req.valid('param');
      const siteId = c.var.auth.site.id;
      const contact = await findContact(c.var.deps.db, siteId, id);
      if (!contact) throw new ApiError(404, 'not_found', 'no such contact');
      if (c.req.valid('json').confirm.trim().toLowerCase() !== (contact.email ?? contact.id)) throw new ApiError(400, 'validation_failed', 'confirm with the contact’s email (or id)');
      const db = c.var.deps.db;
      const [{ rows: counted }, { rows: tickets }] = await Promise.all([
        db.execute({
          sql: `SELECT count(*) AS n, min(ts) AS lo, max(ts) AS hi FROM events
                WHERE site_id = ? AND visitor IN (SELECT visitor FROM contact_visitors WHERE contact_id = ?)`,
          args: [siteId, id],
        }),
        db.execute({ sql: 'SELECT id, tracking_number FROM tickets WHERE site_id = ? AND contact_id = ?', args: [siteId, id] }),
      ]);
      const erased = counted[0]!;
      await c.var.deps.writes.run([
        ...eraseStatements({
          siteId, id, email: contact.email,
          tickets: tickets.flatMap((t) => [String(t.id), String(t.tracking_number)]),
          events: erased.lo == null ? null : [Number(erased.lo), Number(erased.hi)],
        }),
        auditStatement(siteId, c.var.auth.userId, 'contact.erase', id, { events: Number(erased.n) }),
      ]);
      return c.json({ erased: true, events: Number(erased.n) });
    });
