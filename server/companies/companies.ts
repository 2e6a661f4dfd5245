import type { Client, InValue, Row } from '@libsql/client';
import { contactFromRow, contactSelect } from '../contacts/contacts.ts';
import { decodeCursor, encodeCursor } from '../contacts/list.ts';
import { like } from '../db/row.ts';
import { str } from '../db/row.ts';
import { ApiError } from '../errors.ts';
import { purchaseAmount } from '../reports/money-sql.ts';
import type { Company, CompanyDetail, CompanyFilters, CompanyPage } from '../schemas/companies.ts';

/** Companies `co` with how many contacts are linked (`WHERE` follows). */
const companySelect = `SELECT co.*, (SELECT count(*) FROM contacts c WHERE c.company_id = co.id) AS people
  FROM companies co`;

function companyFromRow(r: Row): Company {
  return {
    id: String(r.id),
    name: String(r.name),
    domain: str(r.domain),
    industry: str(r.industry),
    size: str(r.size) as Company['size'],
    ownerId: r.owner_id == null ? null : Number(r.owner_id),
    fields: JSON.parse(String(r.fields)) as Record<string, unknown>,
    people: Number(r.people),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** SQL for a company's public JSON shape (webhook payloads), from alias `co`. */
export const companyJsonSql = `json_object('id', co.id, 'name', co.name, 'domain', co.domain, 'industry', co.industry,
  'size', co.size, 'ownerId', co.owner_id, 'fields', json(co.fields), 'createdAt', co.created_at,
  'updatedAt', co.updated_at)`;

/** The site's company with this id, or null. */
export async function findCompany(db: Client, siteId: number, id: string): Promise<Company | null> {
  const { rows } = await db.execute({ sql: `${companySelect} WHERE co.site_id = ? AND co.id = ?`, args: [siteId, id] });
  return rows[0] ? companyFromRow(rows[0]) : null;
}

/** A company id given for a contact must be one of the site's companies: else a 400 naming `field`. */
export async function assertCompany(db: Client, siteId: number, id: string | null | undefined, field: string) {
  if (id == null) return;
  const { rows } = await db.execute({
    sql: 'SELECT 1 FROM companies WHERE site_id = ? AND id = ?',
    args: [siteId, id],
  });
  if (!rows.length) throw new ApiError(400, 'validation_failed', `${field}: no such company`);
}

const sorts = {
  name: ['lower(co.name)', 'ASC'],
  updated: ['co.updated_at', 'DESC'],
  created: ['co.created_at', 'DESC'],
} as const;

/** The filters as a WHERE clause over companies `co` of the site (the list and its CSV export). */
function companiesWhere(siteId: number, f: CompanyFilters): [string, InValue[]] {
  const where = ['co.site_id = ?'];
  const args: InValue[] = [siteId];
  if (f.q) {
    where.push(`(lower(co.name) LIKE ? ESCAPE '\\' OR co.domain LIKE ? ESCAPE '\\')`);
    args.push(like(f.q.toLowerCase()), like(f.q.toLowerCase()));
  }
  if (f.industry) (where.push('lower(co.industry) = lower(?)'), args.push(f.industry));
  if (f.size) (where.push('co.size = ?'), args.push(f.size));
  if (f.owner) (where.push('co.owner_id = ?'), args.push(f.owner));
  return [where.join(' AND '), args];
}

/** The site's companies that match, a page at a time (keyset cursors, like contacts) or all (the CSV export). */
export async function listCompanies(
  db: Client,
  siteId: number,
  f: CompanyFilters,
  order: { sort: keyof typeof sorts; limit?: number; cursor?: string },
): Promise<CompanyPage> {
  const [where, args] = companiesWhere(siteId, f);
  const [column, dir] = sorts[order.sort];
  const cmp = dir === 'DESC' ? '<' : '>';
  const key = order.cursor ? decodeCursor(order.cursor) : null;
  const { rows } = await db.execute({
    sql: `${companySelect.replace('SELECT co.*', `SELECT co.*, ${column} AS sort_key`)}
          WHERE ${where} ${key ? `AND (${column} ${cmp} ? OR (${column} = ? AND co.id ${cmp} ?))` : ''}
          ORDER BY ${column} ${dir}, co.id ${dir} ${order.limit ? 'LIMIT ?' : ''}`,
    args: [...args, ...(key ? [key[0], key[0], key[1]] : []), ...(order.limit ? [order.limit + 1] : [])],
  });
  const companies = rows.slice(0, order.limit ?? rows.length).map(companyFromRow);
  const last = order.limit ? rows[order.limit - 1] : undefined;
  const more = order.limit !== undefined && rows.length > order.limit && last;
  return { companies, nextCursor: more ? encodeCursor([last.sort_key as string | number, String(last.id)]) : null };
}

const PEOPLE_SHOWN = 200;

/**
 * A company with its people, their deals (linked to the company or to one of its people), latest purchases,
 * open tickets, and totals: people, purchases per currency, open deals per currency.
 */
export async function companyDetail(db: Client, siteId: number, company: Company): Promise<CompanyDetail> {
  const id = company.id;
  const people = `(SELECT id FROM contacts WHERE site_id = ? AND company_id = ?)`;
  const q = (sql: string, args: InValue[]) => db.execute({ sql, args }).then((r) => r.rows);
  const [contacts, deals, purchases, tickets, spent, openDeals] = await Promise.all([
    q(
      `${contactSelect} WHERE c.site_id = ? AND c.company_id = ?
       ORDER BY coalesce(lower(c.name), c.email), c.id LIMIT ?`,
      [siteId, id, PEOPLE_SHOWN],
    ),
    q(
      `SELECT d.id, d.title, d.amount, d.currency, d.status, d.close_date, d.contact_id, s.name AS stage_name
       FROM deals d LEFT JOIN pipeline_stages s ON s.id = d.stage_id
       WHERE d.site_id = ? AND (d.company_id = ? OR d.contact_id IN ${people})
       ORDER BY d.status = 'open' DESC, d.updated_at DESC, d.id LIMIT 100`,
      [siteId, id, siteId, id],
    ),
    q(
      `SELECT id, contact_id, product_name, unit_price, quantity, currency, purchased_at FROM purchases
       WHERE site_id = ? AND contact_id IN ${people} ORDER BY purchased_at DESC, id LIMIT 100`,
      [siteId, siteId, id],
    ),
    q(
      `SELECT id, tracking_number, subject, status, priority, contact_id, created_at FROM tickets
       WHERE site_id = ? AND contact_id IN ${people} AND status IN ('open', 'pending')
       ORDER BY created_at DESC LIMIT 100`,
      [siteId, siteId, id],
    ),
    q(
      `SELECT currency, total(${purchaseAmount()}) AS amount FROM purchases
       WHERE site_id = ? AND contact_id IN ${people} GROUP BY currency ORDER BY currency`,
      [siteId, siteId, id],
    ),
    q(
      `SELECT currency, total(amount) AS amount, count(*) AS n FROM deals
       WHERE site_id = ? AND status = 'open' AND (company_id = ? OR contact_id IN ${people})
       GROUP BY currency ORDER BY currency`,
      [siteId, id, siteId, id],
    ),
  ]);
  return {
    ...company,
    contacts: contacts.map(contactFromRow),
    deals: deals.map((r) => ({
      id: String(r.id),
      title: String(r.title),
      amount: Number(r.amount),
      currency: String(r.currency),
      status: String(r.status) as 'open' | 'won' | 'lost',
      stageName: str(r.stage_name),
      closeDate: str(r.close_date),
      contactId: str(r.contact_id),
    })),
    purchases: purchases.map((r) => ({
      id: String(r.id),
      contactId: String(r.contact_id),
      productName: String(r.product_name),
      unitPrice: Number(r.unit_price),
      quantity: Number(r.quantity),
      currency: String(r.currency),
      purchasedAt: Number(r.purchased_at),
    })),
    tickets: tickets.map((r) => ({
      id: String(r.id),
      trackingNumber: String(r.tracking_number),
      subject: String(r.subject),
      status: String(r.status),
      priority: String(r.priority),
      contactId: String(r.contact_id),
      createdAt: Number(r.created_at),
    })),
    totals: {
      people: company.people,
      purchases: spent.map((r) => ({ currency: String(r.currency), amount: Number(r.amount) })),
      openDeals: openDeals.map((r) => ({ currency: String(r.currency), amount: Number(r.amount), count: Number(r.n) })),
    },
  };
}
