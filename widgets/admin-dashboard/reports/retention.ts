import { html, svg, nothing } from 'lit';
import type { CustomerReason, RetentionRow } from '../../../server/schemas/reports.ts';
import type { Formatter } from './columns.ts';

interface Labels {
  caption: string;
  chart: string;
  cohort: string;
  source: string;
  customers: string;
  /** "+k mo" */
  month: (k: number) => string;
  noSource: string;
  reasons: string;
  reasonKind: (kind: string) => string;
}

const W = 640;
const H = 200;
const PAD = { top: 10, bottom: 26, axis: 44, end: 12 };
const cohortName = (r: { cohort?: string; source?: string | null }, l: Labels, fmt: Formatter) =>
  [r.source === undefined ? null : (r.source ?? l.noSource), r.cohort ? fmt.month(r.cohort) : null]
    .filter(Boolean)
    .join(' · ');

/**
 * Cohort retention as a heat-map table (each share's shade is a class,
 * `heat-0` … `heat-5`, never a style attribute: the admin runs under a strict
 * CSP) and as lines, one per cohort, over months +1 … +6 from the inline
 * start (right to left in Arabic and Urdu).
 */
export function retentionView(rows: RetentionRow[], o: { fmt: Formatter; rtl: boolean; labels: Labels }) {
  const { fmt, labels: l } = o;
  const n = Math.max(0, ...rows.map((r) => r.months.length));
  const ks = Array.from({ length: n }, (_, i) => i + 1);
  const bySource = rows.some((r) => r.source !== undefined);
  const span = W - PAD.axis - PAD.end;
  const x = (k: number) =>
    (n > 1 ? ((k - 1) / (n - 1)) * span : span / 2) * (o.rtl ? -1 : 1) + (o.rtl ? W - PAD.axis : PAD.axis);
  const y = (v: number) => PAD.top + (1 - v) * (H - PAD.top - PAD.bottom);
  const axisX = o.rtl ? W - PAD.axis + 6 : PAD.axis - 6;
  return html`<section class="retention" part="retention" aria-label=${l.caption}>
    <table class="retention-table">
      <caption>${l.caption}</caption>
      <thead><tr>${bySource ? html`<th scope="col">${l.source}</th>` : nothing}<th scope="col">${l.cohort}</th><th scope="col">${l.customers}</th>${ks.map((k) => html`<th scope="col">${l.month(k)}</th>`)}</tr></thead>
      <tbody>${rows.map(
        (r) => html`<tr data-cohort=${r.cohort}>
        ${bySource ? html`<th scope="row" dir="auto">${r.source ?? l.noSource}</th>` : nothing}
        <th scope="row">${fmt.month(r.cohort)}</th>
        <td>${fmt.format(r.customers, 'count')}</td>
        ${r.months.map((v, i) => html`<td class=${v == null ? 'heat heat-none' : `heat heat-${Math.round(v * 5)}`} data-month=${i + 1} data-value=${v ?? ''}>${fmt.format(v, 'rate')}</td>`)}
      </tr>`,
      )}</tbody>
    </table>
    <figure class="chart">
      <svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${l.chart} part="chart">
        ${[0, 0.5, 1].map(
          (
            f,
          ) => svg`<line class="grid" x1=${o.rtl ? PAD.end : PAD.axis} x2=${o.rtl ? W - PAD.axis : W - PAD.end} y1=${y(f)} y2=${y(f)}></line>
          <text class="axis" x=${axisX} y=${y(f) + 4} text-anchor="end">${fmt.format(f, 'rate')}</text>`,
        )}
        ${ks.map((k) => svg`<text class="axis" x=${x(k)} y=${H - 6} text-anchor="middle">${l.month(k)}</text>`)}
        ${rows.map((r, i) => {
          const pts = r.months
            .map((v, j) => [j + 1, v] as const)
            .filter((p): p is readonly [number, number] => p[1] != null);
          return svg`<g class=${`cohort-line series-${i % 6}`} data-cohort=${r.cohort}>
            ${pts.length > 1 ? svg`<path class="line" d=${pts.map(([k, v], j) => `${j ? 'L' : 'M'}${x(k).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}></path>` : nothing}
            ${pts.map(([k, v]) => svg`<circle class="point" cx=${x(k)} cy=${y(v)} r="3" data-value=${v}><title>${cohortName(r, l, fmt)} ${l.month(k)}: ${fmt.format(v, 'rate')}</title></circle>`)}
          </g>`;
        })}
      </svg>
      <figcaption><ul class="legend">${rows.map((r, i) => html`<li class=${`series-${i % 6}`}><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" rx="2"></rect></svg>${cohortName(r, l, fmt)}</li>`)}</ul></figcaption>
    </figure>
  </section>`;
}

/** What the customers say: the latest comments per cohort or source, beside the numbers. */
export function reasonsView(reasons: CustomerReason[], o: { fmt: Formatter; labels: Labels }) {
  if (!reasons.length) return nothing;
  const { fmt, labels: l } = o;
  return html`<section class="reasons" aria-label=${l.reasons}>
    <h3>${l.reasons}</h3>
    <ul>${reasons.map(
      (r) => html`<li>
      <span class="muted">${cohortName(r, l, fmt)} · ${l.reasonKind(r.kind)}${r.survey ? html` <bdi>${r.survey}</bdi>` : ''}${r.choices?.length ? html` · <bdi>${r.choices.join(', ')}</bdi>` : ''}${r.rating != null ? ` · ${'★'.repeat(r.rating)}` : ''}${r.nps != null ? ` · NPS ${fmt.format(r.nps, 'count')}` : ''} · ${fmt.day(new Date(r.at).toISOString())}</span>
      <q dir="auto">${r.comment}</q>
    </li>`,
    )}</ul>
  </section>`;
}
