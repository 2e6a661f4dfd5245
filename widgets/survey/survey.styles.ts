import { css } from 'lit';
import srOnly from '../internal/sr-only.styles.ts';

/**
 * Logical properties only, so the scale, the card's corner and the close button follow the text direction:
 * in Arabic and Urdu the 0–10 scale runs right to left and the card sits at the bottom left.
 */
export default css`
  :host {
    display: block;
    font: var(--leadline-font, inherit);
    color: var(--leadline-text, inherit);
    --_accent: var(--leadline-accent, #2a5bd7);
    --_radius: var(--leadline-radius, 0.5rem);
    --_border: 1px solid var(--leadline-border, #c9ccd3);
    --_bg: var(--leadline-bg, #fff);
    --_offset: var(--leadline-survey-offset, 1.25rem);
    max-inline-size: var(--leadline-survey-width, 30rem);
  }
  :host([auto]) {
    position: fixed;
    inset-block-end: var(--_offset);
    inset-inline-end: var(--_offset);
    z-index: var(--leadline-z, 2147483000);
    inline-size: min(var(--leadline-survey-width, 22rem), calc(100vw - 2 * var(--_offset)));
    color: var(--leadline-text, #1d2433);
  }
  /* The chat's launcher (about 3 rem high, 1.25 rem from the edge) keeps its corner; the card goes above it. */
  :host([beside-chat]) {
    inset-block-end: calc(var(--_offset) + 4.25rem);
  }
  ${srOnly}
  .card {
    position: relative;
    background: var(--_bg);
    border: var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 8px 28px rgb(0 0 0 / 0.2);
    padding: 1rem;
    padding-inline-end: 2.5rem;
  }
  button {
    font: inherit;
    font-weight: 600;
    border: 0;
    border-radius: var(--_radius);
    padding-block: 0.5rem;
    padding-inline: 1.1rem;
    color: var(--leadline-accent-text, #fff);
    background: var(--_accent);
    justify-self: start;
    cursor: pointer;
  }
  .close {
    position: absolute;
    inset-block-start: 0.35rem;
    inset-inline-end: 0.35rem;
    padding: 0.2rem 0.6rem;
    color: inherit;
    background: none;
    font-size: 1.4rem;
  }
  .retry {
    color: var(--_accent);
    background: none;
    border: 1px solid;
  }
  form,
  fieldset,
  .choices {
    display: grid;
    gap: var(--leadline-gap, 0.75rem);
    border: 0;
    padding: 0;
    margin: 0;
    min-inline-size: 0;
  }
  legend {
    font-weight: 600;
    padding: 0;
  }
  .scale {
    display: grid;
    grid-template-columns: repeat(11, 1fr);
    gap: 0.2rem;
  }
  .csat {
    grid-template-columns: repeat(5, 1fr);
  }
  .option {
    position: relative;
    display: grid;
  }
  .scale input {
    position: absolute;
    opacity: 0;
  }
  .scale span[aria-hidden] {
    display: grid;
    place-items: center;
    min-block-size: 2.25rem;
    border: var(--_border);
    border-radius: var(--_radius);
  }
  .scale :checked + span {
    background: var(--_accent);
    color: var(--leadline-accent-text, #fff);
  }
  :focus-visible,
  :focus-visible + span {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .ends {
    display: flex;
    justify-content: space-between;
    font-size: 0.85em;
    color: var(--leadline-muted, #5f6470);
  }
  .choice {
    display: flex;
    gap: 0.5rem;
    accent-color: var(--_accent);
  }
  #other,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: var(--_border);
    border-radius: var(--_radius);
    padding: 0.45rem 0.6rem;
    inline-size: 100%;
    box-sizing: border-box;
  }
  textarea {
    min-block-size: 4.5rem;
  }
  [aria-invalid='true'],
  .error {
    border-color: var(--leadline-error, #b3261e);
    color: var(--leadline-error, #b3261e);
  }
  p {
    margin: 0;
  }
  p:empty {
    display: none;
  }
  .success {
    padding: 0.75rem;
    border-radius: var(--_radius);
    background: var(--leadline-success-bg, #e8f5ec);
    color: var(--leadline-success-text, #14532d);
  }
`;
