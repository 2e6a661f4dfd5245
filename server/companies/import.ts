import type { Client } from '@libsql/client';
import type { AppDeps } from '../app-env.ts';
import type { Actor } from '../contacts/manage.ts';
import { importCsv, type ImportResult } from '../csv.ts';
import { companyCreate, type CompanyCreate } from '../schemas/companies.ts';
import { companySets, insertCompany } from './manage.ts';

/** The columns of the companies CSV export, which the import reads back. */
export const companyColumns = ['id', 'name', 'domain', 'industry', 'size', 'owner_id', 'people', 'created_at'] as const;
const importable = new Set(['name', 'domain', 'industry', 'size']);

/** A company column's value into `row` (name, domain, industry, size); others are left out. */
const setCompanyValue = (row: Record<string, unknown>, target: string, v: string) => {
  if (importable.has(target)) row[target] = v;
};

/** The id of the site's company this row is: same domain, or (without one) same name among domain-less ones. */
async function existingCompany(db: Client, siteId: number, r: CompanyCreate): Promise<string | null> {
  const { rows } = await db.execute(
    r.domain
      ? { sql: 'SELECT id FROM companies WHERE site_id = ? AND domain = ?', args: [siteId, r.domain] }
      : {
          sql: 'SELECT id FROM companies WHERE site_id = ? AND domain IS NULL AND lower(name) = lower(?) LIMIT 1',
          args: [siteId, r.name],
        },
  );
  return rows[0] ? String(rows[0].id) : null;
}

/**
 * Imports companies from CSV text, deduplicated by domain (a row without one by name among the companies
 * without a domain): a new one is created (webhook `company.created`), a known one gets the file's non-empty
 * values and merged custom fields. Rows that do not validate, or repeat a domain of the file, are rejected
 * with why. With `dryRun` nothing is written.
 */
export async function importCompanies(
  { db, writes }: Pick<AppDeps, 'db' | 'writes'>,
  actor: Actor,
  text: string,
  mapping: Record<string, string>,
  dryRun: boolean,
): Promise<ImportResult> {
  return importCsv(
    writes,
    actor,
    { text, mapping, dryRun, action: 'companies.import' },
    {
      set: setCompanyValue,
      schema: companyCreate,
      keyOf: (r) =>
        r.domain ? { key: r.domain, field: 'domain' } : { key: `name:${r.name.toLowerCase()}`, field: 'name' },
      async store(r, now) {
        const id = await existingCompany(db, actor.siteId, r);
        if (!id) return { created: true, statements: insertCompany(actor.siteId, r, crypto.randomUUID(), now) };
        const [sets, args] = companySets(r, now);
        return {
          created: false,
          statements: [
            { sql: `UPDATE companies SET ${sets} WHERE site_id = ? AND id = ?`, args: [...args, actor.siteId, id] },
          ],
        };
      },
    },
  );
}
