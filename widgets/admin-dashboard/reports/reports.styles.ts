import { css } from 'lit';

/** The Reports view's own styles: report tabs, figures, charts. Logical properties only. */
export default css`
  .tabs {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
  }
  details.controls > summary {
    cursor: pointer;
    color: var(--_muted);
    margin-block-end: 0.5rem;
  }
  @media (max-width: 639.98px) {
    /* One row of report tabs that scrolls sideways, and two figures a row: the numbers come first. */
    .tabs {
      flex-wrap: nowrap;
      overflow-x: auto;
      padding-block-end: 0.25rem;
    }
    .tabs button {
      flex: none;
    }
  }
  .tabs button[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--leadline-accent-text, #fff);
  }
  .kpis {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr));
    gap: 0.5rem;
    margin: 0;
  }
  .kpis div {
    border: 1px solid var(--_line);
    border-radius: var(--_radius);
    padding-block: 0.5rem;
    padding-inline: 0.75rem;
  }
  .kpis dt {
    font-size: 0.8rem;
    color: var(--_muted);
  }
  .kpis dd {
    margin: 0;
    font-size: 1.3rem;
    font-weight: 600;
  }
  .kpis .delta {
    display: block;
    font-size: 0.78rem;
    font-weight: 400;
    color: var(--_muted);
  }
  .chart {
    margin: 0;
  }
  svg {
    inline-size: 100%;
    block-size: auto;
    max-block-size: 16rem;
    font-size: 11px;
  }
  svg .grid {
    stroke: var(--_line);
  }
  svg .axis {
    fill: var(--_muted);
  }
  svg .line {
    fill: none;
    stroke: var(--leadline-chart, var(--_accent));
    stroke-width: 2;
  }
  svg .area {
    fill: var(--leadline-chart, var(--_accent));
    opacity: 0.08;
  }
  svg .point {
    fill: var(--leadline-chart, var(--_accent));
  }
  .bars {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.35rem;
  }
  .bars li {
    display: grid;
    grid-template-columns: minmax(6rem, 14rem) 1fr minmax(4rem, auto);
    gap: 0.5rem;
    align-items: center;
  }
  .bar-label {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  svg.bar-track {
    background: #f0f2f6;
    border-radius: 3px;
    block-size: 0.9rem;
    inline-size: 100%;
    max-block-size: none;
  }
  .bar {
    fill: var(--leadline-chart, var(--_accent));
  }
  .bar-value {
    font-variant-numeric: tabular-nums;
  }
  .bar-note {
    grid-column: 2 / -1;
    font-size: 0.8rem;
  }
  .table-scroll {
    overflow-x: auto;
    max-inline-size: 100%;
  }
  /* The first (key) column stays in view while the table scrolls sideways inside its own container, in either direction. */
  .table-scroll th:first-child,
  .table-scroll td:first-child {
    position: sticky;
    inset-inline-start: 0;
    z-index: 1;
    background: var(--leadline-bg, #fff);
    border-inline-end: 1px solid var(--_line);
  }
  details.columns fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.9rem;
    border: 0;
    margin: 0;
    padding: 0;
  }
  details.columns label {
    display: inline-flex;
    gap: 0.3rem;
    align-items: center;
  }
  td.num,
  th.num {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  th button.sort {
    border: 0;
    padding: 0;
    background: none;
    color: inherit;
    font-weight: inherit;
    text-align: inherit;
  }
  progress {
    inline-size: 8rem;
  }
  /* Cohort retention: shades by class (heat-0 … heat-5), never inline styles. */
  .retention-table td.heat {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .heat-1 { background: color-mix(in srgb, var(--leadline-chart, var(--_accent)) 12%, transparent); }
  .heat-2 { background: color-mix(in srgb, var(--leadline-chart, var(--_accent)) 24%, transparent); }
  .heat-3 { background: color-mix(in srgb, var(--leadline-chart, var(--_accent)) 38%, transparent); }
  .heat-4 { background: color-mix(in srgb, var(--leadline-chart, var(--_accent)) 52%, transparent); }
  .heat-5 { background: color-mix(in srgb, var(--leadline-chart, var(--_accent)) 68%, transparent); }
  .heat-none { color: var(--_muted); }
  .series-0 { --_series: var(--leadline-chart, var(--_accent)); }
  .series-1 { --_series: #d97706; }
  .series-2 { --_series: #059669; }
  .series-3 { --_series: #7c3aed; }
  .series-4 { --_series: #db2777; }
  .series-5 { --_series: #475569; }
  .cohort-line .line,
  .series .line { stroke: var(--_series); }
  .series-1 .line { stroke-dasharray: 6 3; }
  .cohort-line .point,
  .series .point,
  .legend .swatch rect { fill: var(--_series); }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    padding: 0;
    list-style: none;
    font-size: 0.85rem;
  }
  .legend .swatch {
    inline-size: 0.7rem;
    block-size: 0.7rem;
    margin-inline-end: 0.3rem;
  }
  .reasons ul {
    padding-inline-start: 1rem;
  }
  .reasons q {
    display: block;
  }
  .spend summary {
    font-weight: 600;
    cursor: pointer;
  }
  @media (max-width: 639.98px) {
    .kpis {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
  }
`;
