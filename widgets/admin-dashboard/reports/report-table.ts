import { html, nothing } from 'lit';
import type { Column, FlatRow, Formatter } from './columns.ts';

export interface Sort {
  field: string;
  dir: 'ascending' | 'descending';
}

/** `rows` ordered by `sort` (nulls last); the API's order when there is no sort. */
export function sortRows(rows: FlatRow[], sort: Sort | null): FlatRow[] {
  if (!sort) return rows;
  const sign = sort.dir === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[sort.field];
    const y = b[sort.field];
    if (x == null || y == null) return x == null ? (y == null ? 0 : 1) : -1;
    return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)));
  });
}

/**
 * A report's rows as a table whose column headers sort it (a button in each
 * header, `aria-sort` on the sorted one; numbers start descending, text
 * ascending), with the report's totals as the footer.
 */
export function reportTable(o: {
  caption: string;
  columns: Column[];
  rows: FlatRow[];
  totals?: FlatRow;
  sort: Sort | null;
  onSort: (s: Sort) => void;
  fmt: Formatter;
  label: (field: string) => string;
  sortLabel: (column: string) => string;
  totalLabel: string;
}) {
  const next = (c: Column): Sort =>
    o.sort?.field === c.field
      ? { field: c.field, dir: o.sort.dir === 'ascending' ? 'descending' : 'ascending' }
      : { field: c.field, dir: c.key ? 'ascending' : 'descending' };
  const hasTotals = o.totals && o.columns.some((c) => !c.key && o.totals![c.field] != null);
  return html`<div class="table-scroll">
    <table part="report-table">
      <caption class="sr">${o.caption}</caption>
      <thead>
        <tr>
          ${o.columns.map(
            (
              c,
            ) => html`<th scope="col" class=${c.key ? '' : 'num'} aria-sort=${o.sort?.field === c.field ? o.sort.dir : 'none'}>
              <button class="sort" @click=${() => o.onSort(next(c))} aria-label=${o.sortLabel(o.label(c.field))}>${o.label(c.field)}<span aria-hidden="true">${o.sort?.field === c.field ? (o.sort.dir === 'ascending' ? ' ▲' : ' ▼') : ''}</span></button>
            </th>`,
          )}
        </tr>
      </thead>
      <tbody>
        ${sortRows(o.rows, o.sort).map(
          (r) =>
            html`<tr>${o.columns.map((c) => html`<td class=${c.key ? '' : 'num'} data-field=${c.field}>${o.fmt.format(r[c.field], c.kind, r)}</td>`)}</tr>`,
        )}
      </tbody>
      ${
        hasTotals
          ? html`<tfoot>
            <tr>${o.columns.map((c, i) => html`<td class=${c.key ? '' : 'num'} data-field=${c.field}>${c.key ? (i === 0 ? o.totalLabel : '') : o.fmt.format(o.totals![c.field], c.kind)}</td>`)}</tr>
          </tfoot>`
          : nothing
      }
    </table>
  </div>`;
}
