import { css } from 'lit';

/** The Reports view's own styles: report tabs, figures, charts. Logical properties only. */
export default css`
  .tabs {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
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
`;
