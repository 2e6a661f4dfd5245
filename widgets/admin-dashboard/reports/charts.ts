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

/**
 * Axis ticks from 0 (or `min` when below 0) to at least `max` in steps of 1, 2 or 5 × 10ᵏ, at most
 * `count` steps; `digits` is how many fraction digits a label needs so that 2.5 is never shown as "3".
 */
export function niceTicks(max: number, count = 5, min = 0): { ticks: number[]; digits: number } {
  const lo = Math.min(0, min);
  const hi = Math.max(0, max) > lo ? Math.max(0, max) : lo + 1;
  const span = hi - lo;
  const raw = span / count;
  const k = Math.floor(Math.log10(raw));
  const p = 10 ** k;
  const step = ([1, 2, 5, 10].find((m) => m * p >= raw - 1e-12 * p) ?? 10) * p;
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  // Integers of the step, scaled at the end: 0.1 + 0.2 never becomes 0.30000000000000004.
  const scale = k < 0 ? 10 ** -k : 1;
  const unit = Math.round(step * scale);
  const ticks = Array.from({ length: last - first + 1 }, (_, i) => ((first + i) * unit) / scale);
  return { ticks, digits: Math.max(0, -Math.floor(Math.log10(step) + 1e-9)) };
}

export interface Point {
  t: string;
  v: number;
}

export interface Series {
  label: string;
  points: Point[];
  /** A tick's or a point's value as text; `digits` is the fraction digits a tick needs (undefined for a point). */
  value: (v: number, digits?: number) => string;
}

/**
 * One or two time series as lines with one point per bucket; in RTL the first bucket is on the right.
 * The first series has its axis at the inline start, a second its own axis at the inline end (its
 * numbers need not share a scale with the first), and a legend names both. Every point's value is
 * its `<title>` (a tooltip; the table beside the chart has the same numbers for screen readers).
 */
export function lineChart(all: Series[], o: { rtl: boolean; label: string; day: (iso: string) => string }) {
  const points = all[0]?.points ?? [];
  const two = all.length > 1;
  const end = two ? PAD.axis : PAD.end;
  const span = W - PAD.axis - end;
  const step = points.length > 1 ? span / (points.length - 1) : 0;
  const x = (i: number) => {
    const d = PAD.axis + (points.length > 1 ? i * step : span / 2);
    return o.rtl ? W - d : d;
  };
  const scales = all.map((s) =>
    niceTicks(Math.max(0, ...s.points.map((p) => p.v)), 5, Math.min(0, ...s.points.map((p) => p.v))),
  );
  const y = (v: number, n: number) => {
    const t = scales[n]!.ticks;
    return PAD.top + (1 - (v - t[0]!) / (t.at(-1)! - t[0]! || 1)) * (H - PAD.top - PAD.bottom);
  };
  const ticks =
    points.length > 2 ? [0, Math.floor((points.length - 1) / 2), points.length - 1] : points.map((_, i) => i);
  // Text anchors are logical (the SVG inherits the widget's direction): the first date starts at its point, the last ends at its.
  const anchor = (i: number) =>
    ticks.length < 2 || (i !== 0 && i !== points.length - 1) ? 'middle' : i === 0 ? 'start' : 'end';
  const [x1, x2] = o.rtl ? [end, W - PAD.axis] : [PAD.axis, W - end];
  return html`<figure class="chart">
    <svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${o.label} part="chart">
      ${scales[0]!.ticks.map((t) => svg`<line class="grid" x1=${x1} x2=${x2} y1=${y(t, 0)} y2=${y(t, 0)}></line>`)}
      ${all.map((s, n) => {
        // The first axis ends at the plot's inline start, the second starts at its inline end.
        const ax = (n === 0) !== o.rtl ? x1 - 8 : x2 + 8;
        const line = s.points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.v, n).toFixed(1)}`).join(' ');
        return svg`<g class=${`series series-${n}`} data-series=${n}>
          ${scales[n]!.ticks.map((t) => svg`<text class="axis tick" x=${ax} y=${y(t, n) + 4} text-anchor=${n === 0 ? 'end' : 'start'}>${s.value(t, scales[n]!.digits)}</text>`)}
          ${s.points.length > 1 ? svg`${n ? nothing : svg`<path class="area" d="${line} L${x(s.points.length - 1).toFixed(1)},${y(0, n)} L${x(0).toFixed(1)},${y(0, n)} Z"></path>`}<path class="line" d=${line}></path>` : nothing}
          ${s.points.map((p, i) => svg`<circle class="point" cx=${x(i)} cy=${y(p.v, n)} r="3.5" data-value=${p.v}><title>${s.label} · ${o.day(p.t)}: ${s.value(p.v)}</title></circle>`)}
        </g>`;
      })}
      ${ticks.map((i) => svg`<text class="axis" x=${x(i)} y=${H - 8} text-anchor=${anchor(i)}>${o.day(points[i]!.t)}</text>`)}
    </svg>
    ${two ? html`<figcaption><ul class="legend">${all.map((s, n) => html`<li class=${`series-${n}`}><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" rx="2"></rect></svg>${s.label}</li>`)}</ul></figcaption>` : nothing}
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
            return svg`<rect class="bar" x=${o.rtl ? 100 - w : 0} y="0" width=${w} height="10" rx="1"><title>${b.label}: ${b.text}</title></rect>`;
          })()}</svg>
          <span class="bar-value">${b.text}</span>
          ${b.note ? html`<span class="bar-note muted">${b.note}</span>` : nothing}
        </li>`,
      )}
    </ol>
  </figure>`;
}
