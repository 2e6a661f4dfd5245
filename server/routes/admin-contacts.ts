import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { contactDetail } from '../contacts/contacts.ts';
import { listContacts } from '../contacts/list.ts';
import {
  actorOf,
  bulkUpdateContacts,
  createContact,
  deleteContact,
  mergeContacts,
  previewMerge,
  updateContact,
} from '../contacts/manage.ts';
import { can } from '../middleware/roles.ts';
import type { RequestScope } from '../aside.ts';
import { publish } from '../live/publish.ts';
import { contactParam } from '../middleware/contact-param.ts';
import { validate } from '../middleware/validate.ts';
import {
  bulkUpdate,
  contactCreate,
  contactDetail as contactDetailSchema,
  contactId,
  contactListQuery,
  contactPage,
  contactUpdate,
  mergeBody,
  mergePreview,
} from '../schemas/contacts.ts';
import { routeDoc } from './route-doc.ts';

const idParam = z.object({ id: contactId });
/** Tells the site's open admin pages that a contact changed (created, edited, merged, deleted). */
const changed = (c: RequestScope & { var: { auth: { site: { id: number } } } }, contactId: string) =>
  publish(c, c.var.auth.site.id, { type: 'contact.updated', data: { contactId } });
const doc = routeDoc('admin: contacts');

/** Contacts entered and kept by reps: list, create, read, update, merge, delete. */
export const adminContactRoutes = () =>
  new Hono<AppEnv>()
    .get(
      '/v1/admin/contacts',
      doc('List and search contacts', contactPage),
      can.read,
      validate('query', contactListQuery),
      async (c) => {
        const { sort, limit, cursor, ...filters } = c.req.valid('query');
        return c.json(await listContacts(c.var.deps.db, c.var.auth.site, filters, { sort, limit, cursor }));
      },
    )
    .post(
      '/v1/admin/contacts/bulk',
      doc('Change stage, owner or tags of many contacts'),
      can.write,
      validate('json', bulkUpdate),
      async (c) => {
        const b = c.req.valid('json');
        await bulkUpdateContacts(c.var.deps, actorOf(c), b);
        for (const contactId of b.ids) changed(c, contactId);
        return c.json({ ok: true, count: b.ids.length });
      },
    )
    .post(
      '/v1/admin/contacts',
      doc('Create a contact by hand', contactDetailSchema),
      can.write,
      validate('json', contactCreate),
      async (c) => {
        const created = await createContact(c.var.deps, actorOf(c), c.req.valid('json'));
        changed(c, created.id);
        return c.json(created, 201);
      },
    )
    .get(
      '/v1/admin/contacts/:id',
      doc('Read a contact with attribution and stage history', contactDetailSchema),
      can.read,
      validate('param', idParam),
      contactParam(),
      async (c) => c.json(await contactDetail(c.var.deps.db, c.var.contact)),
    )
    .patch(
      '/v1/admin/contacts/:id',
      doc('Update a contact', contactDetailSchema),
      can.write,
      validate('param', idParam),
      validate('json', contactUpdate),
      contactParam(),
      async (c) => {
        const updated = await updateContact(c.var.deps, actorOf(c), c.var.contact, c.req.valid('json'));
        changed(c, updated.id);
        return c.json(updated);
      },
    )
    .delete(
      '/v1/admin/contacts/:id',
      doc('Delete a contact (its browsers’ events stay, anonymous)'),
      can.manage,
      validate('param', idParam),
      contactParam(),
      async (c) => {
        await deleteContact(c.var.deps, actorOf(c), c.var.contact);
        changed(c, c.var.contact.id);
        return c.body(null, 204);
      },
    )
    .post(
      '/v1/admin/contacts/:id/merge',
      doc('Merge a duplicate into this contact', contactDetailSchema),
      can.write,
      validate('param', idParam),
      validate('json', mergeBody),
      contactParam(),
      async (c) => {
        const { from } = c.req.valid('json');
        const merged = await mergeContacts(c.var.deps, actorOf(c), c.var.contact, from);
        changed(c, from);
        changed(c, merged.id);
        return c.json(merged);
      },
    )
    .get(
      '/v1/admin/contacts/:id/merge-preview',
      doc('What merging `from` into this contact would move, per table', mergePreview),
      can.write,
      validate('param', idParam),
      contactParam(),
      validate('query', mergeBody),
      async (c) =>
        c.json(await previewMerge(c.var.deps.db, c.var.auth.site.id, c.var.contact, c.req.valid('query').from)),
    );
