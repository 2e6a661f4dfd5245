import { css } from 'lit';

/** `.sr`: text for screen readers only (visually hidden, still read), shared by the widgets' stylesheets. */
export default css`
  .sr {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
