/** What a view asks the shell to announce: a short message shown next to the element that caused it. */
export interface Toast {
  message: string;
  /** Where the action happened: the viewport rectangle of the button (taken when the action started). */
  near: DOMRect;
  /** Work under way (an export, an import): shows an indeterminate progress bar and stays until replaced. */
  busy: boolean;
}

/** Fired by admin views; `<leadline-admin>` shows it in its single `aria-live` region. */
export class ToastEvent extends Event {
  static readonly type = 'leadline-admin-toast';
  constructor(readonly toast: Toast) {
    super(ToastEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'leadline-admin-toast': ToastEvent;
  }
}
