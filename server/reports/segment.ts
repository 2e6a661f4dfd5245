import type { InValue } from '@libsql/client';
import { savedSegmentWhere } from '../db/segments.ts';
import { ApiError } from '../errors.ts';
import type { ReportContext } from './context.ts';

/**
 * With `segment=ID` (a saved segment of the site), ` AND col IN (its
 * contacts)` and its arguments, for the reports about contacts (customers,
 * demographics); an empty clause without. An unknown segment is a 400.
 */
export async function segmentClause(c: ReportContext, col: string): Promise<[string, InValue[]]> {
  if (!c.q.segment) return ['', []];
  const seg = await savedSegmentWhere(c.db, c.site.id, c.q.segment, c.site.currency);
  if (!seg) throw new ApiError(400, 'validation_failed', 'segment: no such segment');
  return [` AND ${col} IN (SELECT c.id FROM contacts c WHERE ${seg[0]})`, seg[1]];
}
