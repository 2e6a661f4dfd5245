import { z } from 'zod';
import type { AppDeps } from '../app-env.ts';
import { importCsv, type ImportResult } from '../csv.ts';
import { stage } from '../schemas/contacts.ts';
import { contactIdByEmail } from './contacts.ts';
import { upsertContact } from './create.ts';
import type { Actor } from './manage.ts';

const importRow = z.object({
  email: z.email().max(254),
  name: z.string().trim().max(200).optional(),
  phone: z.string().trim().max(50).optional(),
  company: z.string().trim().max(200).optional(),
  stage: stage.optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
  fields: z.record(z.string(), z.string().max(5000)).optional(),
});

/** A contact column's value into `row` (email and stage lower-case, tags split on `,`/`;`); others are left out. */
function setContactValue(row: Record<string, unknown>, target: string, v: string): void {
  if (target === 'tags')
    row.tags = v
      .split(/[,;]/)
      .map((t) => t.trim())
      .filter(Boolean);
  else if (['email', 'name', 'phone', 'company', 'stage'].includes(target))
    row[target] = target === 'email' || target === 'stage' ? v.toLowerCase() : v;
}

/**
 * Imports contacts from CSV text, idempotent by email: a new email is a new
 * contact (stage from the file, else `lead`; history reason `import`), a known
 * one gets the newer non-empty values and merged custom fields. Rows that do
 * not validate (or repeat an email of the file) are rejected with why. With
 * `dryRun` nothing is written.
 */
export async function importContacts(
  { db, writes }: Pick<AppDeps, 'db' | 'writes'>,
  actor: Actor,
  text: string,
  mapping: Record<string, string>,
  dryRun: boolean,
): Promise<ImportResult> {
  return importCsv(
    writes,
    actor,
    { text, mapping, dryRun, action: 'contacts.import' },
    {
      set: setContactValue,
      schema: importRow,
      keyOf: (r) => ({ key: r.email, field: 'email' }),
      store: async (r, now) => ({
        created: !(await contactIdByEmail(db, actor.siteId, r.email)),
        statements: upsertContact(actor.siteId, r, {
          origin: 'manual',
          existing: 'update',
          reason: 'import',
          userId: actor.userId,
          now,
        }).statements,
      }),
    },
  );
}
