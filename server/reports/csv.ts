import { toCsv } from '../csv.ts';

/** Digits of a currency's minor unit (JPY 0, USD 2, KWD 3); 2 for a code Intl does not know. */
function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Minor units as a major-unit string with the currency's digits: 24600 USD → "246.00". */
export const majorUnits = (minor: number, currency: string) => {
  const digits = minorDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
};

/**
 * A report as CSV: one line per row with its key fields first, then its
 * metrics; a report without rows gives its series, or else its totals.
 * Nested values (e.g. other currencies) are left out. The `money` fields are
 * written in major units ("246.00") of the line's own `currency` field when it
 * has one (prices), else of the report's currency, added as a last `currency` column.
 */
export function reportCsv(
  answer: { rows: object[]; totals: object; series?: object[] },
  money: Set<string>,
  currency: string,
): string {
  const lines = answer.rows.length ? answer.rows : answer.series?.length ? answer.series : [answer.totals];
  const flat = lines.map((r) => {
    const { key, ...metrics } = r as { key?: Record<string, unknown> };
    const line = Object.fromEntries(
      Object.entries({ ...key, ...metrics }).filter(([, v]) => v === null || typeof v !== 'object'),
    );
    const cur = typeof line.currency === 'string' ? line.currency : currency;
    for (const f of money) if (typeof line[f] === 'number') line[f] = majorUnits(line[f], cur);
    return Object.keys(line).some((f) => money.has(f)) && !('currency' in line) ? { ...line, currency } : line;
  });
  const fields = [...new Set(flat.flatMap(Object.keys))];
  return toCsv(
    fields,
    flat.map((r) => fields.map((f) => r[f])),
  );
}
