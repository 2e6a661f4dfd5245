import type { InStatement, Row } from '@libsql/client';
import type { z } from 'zod';
import type { AppDeps } from '../app-env.ts';
import { findContact } from '../contacts/contacts.ts';
import { upsertContact } from '../contacts/create.ts';
import type { Actor } from '../contacts/manage.ts';
import { assertStaff } from '../contacts/staff.ts';
import { applyStageRule } from '../contacts/stages.ts';
import type { SqlPart } from '../db/row.ts';
import { ApiError } from '../errors.ts';
import { isMoney, MONEY_MAX } from '../schemas/numbers.ts';
import type { Product, Purchase, purchaseInput } from '../schemas/sales.ts';

type Deps = Pick<AppDeps, 'db' | 'writes'>;
export type PurchaseInput = z.infer<typeof purchaseInput>;

export const toProduct = (r: Row): Product => ({
  id: String(r.id),
  name: String(r.name),
  sku: r.sku == null ? null : String(r.sku),
  price: Number(r.price),
  currency: String(r.currency),
  contractMonths: r.contract_months == null ? null : Number(r.contract_months),
  active: Boolean(r.active),
});
export const toPurchase = (r: Row): Purchase => ({
  id: String(r.id),
  contactId: String(r.contact_id),
  productId: r.product_id == null ? null : String(r.product_id),
  productName: String(r.product_name),
  unitPrice: Number(r.unit_price),
  quantity: Number(r.quantity),
  total: Number(r.unit_price) * Number(r.quantity),
  currency: String(r.currency),
  salesRepId: r.sales_rep_id == null ? null : Number(r.sales_rep_id),
  instructions: r.instructions == null ? null : String(r.instructions),
  contractEndAt: r.contract_end_at == null ? null : Number(r.contract_end_at),
  externalId: r.external_id == null ? null : String(r.external_id),
  purchasedAt: Number(r.purchased_at),
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
async function purchaseStatements(
  { db }: Deps,
  actor: Actor,
  contact: SqlPart,
  input: PurchaseInput,
  id: string,
  dealId: string | null = null,
): Promise<InStatement[]> {
  const { siteId } = actor;
  let prod: Product | null = null;
  if (input.productId) {
    const { rows } = await db.execute({
      sql: 'SELECT * FROM products WHERE id = ? AND site_id = ?',
      args: [input.productId, siteId],
    });
    if (!rows[0]) throw new ApiError(400, 'validation_failed', 'productId: no such product');
    prod = toProduct(rows[0]);
    // Archived: no longer sold. Its past purchases keep it (and its name); new ones cannot name it.
    if (!prod.active) throw new ApiError(400, 'validation_failed', 'productId: the product is archived');
  }
  if (!isMoney((input.unitPrice ?? prod!.price) * input.quantity)) {
    throw new ApiError(
      400,
      'validation_failed',
      `quantity: the unit price × quantity is over ${MONEY_MAX} minor units`,
    );
  }
  await assertStaff(db, siteId, input.salesRepId, 'salesRepId');
  const now = Date.now();
  const purchasedAt = input.purchasedAt ?? now;
  const contractEnd =
    input.contractEndAt ?? (prod?.contractMonths ? addMonths(purchasedAt, prod.contractMonths) : null);
  return [
    {
      sql: `INSERT INTO purchases (id, site_id, contact_id, product_id, product_name, unit_price, quantity, currency,
              sales_rep_id, instructions,
              contract_end_at, external_id, deal_id, session, purchased_at, created_at)
            VALUES (?, ?, ${contact.sql}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
              (SELECT s.id FROM sessions s JOIN contact_visitors cv ON cv.site_id = s.site_id AND cv.visitor = s.visitor
                WHERE cv.contact_id = ${contact.sql} ORDER BY s.started_at DESC LIMIT 1),
              ?, ?)
            ON CONFLICT (site_id, external_id) DO NOTHING`,
      args: [
        id,
        siteId,
        ...contact.args,
        prod?.id ?? null,
        input.productName ?? prod!.name,
        input.unitPrice ?? prod!.price,
        input.quantity,
        input.currency ?? prod!.currency,
        input.salesRepId ?? null,
        input.instructions ?? null,
        contractEnd,
        input.externalId ?? null,
        dealId,
        ...contact.args,
        purchasedAt,
        now,
      ],
    },
    { sql: `UPDATE contacts SET updated_at = ? WHERE id = ${contact.sql}`, args: [now, ...contact.args] },
    ...applyStageRule(siteId, { sql: `c.id = ${contact.sql}`, args: contact.args }, 'purchase', {
      userId: actor.userId,
      eventKey: `purchase-${id}`,
      now,
    }),
  ];
}

/**
 * The purchases a won deal represents, for its contact, in one batch (the contact becomes a customer once),
 * each with `purchases.deal_id` set. The deal's rules (won, once, with a contact) are the caller's.
 */
export async function recordDealPurchases(
  deps: Deps,
  actor: Actor,
  contactId: string,
  dealId: string,
  inputs: PurchaseInput[],
): Promise<Purchase[]> {
  const contact = { sql: '?', args: [contactId] };
  const ids = inputs.map(() => crypto.randomUUID());
  const statements: InStatement[] = [];
  for (const [i, input] of inputs.entries())
    statements.push(...(await purchaseStatements(deps, actor, contact, input, ids[i]!, dealId)));
  await deps.writes.run(statements);
  return dealPurchases(deps, actor.siteId, dealId);
}

/** The purchases made from a deal, oldest first. */
export async function dealPurchases({ db }: Pick<Deps, 'db'>, siteId: number, dealId: string): Promise<Purchase[]> {
  const { rows } = await db.execute({
    sql: 'SELECT * FROM purchases WHERE site_id = ? AND deal_id = ? ORDER BY purchased_at, id',
    args: [siteId, dealId],
  });
  return rows.map(toPurchase);
}

/** The purchases of a contact, newest first. */
export async function contactPurchases(
  { db }: Pick<Deps, 'db'>,
  siteId: number,
  contactId: string,
): Promise<Purchase[]> {
  const { rows } = await db.execute({
    sql: 'SELECT * FROM purchases WHERE site_id = ? AND contact_id = ? ORDER BY purchased_at DESC',
    args: [siteId, contactId],
  });
  return rows.map(toPurchase);
}

/**
 * Records a purchase for a contact given by id (404 when the site has none) or by email (found, else created: stage
 * `lead`, reason `purchase`, then a customer). A resent `externalId` answers the stored purchase (`created: false`).
 */
export async function recordPurchase(
  deps: Deps,
  actor: Actor,
  buyer: { contactId?: string; email?: string; name?: string },
  input: PurchaseInput,
): Promise<{ purchase: Purchase; created: boolean }> {
  const { db, writes } = deps;
  const { siteId } = actor;
  const statements: InStatement[] = [];
  let contact: SqlPart;
  if (buyer.contactId) {
    if (!(await findContact(db, siteId, buyer.contactId))) throw new ApiError(404, 'not_found', 'no such contact');
    contact = { sql: '?', args: [buyer.contactId] };
  } else {
    const created = upsertContact(
      siteId,
      { email: buyer.email, name: buyer.name },
      { origin: 'purchase', existing: 'keep' },
    );
    contact = created.contact;
    statements.push(...created.statements);
  }
  if (input.externalId) {
    const { rows } = await db.execute({
      sql: 'SELECT * FROM purchases WHERE site_id = ? AND external_id = ?',
      args: [siteId, input.externalId],
    });
    if (rows[0]) return { purchase: toPurchase(rows[0]), created: false };
  }
  const id = crypto.randomUUID();
  await writes.run([...statements, ...(await purchaseStatements(deps, actor, contact, input, id))]);
  const { rows } = await db.execute({
    sql: 'SELECT * FROM purchases WHERE id = ? OR (site_id = ? AND external_id = ?)',
    args: [id, siteId, input.externalId ?? null],
  });
  return { purchase: toPurchase(rows[0]!), created: true };
}
