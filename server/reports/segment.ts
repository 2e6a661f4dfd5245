import type { InValue } from '@libsql/client';
import { contactsWhere } from '../contacts/list.ts';
import type { ReportContext } from './context.ts';

/**
 * With `segment=ID` (a saved segment of the site), ` AND col IN (its contacts)` and its arguments, for the
 * reports about contacts (customers, demographics); an empty clause without. The contacts are chosen by the
 * contacts list's own filter (server/contacts/list.ts), so a report's segment is the list's; an unknown segment
 * is a 400 there.
 */
export async function segmentClause(c: ReportContext, col: string): Promise<[string, InValue[]]> {
  if (!c.q.segment) return ['', []];
  const [where, args] = await contactsWhere(c.db, c.site, { segment: c.q.segment });
  return [` AND ${col} IN (SELECT c.id FROM contacts c WHERE ${where})`, args];
}
