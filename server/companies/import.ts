import type { Client, InStatement } from '@libsql/client';
import type { AppDeps } from '../app-env.ts';
import type { ImportResult } from '../contacts/import.ts';
import type { Actor } from '../contacts/manage.ts';
import { columnTarget, customKey, parseCsv, validRows } from '../csv.ts';
import { auditStatement } from '../db/audit.ts';
import { companyCreate, type CompanyCreate } from '../schemas/companies.ts';
import { companySets, insertCompany } from './manage.ts';

/** The columns of the companies CSV export, which the import reads back. */
export const companyColumns = ['id', 'name', 'domain', 'industry', 'size', 'owner_id', 'people', 'created_at'] as const;
const importable = new Set(['name', 'domain', 'industry', 'size']);

/** One CSV row as company values, by `mapping` (header → name, domain, industry, size, custom:NAME, ignore). */
function rowValues(raw: Record<string, string>, mapping: Record<string, string>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [col, value] of Object.entries(raw)) {
    const target = columnTarget(col, mapping);
    const v = (value ?? '').trim();
    if (!v || target === 'ignore') continue;
    if (target.startsWith('custom:')) ((row.fields ??= {}) as Record<string, string>)[customKey(target)] = v;
    else if (importable.has(target)) row[target] = v;
  }
  return row;
}

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
  const parsed = parseCsv(text);
  const { valid, rejected } = validRows(
    parsed.rows,
    (raw) => rowValues(raw, mapping),
    companyCreate,
    (r) => (r.domain ? { key: r.domain, field: 'domain' } : { key: `name:${r.name.toLowerCase()}`, field: 'name' }),
  );
  let created = 0;
  let updated = 0;
  const statements: InStatement[] = [];
  const now = Date.now();
  for (const r of valid) {
    const id = await existingCompany(db, actor.siteId, r);
    if (id) {
      updated++;
      const [sets, args] = companySets(r, now);
      statements.push({
        sql: `UPDATE companies SET ${sets} WHERE site_id = ? AND id = ?`,
        args: [...args, actor.siteId, id],
      });
    } else {
      created++;
      statements.push(...insertCompany(actor.siteId, r, crypto.randomUUID(), now));
    }
  }
  if (!dryRun && statements.length)
    await writes.run([
      ...statements,
      auditStatement(actor.siteId, actor.userId, 'companies.import', null, {
        created,
        updated,
        rejected: rejected.length,
      }),
    ]);
  return { dryRun, columns: parsed.columns, created, updated, rejected };
}
