import type { InStatement } from '@libsql/client';
import { z } from 'zod';
import type { AppDeps } from '../app-env.ts';
import { auditStatement } from '../db/audit.ts';
import { columnTarget, customKey, parseCsv, validRows } from '../csv.ts';
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

export interface ImportResult {
  dryRun: boolean;
  columns: string[];
  created: number;
  updated: number;
  rejected: { row: number; reason: string }[];
}

/** One CSV row as contact values, by `mapping` (header → email, name, phone, company, stage, tags, custom:NAME, ignore). */
function rowValues(raw: Record<string, string>, mapping: Record<string, string>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [col, value] of Object.entries(raw)) {
    const target = columnTarget(col, mapping);
    const v = (value ?? '').trim();
    if (!v || target === 'ignore') continue;
    if (target.startsWith('custom:')) ((row.fields ??= {}) as Record<string, string>)[customKey(target)] = v;
    else if (target === 'tags')
      row.tags = v
        .split(/[,;]/)
        .map((t) => t.trim())
        .filter(Boolean);
    else if (['email', 'name', 'phone', 'company', 'stage'].includes(target))
      row[target] = target === 'email' || target === 'stage' ? v.toLowerCase() : v;
  }
  return row;
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
  const parsed = parseCsv(text);
  const { valid, rejected } = validRows(
    parsed.rows,
    (raw) => rowValues(raw, mapping),
    importRow,
    (r) => ({ key: r.email, field: 'email' }),
  );
  let created = 0;
  let updated = 0;
  const statements: InStatement[] = [];
  const now = Date.now();
  for (const r of valid) {
    if (await contactIdByEmail(db, actor.siteId, r.email)) updated++;
    else created++;
    statements.push(
      ...upsertContact(actor.siteId, r, {
        origin: 'manual',
        existing: 'update',
        reason: 'import',
        userId: actor.userId,
        now,
      }).statements,
    );
  }
  if (!dryRun && statements.length)
    await writes.run([
      ...statements,
      auditStatement(actor.siteId, actor.userId, 'contacts.import', null, {
        created,
        updated,
        rejected: rejected.length,
      }),
    ]);
  return { dryRun, columns: parsed.columns, created, updated, rejected };
}
