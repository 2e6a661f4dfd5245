import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { findContact } from '../contacts/contacts.ts';
import { ApiError } from '../errors.ts';
import { contactId } from '../schemas/contacts.ts';
import type { Contact } from '../schemas/contacts.ts';

/** The env of a route under `/…/contacts/:id`: `c.var.contact` is that contact. */
export type ContactEnv = AppEnv & { Variables: { contact: Contact } };

/**
 * Loads the contact named by the `:id` path parameter on the signed-in user's
 * site and sets `c.var.contact`; any other id (malformed, unknown, another
 * site's) is the one `404 not_found`. Runs after `adminAuth`.
 *
 * @example
 * app.get('/v1/admin/contacts/:id/tasks', adminAuth(readers), contactParam(), (c) => c.json(c.var.contact))
 */
export const contactParam = (): MiddlewareHandler<ContactEnv> =>
  async function contactParam(c, next) {
    const id = contactId.safeParse(c.req.param('id'));
    const contact = id.success ? await findContact(c.var.deps.db, c.var.auth.site.id, id.data) : null;
    if (!contact) throw new ApiError(404, 'not_found', 'no such contact');
    c.set('contact', contact);
    await next();
  };
