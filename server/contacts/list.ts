import type { Client, InValue } from '@libsql/client';
import { z } from 'zod';
import { like } from '../db/row.ts';
import type { Site } from '../db/sites.ts';
import { savedSegmentWhere, segmentWhere } from '../db/segments.ts';
import { ApiError } from '../errors.ts';
import type { Contact, ContactFilters, ContactPage } from '../schemas/contacts.ts';
import type { SegmentDefinition } from '../schemas/segments.ts';
import { contactFromRow, contactSelect } from './contacts.ts';

/** The contacts list's filters, plus a segment's rules while they are edited (not saved yet). */
export type ContactSelection = ContactFilters & { rules?: SegmentDefinition };

export interface ContactOrder {
  sort: 'updated' | 'created' | 'name';
  /** At most this many (and a cursor to the next page); all when absent. */
  limit?: number;
  cursor?: string;
}

/** A contacts cursor: the last row's sort key and id. */
const cursorKey = z.tuple([z.union([z.string(), z.number()]), z.string()]);
const sorts = {
  updated: ['c.updated_at', 'DESC'],
  created: ['c.created_at', 'DESC'],
  name: ["coalesce(lower(c.name), lower(c.email), '')", 'ASC'],
} as const;
/** A keyset cursor over a page's last sort key and id (URL-safe base64 JSON). */
export const encodeCursor = (key: unknown[]) =>
  btoa(JSON.stringify(key)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

/** The sort key and id of `encodeCursor`; anything else is a 400. */
export function decodeCursor(cursor: string): [string | number, string] {
  try {
    return cursorKey.parse(JSON.parse(atob(cursor.replaceAll('-', '+').replaceAll('_', '/'))));
  } catch {
    throw new ApiError(400, 'validation_failed', 'not a cursor from a previous page');
  }
}

/**
 * The selection as a WHERE clause over contacts `c` of the site: the one home
 * of the contact filters (the list, its CSV export, segment members and counts).
 * An unknown saved segment is a 400.
 */
export async function contactsWhere(db: Client, site: Site, f: ContactSelection): Promise<[string, InValue[]]> {
  const where = ['c.site_id = ?'];
  const args: InValue[] = [site.id];
  if (f.q) {
    const columns = ['c.email', 'lower(c.name)', 'lower(c.company)', 'c.phone'];
    where.push(`(${columns.map((col) => `${col} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
    args.push(...columns.map(() => like(f.q!.toLowerCase())));
  }
  if (f.stage) (where.push('c.stage = ?'), args.push(f.stage));
  if (f.owner) (where.push('c.owner_id = ?'), args.push(f.owner));
  if (f.tag) (where.push('EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = ?)'), args.push(f.tag));
  if (f.source) (where.push('c.source = ?'), args.push(f.source));
  if (f.campaign) (where.push('c.campaign = ?'), args.push(f.campaign));
  if (f.company) (where.push('c.company_id = ?'), args.push(f.company));
  const segments: [string, InValue[]][] = [];
  if (f.segment) {
    const saved = await savedSegmentWhere(db, site.id, f.segment, site.currency);
    if (!saved) throw new ApiError(400, 'validation_failed', 'segment: no such segment');
    segments.push(saved);
  }
  if (f.rules) segments.push(segmentWhere(site.id, f.rules, site.currency));
  for (const [sql, segArgs] of segments) (where.push(`(${sql})`), args.push(...segArgs));
  return [where.join(' AND '), args];
}

/**
 * The site's contacts that match, in the list's order, a page at a time
 * (keyset cursors over the sort key and id) or all of them (the CSV export).
 */
export async function listContacts(
  db: Client,
  site: Site,
  f: ContactSelection,
  order: ContactOrder,
): Promise<ContactPage> {
  const [where, args] = await contactsWhere(db, site, f);
  const [column, dir] = sorts[order.sort];
  const cmp = dir === 'DESC' ? '<' : '>';
  const key = order.cursor ? decodeCursor(order.cursor) : null;
  const { rows } = await db.execute({
    sql: `${contactSelect.replace('SELECT c.*', `SELECT c.*, ${column} AS sort_key`)}
          WHERE ${where} ${key ? `AND (${column} ${cmp} ? OR (${column} = ? AND c.id ${cmp} ?))` : ''}
          ORDER BY ${column} ${dir}, c.id ${dir} ${order.limit ? 'LIMIT ?' : ''}`,
    args: [...args, ...(key ? [key[0], key[0], key[1]] : []), ...(order.limit ? [order.limit + 1] : [])],
  });
  const contacts: Contact[] = rows.slice(0, order.limit ?? rows.length).map(contactFromRow);
  const last = order.limit ? rows[order.limit - 1] : undefined;
  const more = order.limit !== undefined && rows.length > order.limit && last;
  return { contacts, nextCursor: more ? encodeCursor([last.sort_key, String(last.id)]) : null };
}

/** How many of the site's contacts match. */
export async function countContacts(db: Client, site: Site, f: ContactSelection): Promise<number> {
  const [where, args] = await contactsWhere(db, site, f);
  const { rows } = await db.execute({ sql: `SELECT count(*) AS n FROM contacts c WHERE ${where}`, args });
  return Number(rows[0]!.n);
}
