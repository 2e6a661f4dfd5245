import type { InStatement, Row } from '@libsql/client';
import { Hono, type Context } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { findContact, stageChangeStatements } from '../db/contacts.ts';
import type { SqlPart } from '../db/row.ts';
import { ApiError } from '../errors.ts';
import { adminAuth } from '../middleware/admin-auth.ts';
import { validate } from '../middleware/validate.ts';
import { contactId } from '../schemas/contacts.ts';
import { purchaseAmount } from '../reports/money-sql.ts';
import { isMoney, MONEY_MAX } from '../schemas/numbers.ts';
import { customer, customersQuery, product, productInput, productUpdate, purchase, purchaseInput, serverPurchaseInput, type Customer, type Product, type Purchase } from '../schemas/sales.ts';

const doc = (summary: string, schema?: z.ZodType, tag = 'admin: sales') =>
  describeRoute({ tags: [tag], summary, security: [{ bearer: [] }], responses: { 200: { description: 'OK', ...(schema && { content: { 'application/json': { schema: resolver(schema) } } }) } } });
const toProduct = (r: Row): Product => ({ id: String(r.id), name: String(r.name), sku: r.sku == null ? null : String(r.sku), price: Number(r.price), currency: String(r.currency), contractMonths: r.contract_months == null ? null : Number(r.contract_months), active: Boolean(r.active) });
const toPurchase = (r: Row): Purchase => ({
  id: String(r.id), contactId: String(r.contact_id), productId: r.product_id == null ? null : String(r.product_id), productName: String(r.product_name), unitPrice: Number(r.unit_price),
  quantity: Number(r.quantity), total: Number(r.unit_price) * Number(r.quantity), currency: String(r.currency), salesRepId: r.sales_rep_id == null ? null : Number(r.sales_rep_id),
  instructions: r.instructions == null ? null : String(r.instructions), contractEndAt: r.contract_end_at == null ? null : Number(r.contract_end_at), externalId: r.external_id == null ? null : String(r.external_id), purchasedAt: Number(r.purchased_at),
});
const addMonths = (t: number, months: number) => {
  const d = new Date(t);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
};

/**
 * The statements of one purchase: the row (a repeated external id is stored
 * once), attributed to the contact's last-touch session, and the contact
 * becomes a customer. Product defaults (name, price, currency, contract
 * length) come from the catalogue.
 */
async function purchaseStatements(c: Context<AppEnv>, contact: SqlPart, input: z.infer<typeof purchaseInput>, id: string): Promise<InStatement[]> {
  const siteId = c.var.auth.site.id;
  let prod: Product | null = null;
  if (input.productId) {
    const { rows } = await c.var.deps.db.execute({ sql: 'SELECT * FROM products WHERE id = ? AND site_id = ?', args: [input.productId, siteId] });
    if (!rows[0]) throw new ApiError(400, 'validation_failed', 'productId: no such product');
    prod = toProduct(rows[0]);
  }
  if (!isMoney((input.unitPrice ?? prod!.price) * input.quantity)) {
    const message = `quantity: the unit price × quantity is over ${MONEY_MAX} minor units`;
    throw new ApiError(400, 'validation_failed', message);
  }
  if (input.salesRepId != null) {
    const { rows } = await c.var.deps.db.execute({ sql: "SELECT 1 FROM users WHERE id = ? AND site_id = ? AND role IN ('owner', 'rep')", args: [input.salesRepId, siteId] });
    if (!rows.length) throw new ApiError(400, 'validation_failed', 'salesRepId must be a rep or owner of this site');
  }
  const now = Date.now();
  const purchasedAt = input.purchasedAt ?? now;
  const contractEnd = input.contractEndAt ?? (prod?.contractMonths ? addMonths(purchasedAt, prod.contractMonths) : null);
  return [
    {
      sql: `INSERT INTO purchases (id, site_id, contact_id, product_id, product_name, unit_price, quantity, currency, sales_rep_id, instructions, contract_end_at, external_id, session, purchased_at, created_at)
            VALUES (?, ?, ${contact.sql}, ?, ?, ?, ?, ?, ?, ?, ?, ?,
              (SELECT s.id FROM sessions s JOIN contact_visitors cv ON cv.site_id = s.site_id AND cv.visitor = s.visitor WHERE cv.contact_id = ${contact.sql} ORDER BY s.started_at DESC LIMIT 1),
              ?, ?)
            ON CONFLICT (site_id, external_id) DO NOTHING`,
      args: [id, siteId, ...contact.args, prod?.id ?? null, input.productName ?? prod!.name, input.unitPrice ?? prod!.price, input.quantity, input.currency ?? prod!.currency,
        input.salesRepId ?? null, input.instructions ?? null, contractEnd, input.externalId ?? null, ...contact.args, purchasedAt, now] as never,
    },
    { sql: `UPDATE contacts SET updated_at = ? WHERE id = ${contact.sql}`, args: [now, ...contact.args] as never },
    ...stageChangeStatements(siteId, { sql: `c.id = ${contact.sql}`, args: contact.args }, 'customer', 'purchase', { userId: c.var.auth.userId, eventKey: `purchase-${id}`, now }),
  ];
}

