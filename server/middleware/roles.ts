import { adminAuth } from './admin-auth.ts';

/**
 * Who may do what, by name: a route declares `can.read`, `can.write`… instead of spelling out roles
 * (DESIGN.md: owner everything; rep contacts, activities, tasks, tickets, KB; viewer read only;
 * integration server-to-server writes).
 *
 * @example
 * .get('/v1/admin/tasks', doc('List tasks'), can.read, handler)
 */
export const can = {
  /** Any signed-in user or token, integrations included: their own profile and settings. */
  signedIn: adminAuth(['owner', 'rep', 'viewer', 'integration']),
  /** People who look at the CRM. */
  read: adminAuth(['owner', 'rep', 'viewer']),
  /** People who change the CRM's records. */
  write: adminAuth(['owner', 'rep']),
  /** The site's owners: users, tokens, settings, forms, webhooks. */
  manage: adminAuth(['owner']),
  /** Server-to-server writes (purchases, conversions, spend) and owners. */
  integrate: adminAuth(['owner', 'integration']),
};
