import type { InStatement } from '@libsql/client';
import Papa from 'papaparse';
import type { z } from 'zod';
import { auditStatement } from './db/audit.ts';
import type { WriteQueue } from './db/write-queue.ts';
import { ApiError } from './errors.ts';

/** A CSV cell a spreadsheet will not run: `= + - @` (and tab/CR) at the start get a leading `'`. */
export const safeCell = (v: unknown): string => {
  const s = v == null ? '' : String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
};

/** A CSV document (UTF-8 BOM so spreadsheets read Arabic and Urdu right, CRLF lines), every cell made safe. */
export const toCsv = (fields: readonly string[], data: unknown[][]) =>
  `\uFEFF${Papa.unparse({ fields: [...fields], data: data.map((row) => row.map(safeCell)) })}\r\n`;

/** Rows per CSV import. */
const MAX_IMPORT_ROWS = 5000;

/** An imported CSV file's header and rows (a BOM is dropped): 400 without a header row, 413 past 5,000 rows. */
export function parseCsv(text: string): { columns: string[]; rows: Record<string, string>[] } {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  });
  if (!parsed.meta.fields?.length) throw new ApiError(400, 'validation_failed', 'the CSV needs a header row');
  if (parsed.data.length > MAX_IMPORT_ROWS)
    throw new ApiError(413, 'payload_too_large', 'at most 5,000 rows per import');
  return { columns: parsed.meta.fields, rows: parsed.data };
}

/** A CSV column's target field: the import's `mapping`, else the header itself (trimmed, lower-case). */
const columnTarget = (column: string, mapping: Record<string, string>): string =>
  (Object.hasOwn(mapping, column) ? mapping[column] : undefined) ?? column.trim().toLowerCase();

/** `custom:Plan Name` → the custom field key `plan_name`. */
const customKey = (target: string): string =>
  target
    .slice(7)
    .replace(/[^a-z0-9_]/gi, '_')
    .toLowerCase();

/**
 * One CSV row as values, by `mapping` (header → target; `ignore` drops a column): empty cells are left out,
 * `custom:NAME` goes to `fields`, any other target to `set` (which keeps only the import's own).
 */
function rowValues(
  raw: Record<string, string>,
  mapping: Record<string, string>,
  set: (row: Record<string, unknown>, target: string, value: string) => void,
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [col, value] of Object.entries(raw)) {
    const target = columnTarget(col, mapping);
    const v = (value ?? '').trim();
    if (!v || target === 'ignore') continue;
    if (target.startsWith('custom:')) ((row.fields ??= {}) as Record<string, string>)[customKey(target)] = v;
    else set(row, target, v);
  }
  return row;
}

/** What a CSV import answers. */
export interface ImportResult {
  dryRun: boolean;
  columns: string[];
  created: number;
  updated: number;
  rejected: { row: number; reason: string }[];
}

/**
 * One CSV import (contacts, companies): each row as values (`set`), checked by `schema`; a row that does not
 * validate, or repeats the `keyOf` key of an earlier row (`field` names it), is rejected with why and its line (the
 * header is line 1). `store` gives each valid row's statements and whether it creates a record; all of them and the
 * audit entry `action` are one write, none with `dryRun`.
 */
export async function importCsv<T>(
  writes: WriteQueue,
  actor: { siteId: number; userId: number },
  input: { text: string; mapping: Record<string, string>; dryRun: boolean; action: string },
  rows: {
    set: (row: Record<string, unknown>, target: string, value: string) => void;
    schema: z.ZodType<T>;
    keyOf: (row: T) => { key: string; field: string };
    store: (row: T, now: number) => Promise<{ created: boolean; statements: InStatement[] }>;
  },
): Promise<ImportResult> {
  const parsed = parseCsv(input.text);
  const rejected: { row: number; reason: string }[] = [];
  const seen = new Set<string>();
  const statements: InStatement[] = [];
  const now = Date.now();
  let created = 0;
  for (const [i, raw] of parsed.rows.entries()) {
    const line = i + 2;
    const check = rows.schema.safeParse(rowValues(raw, input.mapping, rows.set));
    if (!check.success) {
      rejected.push({
        row: line,
        reason: check.error.issues.map((x) => `${x.path.join('.') || 'row'}: ${x.message}`).join('; '),
      });
      continue;
    }
    const { key, field } = rows.keyOf(check.data);
    if (seen.has(key)) {
      rejected.push({ row: line, reason: `${field}: appears earlier in this file` });
      continue;
    }
    seen.add(key);
    const stored = await rows.store(check.data, now);
    if (stored.created) created++;
    statements.push(...stored.statements);
  }
  const updated = seen.size - created;
  if (!input.dryRun && statements.length)
    await writes.run([
      ...statements,
      auditStatement(actor.siteId, actor.userId, input.action, null, { created, updated, rejected: rejected.length }),
    ]);
  return { dryRun: input.dryRun, columns: parsed.columns, created, updated, rejected };
}
