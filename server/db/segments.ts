import type { Client, InValue } from '@libsql/client';
import type { SegmentDefinition, SegmentRule } from '../schemas/segments.ts';
import { purchaseAmount } from '../reports/money-sql.ts';
import { like } from './row.ts';

/** One rule as an SQL condition over contacts `c` (arguments bound, never interpolated). */
function condition(r: SegmentRule, now: number, currency: string): [string, InValue[]] {
  switch (r.field) {
    case 'stage':
      return [`c.stage ${r.op === 'is' ? '=' : '<>'} ?`, [r.value]];
    case 'tag':
      return [`${r.op === 'has' ? '' : 'NOT '}EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = ?)`, [r.value]];
    case 'event': {
      const since = r.withinDays ? 'AND e.ts >= ?' : '';
      return [
        `${r.op === 'did' ? '' : 'NOT '}EXISTS (SELECT 1 FROM contact_visitors cv JOIN events e ON e.site_id = cv.site_id AND e.visitor = cv.visitor
          WHERE cv.contact_id = c.id AND (e.type = ? OR e.name = ?) ${since})`,
        [r.value, r.value, ...(r.withinDays ? [now - r.withinDays * 86_400_000] : [])],
      ];
    }
    case 'purchases':
      return [
        `(SELECT count(*) FROM purchases p WHERE p.contact_id = c.id) ${r.op === 'gte' ? '>=' : '<='} ?`,
        [r.value],
      ];
    case 'revenue':
      return [
        `(SELECT total(${purchaseAmount('p')}) FROM purchases p WHERE p.contact_id = c.id
            AND p.currency = ?) ${r.op === 'gte' ? '>=' : '<='} ?`,
        [currency, r.value],
      ];
    default: {
      const column =
        r.field === 'custom'
          ? `json_extract(c.fields, '$.${r.key}')`
          : r.field === 'company_custom'
            ? `(SELECT json_extract(co.fields, '$.${r.key}') FROM companies co WHERE co.id = c.company_id)`
            : r.field.startsWith('company_')
              ? `(SELECT co.${r.field.slice(8)} FROM companies co WHERE co.id = c.company_id)`
              : `c.${r.field}`;
      const v = r.value ?? '';
      switch (r.op) {
        case 'is':
          return [`lower(${column}) = lower(?)`, [v]];
        case 'is_not':
          return [`coalesce(lower(${column}), '') <> lower(?)`, [v]];
        case 'contains':
          return [`${column} LIKE ? ESCAPE '\\'`, [like(v)]];
        case 'exists':
          return [`coalesce(${column}, '') <> ''`, []];
        default:
          return [`coalesce(${column}, '') = ''`, []];
      }
    }
  }
}

/** A segment as a WHERE clause over contacts `c` of one site. */
export function segmentWhere(
  siteId: number,
  def: SegmentDefinition,
  currency: string,
  now = Date.now(),
): [string, InValue[]] {
  const parts = def.rules.map((r) => condition(r, now, currency));
  return [
    `c.site_id = ? AND (${parts.map(([sql]) => `(${sql})`).join(def.match === 'all' ? ' AND ' : ' OR ')})`,
    [siteId, ...parts.flatMap(([, args]) => args)],
  ];
}

/** A saved segment's rules; null when the site has no such segment. */
export async function savedSegment(db: Client, siteId: number, id: string): Promise<SegmentDefinition | null> {
  const { rows } = await db.execute({
    sql: 'SELECT definition FROM segments WHERE id = ? AND site_id = ?',
    args: [id, siteId],
  });
  return rows[0] ? (JSON.parse(String(rows[0].definition)) as SegmentDefinition) : null;
}

/** A saved segment of the site as a WHERE clause over contacts `c`; null when the site has no such segment. */
export async function savedSegmentWhere(
  db: Client,
  siteId: number,
  id: string,
  currency: string,
): Promise<[string, InValue[]] | null> {
  const def = await savedSegment(db, siteId, id);
  return def ? segmentWhere(siteId, def, currency) : null;
}
