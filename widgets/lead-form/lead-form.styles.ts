import { css } from 'lit';

/**
 * Logical properties only (margin-inline, padding-block, inset-inline…), so
 * the same rules lay the form out right-to-left for Arabic and Urdu.
 */
export default css`
  :host {
    display: block;
    font: var(--leadline-font, inherit);
    color: var(--leadline-text, inherit);
    --_accent: var(--leadline-accent, #2a5bd7);
    --_radius: var(--leadline-radius, 0.5rem);
    --_border: var(--leadline-border, #c9ccd3);
    --_error: var(--leadline-error, #b3261e);
    --_bg: var(--leadline-bg, #fff);
    --_gap: var(--leadline-gap, 0.9rem);
  }
  :host([hidden]) {
    display: none;
  }
  form {
    display: grid;
    gap: var(--_gap);
    max-inline-size: var(--leadline-form-width, 36rem);
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: 0;
    display: grid;
    gap: var(--_gap);
    min-inline-size: 0;
  }
  legend {
    font-weight: 600;
    font-size: 1.15em;
    padding: 0;
    margin-block-end: 0.25rem;
  }
  .field {
    display: grid;
    gap: 0.3rem;
  }
  label {
    font-weight: 500;
  }
  .optional {
    font-weight: 400;
    color: var(--leadline-muted, #5f6470);
    font-size: 0.9em;
  }
  input:not([type='checkbox']),
  select,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding-block: 0.55rem;
    padding-inline: 0.7rem;
    inline-size: 100%;
    box-sizing: border-box;
  }
  textarea {
    min-block-size: 6rem;
    resize: vertical;
  }
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  :is(input, select, textarea)[aria-invalid='true'] {
    border-color: var(--_error);
    border-width: 2px;
  }
  .check {
    display: flex;
    gap: 0.5rem;
    align-items: flex-start;
  }
  .check input {
    margin-block-start: 0.2rem;
    inline-size: 1.1rem;
    block-size: 1.1rem;
    accent-color: var(--_accent);
  }
  .help {
    font-size: 0.9em;
    color: var(--leadline-muted, #5f6470);
  }
  .error {
    color: var(--_error);
    font-size: 0.9em;
  }
  button {
    justify-self: start;
    font: inherit;
    font-weight: 600;
    color: var(--leadline-accent-text, #fff);
    background: var(--_accent);
    border: 0;
    border-radius: var(--_radius);
    padding-block: 0.6rem;
    padding-inline: 1.3rem;
    cursor: pointer;
  }
  button[disabled] {
    opacity: 0.7;
    cursor: progress;
  }
  .status {
    margin: 0;
  }
  .status.error-state {
    color: var(--_error);
  }
  .retry {
    margin-inline-start: 0.5rem;
    padding-block: 0.3rem;
    padding-inline: 0.8rem;
    color: var(--_accent);
    background: transparent;
    border: 1px solid currentColor;
  }
  .success {
    padding: 1rem;
    border-radius: var(--_radius);
    background: var(--leadline-success-bg, #e8f5ec);
    color: var(--leadline-success-text, #14532d);
  }
  .hp {
    position: absolute;
    inset-inline-start: -10000px;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
  }
`;
