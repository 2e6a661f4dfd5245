import Papa from 'papaparse';

/** A CSV cell a spreadsheet will not run: `= + - @` (and tab/CR) at the start get a leading `'`. */
export const safeCell = (v: unknown): string => {
  const s = v == null ? '' : String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
};

/** A CSV document (UTF-8 BOM so spreadsheets read Arabic and Urdu right, CRLF lines), every cell made safe. */
export const toCsv = (fields: readonly string[], data: unknown[][]) =>
  `\uFEFF${Papa.unparse({ fields: [...fields], data: data.map((row) => row.map(safeCell)) })}\r\n`;
