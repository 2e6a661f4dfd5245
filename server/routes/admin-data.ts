import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { importContacts } from '../contacts/import.ts';
import { listContacts } from '../contacts/list.ts';
import { actorOf, eraseContact, exportContact } from '../contacts/manage.ts';
import { auditStatement } from '../db/audit.ts';
import { toCsv } from '../csv.ts';
import { ApiError } from '../errors.ts';
import { can } from '../middleware/roles.ts';
import { contactParam } from '../middleware/contact-param.ts';
import { readBounded } from '../middleware/public-body.ts';
import { validate } from '../middleware/validate.ts';
import { contactId, contactListQuery } from '../schemas/contacts.ts';
import { routeDoc } from './route-doc.ts';

const doc = routeDoc('admin: data');
const IMPORT_LIMIT = 2 * 1024 * 1024;
const columns = [
  'id',
  'email',
  'name',
  'phone',
  'company',
  'stage',
  'tags',
  'source',
  'medium',
  'campaign',
  'affiliate',
  'created_at',
  'updated_at',
] as const;
const importQuery = z.object({
  dryRun: z.enum(['1', 'true', '0', 'false']).optional(),
  /** JSON: CSV header → field (email, name, phone, company, stage, tags, or custom:NAME); default: same-named columns. */
  mapping: z.string().max(4000).optional(),
});
const idParam = z.object({ id: contactId });

/** Data in and out: CSV export and import of contacts, GDPR export and erase of one contact. */
export const adminDataRoutes = () =>
  new Hono<AppEnv>()
    .get(
      '/v1/admin/contacts.csv',
      doc('Export contacts as CSV (the list’s filters and order, every page; audited)'),
      can.write,
      validate('query', contactListQuery),
      async (c) => {
        const { sort, limit: _limit, cursor: _cursor, ...filters } = c.req.valid('query');
        const { contacts } = await listContacts(c.var.deps.db, c.var.auth.site, filters, { sort });
        const data = contacts.map((ct) => [
          ct.id,
          ct.email,
          ct.name,
          ct.phone,
          ct.company,
          ct.stage,
          ct.tags.join(', '),
          ct.source,
          ct.medium,
          ct.campaign,
          ct.affiliate,
          new Date(ct.createdAt).toISOString(),
          new Date(ct.updatedAt).toISOString(),
        ]);
        await c.var.deps.writes.run([
          auditStatement(c.var.auth.site.id, c.var.auth.userId, 'contacts.export', null, {
            rows: contacts.length,
            filters,
          }),
        ]);
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', 'attachment; filename="contacts.csv"');
        return c.body(toCsv(columns, data));
      },
    )
    .post(
      '/v1/admin/contacts/import',
      doc('Import contacts from CSV (text/csv), idempotent by email', undefined, {
        description:
          'With `dryRun=1` nothing is written. Answers which rows would be / were created or updated and which were rejected, with why.',
      }),
      can.write,
      validate('query', importQuery),
      async (c) => {
        if (!/^text\/(csv|plain)\b/i.test(c.req.header('content-type') ?? ''))
          throw new ApiError(415, 'unsupported_media_type', 'send the file as text/csv');
        if (Number(c.req.header('content-length') ?? 0) > IMPORT_LIMIT)
          throw new ApiError(413, 'payload_too_large', 'at most 2 MB per import');
        // Counted as read: a chunked body has no Content-Length to check first.
        const text = new TextDecoder().decode(await readBounded(c.req.raw.body, IMPORT_LIMIT));
        const q = c.req.valid('query');
        let mapping: Record<string, string> = {};
        try {
          mapping = q.mapping ? z.record(z.string(), z.string()).parse(JSON.parse(q.mapping)) : {};
        } catch {
          throw new ApiError(400, 'validation_failed', 'mapping must be a JSON object of column → field');
        }
        const dryRun = q.dryRun === '1' || q.dryRun === 'true';
        return c.json(await importContacts(c.var.deps, actorOf(c), text, mapping, dryRun));
      },
    )
    .get(
      '/v1/admin/contacts/:id/export',
      doc('GDPR: everything about one contact, as JSON (audited)'),
      can.manage,
      validate('param', idParam),
      contactParam(),
      async (c) => {
        const contact = c.var.contact;
        c.header('Content-Disposition', `attachment; filename="contact-${contact.id}.json"`);
        return c.json(await exportContact(c.var.deps, actorOf(c), contact));
      },
    )
    .post(
      '/v1/admin/contacts/:id/erase',
      doc('GDPR: erase a contact and everything tied to them (audited)', undefined, {
        description:
          'Deletes the contact, its browsers’ events and sessions, form submissions, activities (on deals too: the deals stay, detached), tasks, stage history, tickets and their messages, purchases, feedback, the emails to or about them, and pending webhook deliveries that mention them (sent ones are redacted). `confirm` must be the contact’s email (or its id when it has none).',
      }),
      can.manage,
      validate('param', idParam),
      validate('json', z.object({ confirm: z.string().max(254) })),
      contactParam(),
      async (c) => {
        const contact = c.var.contact;
        if (c.req.valid('json').confirm.trim().toLowerCase() !== (contact.email ?? contact.id))
          throw new ApiError(400, 'validation_failed', 'confirm with the contact’s email (or id)');
        return c.json({ erased: true, ...(await eraseContact(c.var.deps, actorOf(c), contact)) });
      },
    );
