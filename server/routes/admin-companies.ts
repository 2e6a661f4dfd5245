import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { companyDetail, listCompanies } from '../companies/companies.ts';
import { companyColumns, importCompanies } from '../companies/import.ts';
import { createCompany, deleteCompany, linkContacts, unlinkContact, updateCompany } from '../companies/manage.ts';
import { suggestedContacts } from '../companies/suggestions.ts';
import { actorOf } from '../contacts/manage.ts';
import { readTimeline } from '../contacts/timeline.ts';
import { toCsv } from '../csv.ts';
import { auditStatement } from '../db/audit.ts';
import { publish } from '../live/publish.ts';
import { companyParam } from '../middleware/company-param.ts';
import { can } from '../middleware/roles.ts';
import { validate } from '../middleware/validate.ts';
import {
  company,
  companyCreate,
  companyDetail as companyDetailSchema,
  companyFilters,
  companyId,
  companyLink,
  companyListQuery,
  companyPage,
  companySuggestions,
  companyUpdate,
} from '../schemas/companies.ts';
import { contactId, timelinePage, timelineQuery } from '../schemas/contacts.ts';
import { importQuery, readCsvUpload } from './csv-upload.ts';
import { routeDoc } from './route-doc.ts';

const idParam = z.object({ id: companyId });
const doc = routeDoc('admin: companies');
const csvQuery = companyFilters.extend({ sort: companyListQuery.shape.sort, format: z.literal('csv') });

/**
 * Companies: list (search, filters, CSV), create, read with people, deals, purchases and open tickets, update,
 * delete, link and unlink contacts, contacts suggested by email domain, the people's combined timeline, import.
 */
export const adminCompanyRoutes = () =>
  new Hono<AppEnv>()
    .get(
      '/v1/admin/companies',
      doc('List and search companies (`format=csv`: every match as CSV, audited)', companyPage),
      can.read,
      validate('query', companyListQuery.extend({ format: z.enum(['json', 'csv']).default('json') })),
      async (c, next) => {
        const { sort, limit, cursor, format, ...filters } = c.req.valid('query');
        if (format === 'csv') return next();
        return c.json(await listCompanies(c.var.deps.db, c.var.auth.site.id, filters, { sort, limit, cursor }));
      },
      // The CSV export: writers only, like the contacts' export.
      can.write,
      validate('query', csvQuery),
      async (c) => {
        const { sort, format: _format, ...filters } = c.req.valid('query');
        const { companies } = await listCompanies(c.var.deps.db, c.var.auth.site.id, filters, { sort });
        const custom = [...new Set(companies.flatMap((co) => Object.keys(co.fields)))].sort();
        const data = companies.map((co) => [
          co.id,
          co.name,
          co.domain,
          co.industry,
          co.size,
          co.ownerId,
          co.people,
          new Date(co.createdAt).toISOString(),
          ...custom.map((k) => co.fields[k]),
        ]);
        await c.var.deps.writes.run([
          auditStatement(c.var.auth.site.id, c.var.auth.userId, 'companies.export', null, {
            rows: companies.length,
            filters,
          }),
        ]);
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', 'attachment; filename="companies.csv"');
        return c.body(toCsv([...companyColumns, ...custom.map((k) => `custom:${k}`)], data));
      },
    )
    .post(
      '/v1/admin/companies',
      doc('Create a company (webhook `company.created`); a domain another company has is a 409', company, {
        status: 201,
        description: 'The domain is normalised: `https://WWW.Acme.com/about` is stored as `acme.com`.',
      }),
      can.write,
      validate('json', companyCreate),
      async (c) => c.json(await createCompany(c.var.deps, actorOf(c), c.req.valid('json')), 201),
    )
    .post(
      '/v1/admin/companies/import',
      doc('Import companies from CSV (text/csv), deduplicated by domain', undefined, {
        description:
          'Columns map by `mapping` (JSON: header → name, domain, industry, size, custom:NAME or ignore) or by name (the export’s columns read back). A known domain is updated; a row without a domain matches a company of the same name that has none. With `dryRun=1` nothing is written.',
      }),
      can.write,
      validate('query', importQuery),
      async (c) => {
        const { text, mapping, dryRun } = await readCsvUpload(c, c.req.valid('query'));
        return c.json(await importCompanies(c.var.deps, actorOf(c), text, mapping, dryRun));
      },
    )
    .get(
      '/v1/admin/companies/:id',
      doc('Read a company with its people, deals, purchases, open tickets and totals', companyDetailSchema),
      can.read,
      validate('param', idParam),
      companyParam(),
      async (c) => c.json(await companyDetail(c.var.deps.db, c.var.auth.site.id, c.var.company)),
    )
    .patch(
      '/v1/admin/companies/:id',
      doc('Update a company', company),
      can.write,
      validate('param', idParam),
      validate('json', companyUpdate),
      companyParam(),
      async (c) => c.json(await updateCompany(c.var.deps, actorOf(c), c.var.company, c.req.valid('json'))),
    )
    .delete(
      '/v1/admin/companies/:id',
      doc('Delete a company (its contacts and deals stay, unlinked)', undefined, { status: 204 }),
      can.manage,
      validate('param', idParam),
      companyParam(),
      async (c) => {
        await deleteCompany(c.var.deps, actorOf(c), c.var.company);
        return c.body(null, 204);
      },
    )
    .get(
      '/v1/admin/companies/:id/timeline',
      doc('The combined timeline of the company’s people (each item names its contact)', timelinePage),
      can.read,
      validate('param', idParam),
      validate('query', timelineQuery),
      companyParam(),
      async (c) =>
        c.json(
          await readTimeline(c.var.deps.db, c.var.auth.site.id, { company: c.var.company.id }, c.req.valid('query')),
        ),
    )
    .get(
      '/v1/admin/companies/:id/suggestions',
      doc('Contacts without a company whose email domain is the company’s (never free-mail)', companySuggestions),
      can.read,
      validate('param', idParam),
      companyParam(),
      async (c) => c.json(await suggestedContacts(c.var.deps.db, c.var.auth.site.id, c.var.company)),
    )
    .post(
      '/v1/admin/companies/:id/contacts',
      doc('Link contacts to the company (a contact at another company moves)', z.object({ linked: z.number() })),
      can.write,
      validate('param', idParam),
      validate('json', companyLink),
      companyParam(),
      async (c) => {
        const { contactIds } = c.req.valid('json');
        const result = await linkContacts(c.var.deps, actorOf(c), c.var.company, contactIds);
        for (const id of contactIds)
          publish(c, c.var.auth.site.id, { type: 'contact.updated', data: { contactId: id } });
        return c.json(result);
      },
    )
    .delete(
      '/v1/admin/companies/:id/contacts/:contactId',
      doc('Unlink a contact from the company (the contact stays)', undefined, { status: 204 }),
      can.write,
      validate('param', idParam.extend({ contactId })),
      companyParam(),
      async (c) => {
        const id = c.req.valid('param').contactId;
        await unlinkContact(c.var.deps, actorOf(c), c.var.company, id);
        publish(c, c.var.auth.site.id, { type: 'contact.updated', data: { contactId: id } });
        return c.body(null, 204);
      },
    );
