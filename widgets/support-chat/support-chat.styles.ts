import { css } from 'lit';
import srOnly from '../internal/sr-only.styles.ts';

/** Logical properties throughout: the panel sits at the inline end, so on the left for ar/ur. */
export default css`
  :host {
    --_accent: var(--leadline-accent, #2a5bd7);
    --_on-accent: var(--leadline-accent-text, #fff);
    --_radius: var(--leadline-radius, 0.75rem);
    --_offset: var(--leadline-chat-offset, 1.25rem);
    font: var(--leadline-font, 15px/1.45 system-ui, sans-serif);
    color: var(--leadline-text, #1d2433);
    position: fixed;
    inset-block-end: var(--_offset);
    inset-inline-end: var(--_offset);
    z-index: var(--leadline-z, 2147483000);
  }
  ${srOnly}
  button {
    font: inherit;
    cursor: pointer;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .launcher {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    background: var(--_accent);
    color: var(--_on-accent);
    border: 0;
    border-radius: 999px;
    padding-block: 0.7rem;
    padding-inline: 1.1rem;
    font-weight: 600;
    box-shadow: 0 4px 14px rgb(0 0 0 / 0.2);
    margin-inline-start: auto;
  }
  .badge {
    background: #b3261e;
    color: #fff;
    border-radius: 999px;
    min-inline-size: 1.3rem;
    padding-inline: 0.3rem;
    font-size: 0.8rem;
    text-align: center;
  }
  .panel {
    position: absolute;
    inset-block-end: calc(100% + 0.75rem);
    inset-inline-end: 0;
    inline-size: min(var(--leadline-chat-width, 24rem), calc(100vw - 2 * var(--_offset)));
    max-block-size: min(38rem, calc(100vh - 6rem));
    display: flex;
    flex-direction: column;
    background: var(--leadline-bg, #fff);
    border-radius: var(--_radius);
    box-shadow: 0 10px 40px rgb(0 0 0 / 0.25);
    overflow: hidden;
  }
  .panel[hidden] {
    display: none;
  }
  header {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding-block: 0.75rem;
    padding-inline: 1rem;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  header h2 {
    font-size: 1rem;
    margin: 0;
    flex: 1;
  }
  header button {
    background: none;
    border: 0;
    color: inherit;
    padding: 0.25rem 0.5rem;
    border-radius: 0.4rem;
  }
  header .close {
    margin-inline-start: auto;
    font-size: 1.4rem;
    line-height: 1;
  }
  .body {
    overflow-y: auto;
    padding: 1rem;
    display: grid;
    gap: 0.8rem;
  }
  h3 {
    font-size: 1rem;
    margin: 0;
  }
  ul,
  ol.thread {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  .result {
    display: grid;
    gap: 0.15rem;
    inline-size: 100%;
    text-align: start;
    background: #f4f5f8;
    border: 1px solid transparent;
    border-radius: 0.6rem;
    padding: 0.6rem 0.75rem;
    color: inherit;
  }
  .result:hover {
    border-color: var(--_accent);
  }
  .result span {
    color: #4b5160;
    font-size: 0.9em;
  }
  mark {
    background: #ffe58a;
    color: inherit;
  }
  .field {
    display: grid;
    gap: 0.25rem;
  }
  .optional {
    color: #5f6470;
    font-size: 0.9em;
  }
  input:not([type='radio']),
  select,
  textarea {
    font: inherit;
    color: inherit;
    border: 1px solid #c9ccd3;
    border-radius: 0.5rem;
    padding-block: 0.5rem;
    padding-inline: 0.65rem;
    inline-size: 100%;
    box-sizing: border-box;
    background: #fff;
  }
  textarea {
    min-block-size: 5rem;
    resize: vertical;
  }
  :is(input, textarea)[aria-invalid='true'] {
    border: 2px solid #b3261e;
  }
  .error,
  .failure {
    color: #b3261e;
    font-size: 0.9em;
    margin: 0;
  }
  .failure:empty {
    display: none;
  }
  .primary {
    background: var(--_accent);
    color: var(--_on-accent);
    border: 0;
    border-radius: 0.5rem;
    padding-block: 0.55rem;
    padding-inline: 1rem;
    font-weight: 600;
    justify-self: start;
  }
  .link {
    background: none;
    border: 0;
    color: var(--_accent);
    text-decoration: underline;
    padding: 0;
    justify-self: start;
  }
  .primary[disabled] {
    opacity: 0.6;
    cursor: default;
  }
  .vote {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    flex-wrap: wrap;
  }
  .vote button {
    background: #fff;
    border: 1px solid #c9ccd3;
    border-radius: 0.5rem;
    padding: 0.25rem 0.75rem;
  }
  .article :is(p, ul, ol, pre, blockquote) {
    margin-block: 0.5rem;
  }
  .article ul,
  .article ol {
    list-style: revert;
    padding-inline-start: 1.25rem;
    display: block;
  }
  .article pre {
    overflow-x: auto;
    background: #f4f5f8;
    padding: 0.5rem;
    border-radius: 0.4rem;
  }
  .article a {
    color: var(--_accent);
  }
  .notice {
    background: #e8f5ec;
    color: #14532d;
    border-radius: 0.6rem;
    padding-inline: 0.75rem;
  }
  .meta,
  .typing {
    margin: 0;
    color: #4b5160;
    font-size: 0.9em;
  }
  .message {
    background: #f4f5f8;
    border-radius: 0.75rem;
    padding: 0.5rem 0.75rem;
    max-inline-size: 85%;
  }
  .message.visitor {
    justify-self: end;
    background: #e4ebfb;
  }
  .message p {
    margin: 0.25rem 0 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .who {
    font-weight: 600;
    font-size: 0.85em;
  }
  time {
    color: #5f6470;
    font-size: 0.8em;
    margin-inline-start: 0.5rem;
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: 0;
  }
  legend {
    font-weight: 600;
    padding: 0;
  }
  .stars {
    display: flex;
    gap: 0.25rem;
    font-size: 1.6rem;
    color: #d99a00;
  }
  .star input {
    position: absolute;
    opacity: 0;
  }
  .star:focus-within {
    outline: 2px solid var(--_accent);
    border-radius: 0.25rem;
  }
  .rating {
    display: grid;
    gap: 0.6rem;
    border-block-start: 1px solid #e3e3dc;
    padding-block-start: 0.75rem;
  }
`;
