import { toCsv } from '../csv.ts';

/**
 * A report as CSV: one line per row with its key fields first, then its
 * metrics; a report without rows gives its series, or else its totals.
 * Nested values (e.g. other currencies) are left out.
 */
export function reportCsv(answer: { rows: object[]; totals: object; series?: object[] }): string {
  const lines = answer.rows.length ? answer.rows : answer.series?.length ? answer.series : [answer.totals];
  const flat = lines.map((r) => {
    const { key, ...metrics } = r as { key?: Record<string, unknown> };
    return Object.fromEntries(Object.entries({ ...key, ...metrics }).filter(([, v]) => v === null || typeof v !== 'object'));
  });
  const fields = [...new Set(flat.flatMap(Object.keys))];
  return toCsv(fields, flat.map((r) => fields.map((f) => r[f])));
}
