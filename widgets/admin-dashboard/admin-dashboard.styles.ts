import { css } from 'lit';
import srOnly from '../internal/sr-only.styles.ts';

/** Shared by the admin shell and its views. Logical properties only, so RTL needs nothing more. */
export default css`
  :host {
    display: block;
    font: var(--leadline-font, 15px/1.45 system-ui, sans-serif);
    color: var(--leadline-text, #1d2433);
    /* Long emails and URLs wrap instead of widening a card (min-content sizes stay as they are). */
    overflow-wrap: break-word;
    --_accent: var(--leadline-accent, #2a5bd7);
    --_radius: var(--leadline-radius, 0.5rem);
    --_muted: var(--leadline-muted, #5f6470);
    --_line: var(--leadline-border, #dfe1e6);
    --_danger: var(--leadline-error, #b3261e);
  }
  * {
    box-sizing: border-box;
  }
  h1, h2, h3 {
    margin: 0;
    line-height: 1.25;
  }
  h2 {
    font-size: 1.25rem;
  }
  h3 {
    font-size: 1.05rem;
  }
  a {
    color: var(--_accent);
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  input:not([type='checkbox']),
  select,
  textarea {
    border: 1px solid #c9ccd3;
    border-radius: var(--_radius);
    padding-block: 0.4rem;
    padding-inline: 0.55rem;
    background: #fff;
    min-inline-size: 0;
  }
  textarea {
    min-block-size: 4rem;
    inline-size: 100%;
  }
  button {
    border: 1px solid var(--_accent);
    background: #fff;
    color: var(--_accent);
    border-radius: var(--_radius);
    padding-block: 0.4rem;
    padding-inline: 0.8rem;
    cursor: pointer;
  }
  button.primary {
    background: var(--_accent);
    color: var(--leadline-accent-text, #fff);
  }
  button.link {
    border: 0;
    padding: 0;
    background: none;
    text-decoration: underline;
  }
  button[disabled] {
    opacity: 0.6;
    cursor: default;
  }
  .card {
    background: var(--leadline-bg, #fff);
    border: 1px solid var(--_line);
    border-radius: calc(var(--_radius) * 1.5);
    padding: 1rem;
    display: grid;
    /* minmax(0, …): wide content (a report table) scrolls inside the card instead of widening the page. */
    grid-template-columns: minmax(0, 1fr);
    gap: 0.75rem;
    align-content: start;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: end;
  }
  .field {
    display: grid;
    gap: 0.2rem;
  }
  .field > span,
  label > span {
    font-size: 0.85rem;
    color: var(--_muted);
  }
  .muted {
    color: var(--_muted);
  }
  .signin {
    max-inline-size: 28rem;
  }
  .signin-form {
    display: grid;
    gap: 0.75rem;
  }
  .error {
    color: var(--_danger);
  }
  .ok {
    color: #14532d;
  }
  table {
    border-collapse: collapse;
    inline-size: 100%;
  }
  th,
  td {
    text-align: start;
    padding-block: 0.45rem;
    padding-inline: 0.5rem;
    border-block-end: 1px solid var(--_line);
    vertical-align: top;
  }
  /* Under 640 px a table scrolls sideways inside its card; the page itself never does. */
  @media (max-width: 639.98px) {
    table {
      display: block;
      overflow-x: auto;
      max-inline-size: 100%;
    }
  }
  /* A code that must read as one piece in any direction: tracking numbers, keys. */
  .code {
    white-space: nowrap;
    unicode-bidi: isolate;
    font-variant-numeric: tabular-nums;
  }
  th {
    font-size: 0.85rem;
    color: var(--_muted);
    font-weight: 600;
  }
  .stage {
    display: inline-block;
    border-radius: 999px;
    padding-inline: 0.55rem;
    font-size: 0.8rem;
    background: #eef1f8;
  }
  .badge {
    display: inline-block;
    min-inline-size: 1.4rem;
    border-radius: 999px;
    padding-inline: 0.45rem;
    text-align: center;
    font-weight: 600;
    color: #fff;
    background: var(--_accent);
    text-decoration: none;
  }
  .stage.customer {
    background: #e1f3e7;
  }
  .stage.lost {
    background: #f6e3e1;
  }
  .overdue {
    color: var(--_danger);
    font-weight: 600;
  }
  ol.timeline {
    list-style: none;
    padding: 0;
    margin: 0;
    display: grid;
    gap: 0.5rem;
  }
  ol.timeline li {
    border-inline-start: 3px solid var(--_line);
    padding-inline-start: 0.75rem;
  }
  ol.timeline li.activity,
  ol.timeline li.purchase {
    border-inline-start-color: var(--_accent);
  }
  ${srOnly}
  /* Layout helpers: markup carries classes, never style attributes (a strict CSP blocks those). */
  .spread {
    justify-content: space-between;
  }
  .grow {
    flex: 1;
  }
  .grow-14 {
    flex: 1 1 14rem;
  }
  .grow-16 {
    flex: 1 1 16rem;
  }
  .grow-20 {
    flex: 1 1 20rem;
  }
  .w5 {
    inline-size: 5rem;
  }
  .w6 {
    inline-size: 6rem;
  }
  .w7 {
    inline-size: 7rem;
  }
  .wfull {
    inline-size: 100%;
  }
  .stack {
    display: grid;
    gap: 1rem;
    align-content: start;
  }
  .cols-16,
  .cols-20 {
    display: grid;
    gap: 1rem;
    grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
  }
  .cols-20 {
    grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr));
  }
  .pre {
    white-space: pre-wrap;
  }
  .tall {
    min-block-size: 14rem;
  }
  .mb {
    margin-block-end: 1rem;
  }
  /* Dates are formatted whole by Intl: keep each one a unit beside names and codes. */
  time {
    unicode-bidi: isolate;
  }
  .url {
    overflow-wrap: anywhere;
  }
  .fallback {
    font-style: italic;
  }
  p.progress {
    display: grid;
    gap: 0.35rem;
  }
  p.progress progress {
    inline-size: 100%;
  }
  .empty {
    display: grid;
    gap: 0.5rem;
  }
  .empty p {
    margin: 0;
  }
  .plain-list {
    display: grid;
    gap: 0.5rem;
    padding: 0;
    list-style: none;
  }
  /* Confirmation dialogs (confirm.ts). */
  dialog.confirm {
    max-inline-size: min(32rem, calc(100vw - 2rem));
    border: 1px solid #ccc;
    border-radius: var(--_radius);
    padding: 1rem;
  }
  dialog.confirm::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  dialog.confirm .row {
    justify-content: flex-end;
  }
  button.danger {
    background: #b3261e;
    border-color: #b3261e;
    color: #fff;
  }
`;
