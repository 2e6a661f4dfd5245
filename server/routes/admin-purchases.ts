import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { actorOf } from '../contacts/manage.ts';
import { contactParam } from '../middleware/contact-param.ts';
import { contactPurchases, recordPurchase, toProduct } from '../purchases/purchases.ts';
import { ApiError } from '../errors.ts';
import { can } from '../middleware/roles.ts';
import { validate } from '../middleware/validate.ts';
import { contactId } from '../schemas/contacts.ts';
import { purchaseAmount } from '../reports/money-sql.ts';
import {
  customer,
  customersQuery,
  product,
  productInput,
  productUpdate,
  purchase,
  purchaseInput,
  serverPurchaseInput,
  type Customer,
} from '../schemas/sales.ts';
import { queuePurchaseSurvey } from '../surveys/email.ts';
import { routeDoc } from './route-doc.ts';
import { serverUrl } from './server-url.ts';

const doc = routeDoc('admin: sales');
/** The catalogue, purchases (by reps and by shop backends) and the customers view. */
export const adminPurchaseRoutes = () =>
  new Hono<AppEnv>()
    .get(
      '/v1/admin/products',
      doc('The product catalogue', z.object({ products: z.array(product) })),
      can.signedIn,
      async (c) => {
        const { rows } = await c.var.deps.db.execute({
          sql: 'SELECT * FROM products WHERE site_id = ? ORDER BY active DESC, name',
          args: [c.var.auth.site.id],
        });
        return c.json({ products: rows.map(toProduct) });
      },
    )
    .post(
      '/v1/admin/products',
      doc('Add a product', product),
      can.manage,
      validate('json', productInput),
      async (c) => {
        const p = c.req.valid('json');
        const now = Date.now();
        try {
          const [r] = await c.var.deps.writes.run([
            {
              sql: 'INSERT INTO products (id, site_id, name, sku, price, currency, contract_months, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *',
              args: [
                crypto.randomUUID(),
                c.var.auth.site.id,
                p.name,
                p.sku ?? null,
                p.price,
                p.currency,
                p.contractMonths ?? null,
                Number(p.active),
                now,
                now,
              ],
            },
          ]);
          return c.json(toProduct(r!.rows[0]!), 201);
        } catch (e) {
          if (/UNIQUE/.test(String(e))) throw new ApiError(409, 'conflict', 'a product with this SKU exists');
          throw e;
        }
      },
    )
    .patch(
      '/v1/admin/products/:id',
      doc('Change a product', product),
      can.manage,
      validate('param', z.object({ id: z.uuid() })),
      validate('json', productUpdate),
      async (c) => {
        const p = c.req.valid('json');
        const [r] = await c.var.deps.writes.run([
          {
            sql: `UPDATE products SET name = coalesce(?, name), sku = coalesce(?, sku), price = coalesce(?, price), currency = coalesce(?, currency), contract_months = coalesce(?, contract_months),
                active = coalesce(?, active), updated_at = ? WHERE id = ? AND site_id = ? RETURNING *`,
            args: [
              p.name ?? null,
              p.sku ?? null,
              p.price ?? null,
              p.currency ?? null,
              p.contractMonths ?? null,
              p.active === undefined ? null : Number(p.active),
              Date.now(),
              c.req.valid('param').id,
              c.var.auth.site.id,
            ],
          },
        ]);
        if (!r!.rows[0]) throw new ApiError(404, 'not_found', 'no such product');
        return c.json(toProduct(r!.rows[0]));
      },
    )
    .get(
      '/v1/admin/contacts/:id/purchases',
      doc('A contact’s purchases', z.object({ purchases: z.array(purchase) })),
      can.read,
      validate('param', z.object({ id: contactId })),
      contactParam(),
      async (c) => c.json({ purchases: await contactPurchases(c.var.deps, c.var.auth.site.id, c.var.contact.id) }),
    )
    .post(
      '/v1/admin/contacts/:id/purchases',
      doc('Record a purchase (the contact becomes a customer)', purchase),
      can.write,
      validate('param', z.object({ id: contactId })),
      validate('json', purchaseInput),
      contactParam(),
      async (c) => {
        const { purchase: p, created } = await recordPurchase(
          c.var.deps,
          actorOf(c),
          { contactId: c.var.contact.id },
          c.req.valid('json'),
        );
        if (created) await queuePurchaseSurvey(c.var.deps, c.var.auth.site, p, serverUrl(c));
        return c.json(p, 201);
      },
    )
    .post(
      '/v1/admin/purchases',
      doc('Server to server: record a purchase for a contact by id or email', purchase),
      can.integrate,
      validate('json', serverPurchaseInput),
      async (c) => {
        const { contactId: id, email, name, ...input } = c.req.valid('json');
        const { purchase: p, created } = await recordPurchase(
          c.var.deps,
          actorOf(c),
          { contactId: id, email, name },
          input,
        );
        if (created) await queuePurchaseSurvey(c.var.deps, c.var.auth.site, p, serverUrl(c));
        return c.json(p, created ? 201 : 200);
      },
    )
    .get(
      '/v1/admin/customers',
      doc(
        'Customers: purchases, revenue (reporting currency; others listed apart), contract ends',
        z.object({ customers: z.array(customer) }),
      ),
      can.read,
      validate('query', customersQuery),
      async (c) => {
        const q = c.req.valid('query');
        const { id: siteId, currency } = c.var.auth.site;
        const now = Date.now();
        const within = q.contractEndsWithin
          ? `AND EXISTS (SELECT 1 FROM purchases e WHERE e.contact_id = p.contact_id AND e.contract_end_at BETWEEN ${now} AND ${now + q.contractEndsWithin * 86_400_000})`
          : '';
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
          for (const [cur, amount] of JSON.parse(String(r.amounts)) as [string, number][])
            if (cur !== currency) other[cur] = (other[cur] ?? 0) + amount;
          return {
            contactId: String(r.contact_id),
            name: r.name == null ? null : String(r.name),
            email: r.email == null ? null : String(r.email),
            purchases: Number(r.purchases),
            revenue: Number(r.revenue),
            currency,
            otherCurrencies: other,
            firstPurchaseAt: Number(r.first_at),
            lastPurchaseAt: Number(r.last_at),
            nextContractEndAt: r.next_end == null ? null : Number(r.next_end),
          };
        });
        return c.json({ customers });
      },
    );
