/**
 * SQL for stored money and numbers in reports. Inputs are bounded (server/schemas/numbers.ts), but rows written
 * before the bounds, or behind the app's back, may hold anything: sums use `total()` (REAL, never SQLite's
 * "integer overflow" of `sum()`) and single values are read as REAL (an integer past 2^53 is a RangeError in
 * the libSQL client). Amounts stay exact below 2^53, which every bounded input is.
 */

/** A purchase's amount, unit price × quantity, as REAL; `p` is the purchases table's alias, if any. */
export const purchaseAmount = (alias?: string) => {
  const p = alias ? `${alias}.` : '';
  return `CAST(${p}unit_price AS REAL) * ${p}quantity`;
};

/** A stored number read as REAL. */
export const real = (expr: string) => `CAST(${expr} AS REAL)`;
