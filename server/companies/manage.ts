import type { Client, InStatement, InValue } from '@libsql/client';
import type { AppDeps } from '../app-env.ts';
import type { Actor } from '../contacts/manage.ts';
import { assertStaff } from '../contacts/staff.ts';
import { auditIfChanged, auditStatement } from '../db/audit.ts';
import { enqueueWebhook } from '../db/outbox.ts';
import { ApiError } from '../errors.ts';
import type { Company, CompanyCreate, CompanyUpdate } from '../schemas/companies.ts';
import { companyJsonSql, findCompany } from './companies.ts';

type Deps = Pick<AppDeps, 'db' | 'writes'>;

/** A domain another company of the site has is a 409 naming it (the unique index decides a race). */
async function assertDomainFree(db: Client, siteId: number, domain: string, except?: string): Promise<void> {
  const { rows } = await db.execute({
    sql: 'SELECT id FROM companies WHERE site_id = ? AND domain = ?',
    args: [siteId, domain],
  });
  const id = rows[0]?.id;
  if (id != null && id !== except)
    throw new ApiError(409, 'conflict', `a company with this domain exists: ${String(id)}`);
}

/**
 * A new company as statements of the caller's batch, with its `company.created` webhook (the import writes
 * many in one batch). `id` is the new company's id.
 */
export function insertCompany(siteId: number, input: CompanyCreate, id: string, now: number): InStatement[] {
  return [
    {
      sql: `INSERT INTO companies (id, site_id, name, domain, industry, size, owner_id, fields, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        id,
        siteId,
        input.name,
        input.domain ?? null,
        input.industry ?? null,
        input.size ?? null,
        input.ownerId ?? null,
        JSON.stringify(input.fields ?? {}),
        now,
        now,
      ],
    },
    enqueueWebhook(
      siteId,
      'company.created',
      { sql: '?', args: [id] },
      { sql: `(SELECT ${companyJsonSql} FROM companies co WHERE co.id = ?)`, args: [id] },
      undefined,
      now,
    ),
  ];
}

/** Creates a company (audited, webhook `company.created`); its domain must be free on the site (else 409). */
export async function createCompany({ db, writes }: Deps, actor: Actor, input: CompanyCreate): Promise<Company> {
  await assertStaff(db, actor.siteId, input.ownerId, 'ownerId');
  if (input.domain) await assertDomainFree(db, actor.siteId, input.domain);
  const id = crypto.randomUUID();
  const now = Date.now();
  await writes.run([
    ...insertCompany(actor.siteId, input, id, now),
    auditStatement(actor.siteId, actor.userId, 'company.create', id, undefined, now),
  ]);
  return (await findCompany(db, actor.siteId, id))!;
}

/** The columns an update sets (`null` clears; custom fields merge), shared by the edit and the import. */
export function companySets(input: CompanyUpdate, now: number): [string, InValue[]] {
  const sets: string[] = ['updated_at = ?'];
  const args: InValue[] = [now];
  const set = (column: string, value: InValue | undefined) =>
    value !== undefined && (sets.push(`${column} = ?`), args.push(value));
  set('name', input.name);
  set('domain', input.domain);
  set('industry', input.industry);
  set('size', input.size);
  set('owner_id', input.ownerId);
  if (input.fields) (sets.push('fields = json_patch(fields, ?)'), args.push(JSON.stringify(input.fields)));
  return [sets.join(', '), args];
}

/** Given keys change; `null` clears; custom fields merge (audited). */
export async function updateCompany(
  { db, writes }: Deps,
  actor: Actor,
  company: Company,
  input: CompanyUpdate,
): Promise<Company> {
  const { siteId, userId } = actor;
  await assertStaff(db, siteId, input.ownerId, 'ownerId');
  if (input.domain) await assertDomainFree(db, siteId, input.domain, company.id);
  const now = Date.now();
  const [sets, args] = companySets(input, now);
  await writes.run([
    { sql: `UPDATE companies SET ${sets} WHERE site_id = ? AND id = ?`, args: [...args, siteId, company.id] },
    auditIfChanged(siteId, userId, 'company.update', company.id, { fields: Object.keys(input) }, now),
  ]);
  const updated = await findCompany(db, siteId, company.id);
  if (!updated) throw new ApiError(404, 'not_found', 'no such company');
  return updated;
}

/**
 * Deletes a company: its contacts and deals stay, unlinked (explicit statements, not by the foreign keys'
 * `SET NULL`: that pragma is per connection).
 */
export async function deleteCompany({ writes }: Deps, actor: Actor, company: Company): Promise<void> {
  const { siteId } = actor;
  await writes.run([
    { sql: 'UPDATE contacts SET company_id = NULL WHERE site_id = ? AND company_id = ?', args: [siteId, company.id] },
    { sql: 'UPDATE deals SET company_id = NULL WHERE site_id = ? AND company_id = ?', args: [siteId, company.id] },
    { sql: 'DELETE FROM companies WHERE site_id = ? AND id = ?', args: [siteId, company.id] },
    auditIfChanged(siteId, actor.userId, 'company.delete', company.id),
  ]);
}

/**
 * Links the contacts to the company (a contact works at one company: a link to another moves it). Every id
 * must be one of the site's contacts, else 404 and nothing changes. Answers how many changed.
 */
export async function linkContacts({ db, writes }: Deps, actor: Actor, company: Company, ids: string[]) {
  const unique = [...new Set(ids)];
  const marks = unique.map(() => '?').join(', ');
  const { rows } = await db.execute({
    sql: `SELECT count(*) AS n FROM contacts WHERE site_id = ? AND id IN (${marks})`,
    args: [actor.siteId, ...unique],
  });
  if (Number(rows[0]!.n) !== unique.length) throw new ApiError(404, 'not_found', 'no such contact');
  const now = Date.now();
  const [result] = await writes.run([
    {
      sql: `UPDATE contacts SET company_id = ?, updated_at = ?
            WHERE site_id = ? AND id IN (${marks}) AND company_id IS NOT ?
              AND EXISTS (SELECT 1 FROM companies WHERE site_id = ? AND id = ?)`,
      args: [company.id, now, actor.siteId, ...unique, company.id, actor.siteId, company.id],
    },
    auditIfChanged(actor.siteId, actor.userId, 'company.link', company.id, { contacts: unique }, now),
  ]);
  return { linked: result!.rowsAffected };
}

/** Unlinks one contact from the company (the contact stays); 404 when it is not linked to it. */
export async function unlinkContact({ writes }: Deps, actor: Actor, company: Company, contactId: string) {
  const now = Date.now();
  const [result] = await writes.run([
    {
      sql: 'UPDATE contacts SET company_id = NULL, updated_at = ? WHERE site_id = ? AND id = ? AND company_id = ?',
      args: [now, actor.siteId, contactId, company.id],
    },
    auditIfChanged(actor.siteId, actor.userId, 'company.unlink', company.id, { contact: contactId }, now),
  ]);
  if (!result!.rowsAffected) throw new ApiError(404, 'not_found', 'no such contact at this company');
}
