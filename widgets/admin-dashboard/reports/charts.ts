import { html, svg, nothing } from 'lit';

/**
 * Charts of the Reports view, drawn as plain SVG/HTML in Lit templates: no
 * chart library (Chart.js ~65 KB, uPlot ~20 KB gzip would take half the
 * admin budget or more), every label escaped by Lit, and right-to-left by
 * construction — time runs from the inline start, bars grow from it. The
 * numbers are also in the table next to each chart, which is what screen
 * readers get; the line chart is `role="img"` with a label, bars a labelled list.
 */

const W = 640;
const H = 220;
const PAD = { top: 12, bottom: 30, axis: 64, end: 14 };

/** The smallest 1, 2 or 5 × 10ⁿ at or above `max` (1 when there is nothing). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  return ([1, 2, 5, 10].find((m) => m * p >= max) ?? 10) * p;
}

export interface Point {
  t: string;
  v: number;
}

/** A time series as a line with one point per bucket; in RTL the first bucket is on the right. */
export function lineChart(
  points: Point[],
  o: { rtl: boolean; label: string; value: (v: number) => string; day: (iso: string) => string },
) {
  const top = niceMax(Math.max(0, ...points.map((p) => p.v)));
  const span = W - PAD.axis - PAD.end;
  const step = points.length > 1 ? span / (points.length - 1) : 0;
  const x = (i: number) =>
    (o.rtl ? W - PAD.axis - i * step : PAD.axis + i * step) + (points.length > 1 ? 0 : ((o.rtl ? -1 : 1) * span) / 2);
  const y = (v: number) => PAD.top + (1 - v / top) * (H - PAD.top - PAD.bottom);
  const axisX = o.rtl ? W - PAD.axis + 8 : PAD.axis - 8;
  const line = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
  const ticks =
    points.length > 2 ? [0, Math.floor((points.length - 1) / 2), points.length - 1] : points.map((_, i) => i);
  // Text anchors are logical (the SVG inherits the widget's direction): the first date starts at its point, the last ends at its.
  const anchor = (i: number) =>
    ticks.length < 2 || (i !== 0 && i !== points.length - 1) ? 'middle' : i === 0 ? 'start' : 'end';
  return html`<figure class="chart">
    <svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${o.label} part="chart">
      ${[0, 0.5, 1].map(
        (
          f,
        ) => svg`<line class="grid" x1=${o.rtl ? PAD.end : PAD.axis} x2=${o.rtl ? W - PAD.axis : W - PAD.end} y1=${y(top * f)} y2=${y(top * f)}></line>
        <text class="axis" x=${axisX} y=${y(top * f) + 4} text-anchor="end">${o.value(top * f)}</text>`,
      )}
      ${points.length > 1 ? svg`<path class="area" d="${line} L${x(points.length - 1).toFixed(1)},${y(0)} L${x(0).toFixed(1)},${y(0)} Z"></path><path class="line" d=${line}></path>` : nothing}
      ${points.map((p, i) => svg`<circle class="point" cx=${x(i)} cy=${y(p.v)} r="3.5" data-value=${p.v}><title>${o.day(p.t)}: ${o.value(p.v)}</title></circle>`)}
      ${ticks.map((i) => svg`<text class="axis" x=${x(i)} y=${H - 8} text-anchor=${anchor(i)}>${o.day(points[i]!.t)}</text>`)}
    </svg>
  </figure>`;
}

export interface Bar {
  label: string;
  value: number;
  text: string;
  note?: string;
}

/**
 * Horizontal bars (largest first, at most `limit`) growing from the inline
 * start. Each bar is a stretched SVG rect (attributes, not a style
 * attribute, so a strict CSP without 'unsafe-inline' styles lets it be).
 */
export function barChart(bars: Bar[], o: { label: string; rtl: boolean; sort?: boolean; limit?: number }) {
  const shown = (o.sort === false ? bars : [...bars].sort((a, b) => b.value - a.value)).slice(0, o.limit ?? 10);
  const top = Math.max(0, ...shown.map((b) => b.value)) || 1;
  return html`<figure class="chart">
    <ol class="bars" aria-label=${o.label} part="chart">
      ${shown.map(
        (b) => html`<li>
          <span class="bar-label">${b.label}</span>
          <svg class="bar-track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">${(() => {
            const w = (100 * Math.max(0, b.value)) / top;
            return svg`<rect class="bar" x=${o.rtl ? 100 - w : 0} y="0" width=${w} height="10" rx="1"></rect>`;
          })()}</svg>
          <span class="bar-value">${b.text}</span>
          ${b.note ? html`<span class="bar-note muted">${b.note}</span>` : nothing}
        </li>`,
      )}
    </ol>
  </figure>`;
}
