import Papa from 'papaparse';
import type { z } from 'zod';
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
export const columnTarget = (column: string, mapping: Record<string, string>): string =>
  (Object.hasOwn(mapping, column) ? mapping[column] : undefined) ?? column.trim().toLowerCase();

/** `custom:Plan Name` → the custom field key `plan_name`. */
export const customKey = (target: string): string =>
  target
    .slice(7)
    .replace(/[^a-z0-9_]/gi, '_')
    .toLowerCase();

/**
 * An import file's rows (`parseCsv`) that validate against `schema`, each key once: a row that does not validate,
 * or repeats the `keyOf` key of an earlier row (`field` names it), is rejected with why and its line (the header is
 * line 1).
 */
export function validRows<T>(
  rows: Record<string, string>[],
  values: (raw: Record<string, string>) => unknown,
  schema: z.ZodType<T>,
  keyOf: (row: T) => { key: string; field: string },
): { valid: T[]; rejected: { row: number; reason: string }[] } {
  const valid: T[] = [];
  const rejected: { row: number; reason: string }[] = [];
  const seen = new Set<string>();
  for (const [i, raw] of rows.entries()) {
    const line = i + 2;
    const check = schema.safeParse(values(raw));
    if (!check.success) {
      rejected.push({
        row: line,
        reason: check.error.issues.map((x) => `${x.path.join('.') || 'row'}: ${x.message}`).join('; '),
      });
      continue;
    }
    const { key, field } = keyOf(check.data);
    if (seen.has(key)) rejected.push({ row: line, reason: `${field}: appears earlier in this file` });
    else (seen.add(key), valid.push(check.data));
  }
  return { valid, rejected };
}
