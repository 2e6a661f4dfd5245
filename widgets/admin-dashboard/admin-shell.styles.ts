import { css } from 'lit';

/**
 * The admin shell: the section navigation (a row of links on wide screens, a disclosure menu under 768 px),
 * the current section marked, and the toast region.
 */
export default css`
  header.shell {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    justify-content: space-between;
    margin-block-end: 1rem;
  }
  nav {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
  }
  nav a {
    padding-block: 0.3rem;
    padding-inline: 0.55rem;
    border-radius: var(--_radius);
    text-decoration: none;
  }
  nav a:hover {
    text-decoration: underline;
  }
  nav a[aria-current='page'] {
    background: var(--_accent);
    color: var(--leadline-accent-text, #fff);
    font-weight: 600;
  }
  button.menu {
    display: none;
    align-items: center;
    gap: 0.5rem;
    font-weight: 600;
  }
  .burger,
  .burger::before,
  .burger::after {
    display: block;
    inline-size: 1rem;
    block-size: 2px;
    background: currentColor;
  }
  .burger {
    position: relative;
  }
  .burger::before,
  .burger::after {
    content: '';
    position: absolute;
  }
  .burger::before {
    inset-block-start: -5px;
  }
  .burger::after {
    inset-block-start: 5px;
  }
  @media (max-width: 767.98px) {
    button.menu {
      display: inline-flex;
    }
    nav {
      display: none;
      flex-basis: 100%;
      flex-direction: column;
      order: 1;
      border: 1px solid var(--_line);
      border-radius: var(--_radius);
      padding: 0.25rem;
    }
    nav.open {
      display: flex;
    }
    /* The open menu sits right under its button. */
    header.shell > :not(nav, button.menu) {
      order: 2;
    }
    nav a {
      padding-block: 0.6rem;
    }
  }
  .toasts {
    position: fixed;
    inset: 0;
    pointer-events: none;
    z-index: 10;
  }
  .toast {
    position: fixed;
    inset-block-start: var(--_y, auto);
    inset-block-end: auto;
    left: var(--_x, 8px);
    margin: 0;
    max-inline-size: min(24rem, calc(100vw - 16px));
    padding-block: 0.5rem;
    padding-inline: 0.8rem;
    border-radius: var(--_radius);
    background: #1d2433;
    color: #fff;
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
    display: grid;
    gap: 0.35rem;
    pointer-events: auto;
  }
  .toast progress {
    inline-size: 100%;
    block-size: 0.4rem;
  }
`;