/** The catalogue, purchases (by reps and by shop backends) and the customers view. */
export const adminPurchaseRoutes = () =>
  new Hono<AppEnv>()
    .get('/v1/admin/products', doc('The product catalogue', z.object({ products: z.array(product) })), adminAuth(['owner', 'rep', 'viewer', 'integration']), async (c) => {
      const { rows } = await c.var.deps.db.execute({ sql: 'SELECT * FROM products WHERE site_id = ? ORDER BY active DESC, name', args: [c.var.auth.site.id] });
      return c.json({ products: rows.map(toProduct) });
    })
    .post('/v1/admin/products', doc('Add a product', product), adminAuth(['owner']), validate('json', productInput), async (c) => {
      const p = c.req.valid('json');
      const now = Date.now();
      try {
        const [r] = await c.var.deps.writes.run([
          { sql: 'INSERT INTO products (id, site_id, name, sku, price, currency, contract_months, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *', args: [crypto.randomUUID(), c.var.auth.site.id, p.name, p.sku ?? null, p.price, p.currency, p.contractMonths ?? null, Number(p.active), now, now] },
        ]);
        return c.json(toProduct(r!.rows[0]!), 201);
      } catch (e) {
        if (/UNIQUE/.test(String(e))) throw new ApiError(409, 'conflict', 'a product with this SKU exists');
        throw e;
      }
    })
    .patch('/v1/admin/products/:id', doc('Change a product', product), adminAuth(['owner']), validate('param', z.object({ id: z.uuid() })), validate('json', productUpdate), async (c) => {
      const p = c.req.valid('json');
      const [r] = await c.var.deps.writes.run([
        {
          sql: `UPDATE products SET name = coalesce(?, name), sku = coalesce(?, sku), price = coalesce(?, price), currency = coalesce(?, currency), contract_months = coalesce(?, contract_months),
                active = coalesce(?, active), updated_at = ? WHERE id = ? AND site_id = ? RETURNING *`,
          args: [p.name ?? null, p.sku ?? null, p.price ?? null, p.currency ?? null, p.contractMonths ?? null, p.active === undefined ? null : Number(p.active), Date.now(), c.req.valid('param').id, c.var.auth.site.id],
        },
      ]);
      if (!r!.rows[0]) throw new ApiError(404, 'not_found', 'no such product');
      return c.json(toProduct(r!.rows[0]));
    })
    .get('/v1/admin/contacts/:id/purchases', doc('A contact’s purchases', z.object({ purchases: z.array(purchase) })), adminAuth(['owner', 'rep', 'viewer']), validate('param', z.object({ id: contactId })), async (c) => {
      if (!(await findContact(c.var.deps.db, c.var.auth.site.id, c.req.valid('param').id))) throw new ApiError(404, 'not_found', 'no such contact');
      const { rows } = await c.var.deps.db.execute({ sql: 'SELECT * FROM purchases WHERE site_id = ? AND contact_id = ? ORDER BY purchased_at DESC', args: [c.var.auth.site.id, c.req.valid('param').id] });
      return c.json({ purchases: rows.map(toPurchase) });
    })
    .post('/v1/admin/contacts/:id/purchases', doc('Record a purchase (the contact becomes a customer)', purchase), adminAuth(['owner', 'rep']), validate('param', z.object({ id: contactId })), validate('json', purchaseInput), async (c) => {
      const { id } = c.req.valid('param');
      if (!(await findContact(c.var.deps.db, c.var.auth.site.id, id))) throw new ApiError(404, 'not_found', 'no such contact');
      const purchaseId = crypto.randomUUID();
      await c.var.deps.writes.run(await purchaseStatements(c, { sql: '?', args: [id] }, c.req.valid('json'), purchaseId));
      const { rows } = await c.var.deps.db.execute({ sql: 'SELECT * FROM purchases WHERE id = ?', args: [purchaseId] });
      return c.json(toPurchase(rows[0]!), 201);
    })
    .post('/v1/admin/purchases', doc('Server to server: record a purchase for a contact by id or email', purchase), adminAuth(['owner', 'integration']), validate('json', serverPurchaseInput), async (c) => {
      const input = c.req.valid('json');
      const siteId = c.var.auth.site.id;
      const statements: InStatement[] = [];
      let contact: SqlPart;
      if (input.contactId) {
        if (!(await findContact(c.var.deps.db, siteId, input.contactId))) throw new ApiError(404, 'not_found', 'no such contact');
        contact = { sql: '?', args: [input.contactId] };
      } else {
        const email = input.email!.toLowerCase();
        const now = Date.now();
        const newId = crypto.randomUUID();
        statements.push(
          { sql: `INSERT INTO contacts (id, site_id, email, name, stage, origin, created_at, updated_at) VALUES (?, ?, ?, ?, 'lead', 'purchase', ?, ?) ON CONFLICT (site_id, email) DO NOTHING`, args: [newId, siteId, email, input.name ?? null, now, now] },
          { sql: "INSERT INTO stage_history (contact_id, from_stage, to_stage, reason, at) SELECT ?, NULL, 'lead', 'purchase', ? WHERE changes() > 0", args: [newId, now] },
        );
        contact = { sql: '(SELECT id FROM contacts WHERE site_id = ? AND email = ?)', args: [siteId, email] };
      }
      if (input.externalId) {
        const { rows } = await c.var.deps.db.execute({ sql: 'SELECT * FROM purchases WHERE site_id = ? AND external_id = ?', args: [siteId, input.externalId] });
        if (rows[0]) return c.json(toPurchase(rows[0]), 200); // a resend
      }
      const purchaseId = crypto.randomUUID();
      await c.var.deps.writes.run([...statements, ...(await purchaseStatements(c, contact, input, purchaseId))]);
      const { rows } = await c.var.deps.db.execute({ sql: 'SELECT * FROM purchases WHERE id = ? OR (site_id = ? AND external_id = ?)', args: [purchaseId, siteId, input.externalId ?? null] });
      return c.json(toPurchase(rows[0]!), 201);
    })
    .get('/v1/admin/customers', doc('Customers: purchases, revenue (reporting currency; others listed apart), contract ends', z.object({ customers: z.array(customer) })), adminAuth(['owner', 'rep', 'viewer']), validate('query', customersQuery), async (c) => {
      const q = c.req.valid('query');
      const { id: siteId, currency } = c.var.auth.site;
      const now = Date.now();
      const within = q.contractEndsWithin ? `AND EXISTS (SELECT 1 FROM purchases e WHERE e.contact_id = p.contact_id AND e.contract_end_at BETWEEN ${now} AND ${now + q.contractEndsWithin * 86_400_000})` : '';
      const { rows } = await c.var.deps.db.execute({
        sql: `SELECT p.contact_id, c.name, c.email, count(*) AS purchases,
                total(CASE WHEN p.currency = ? THEN ${purchaseAmount('p')} END) AS revenue,
                json_group_array(json_array(p.currency, ${purchaseAmount('p')})) AS amounts,
                min(p.purchased_at) AS first_at, max(p.purchased_at) AS last_at,
                min(CASE WHEN p.contract_end_at >= ? THEN p.contract_end_at END) AS next_end
              FROM purchases p JOIN contacts c ON c.id = p.contact_id
              WHERE p.site_id = ? ${within}
              GROUP BY p.contact_id ORDER BY revenue DESC, last_at DESC LIMIT ?`,
        args: [currency, now, siteId, q.limit],
      });
      const customers: Customer[] = rows.map((r) => {
        const other: Record<string, number> = {};
        for (const [cur, amount] of JSON.parse(String(r.amounts)) as [string, number][]) if (cur !== currency) other[cur] = (other[cur] ?? 0) + amount;
        return {
          contactId: String(r.contact_id), name: r.name == null ? null : String(r.name), email: r.email == null ? null : String(r.email), purchases: Number(r.purchases),
          revenue: Number(r.revenue), currency, otherCurrencies: other, firstPurchaseAt: Number(r.first_at), lastPurchaseAt: Number(r.last_at), nextContractEndAt: r.next_end == null ? null : Number(r.next_end),
        };
      });
      return c.json({ customers });
    });
