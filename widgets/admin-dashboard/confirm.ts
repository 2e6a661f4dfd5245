/** What a confirmation asks: a title, what will happen, and the words of its two buttons. */
export interface ConfirmOptions {
  title: string;
  /** What will happen, in full (e.g. "Delete the segment “VIPs”? This cannot be undone."). */
  message: string;
  /** Optional details shown as a list under the message (e.g. what a merge moves). */
  details?: string[];
  confirmLabel: string;
  cancelLabel: string;
}

let next = 0;

/**
 * Asks before a destructive action with a native modal `<dialog>` placed in `root` (a view's
 * shadow root, so its styles apply): focus starts on Cancel, Escape and Cancel answer false,
 * the confirm button true; the dialog is labelled by its title and described by its message,
 * and focus returns to where it was. Texts are set as text, never as HTML.
 *
 * @example
 * if (await confirmAction(this.renderRoot, { title, message, confirmLabel: 'Delete', cancelLabel: 'Cancel' })) …
 */
export function confirmAction(root: ParentNode & Node, o: ConfirmOptions): Promise<boolean> {
  const id = `ll-confirm-${++next}`;
  const dialog = document.createElement('dialog');
  dialog.className = 'confirm';
  dialog.setAttribute('aria-labelledby', `${id}-title`);
  dialog.setAttribute('aria-describedby', `${id}-message`);
  const form = Object.assign(document.createElement('form'), { method: 'dialog' });
  const title = Object.assign(document.createElement('h2'), { id: `${id}-title`, textContent: o.title });
  const message = Object.assign(document.createElement('p'), { id: `${id}-message`, textContent: o.message });
  form.append(title, message);
  if (o.details?.length) {
    const list = document.createElement('ul');
    list.append(...o.details.map((d) => Object.assign(document.createElement('li'), { textContent: d })));
    form.append(list);
  }
  const cancel = Object.assign(document.createElement('button'), {
    value: 'cancel',
    textContent: o.cancelLabel,
    autofocus: true,
  });
  const ok = Object.assign(document.createElement('button'), {
    value: 'confirm',
    textContent: o.confirmLabel,
    className: 'danger',
  });
  const buttons = Object.assign(document.createElement('div'), { className: 'row' });
  buttons.append(cancel, ok);
  form.append(buttons);
  dialog.append(form);
  const before = (root as Document | ShadowRoot).activeElement as HTMLElement | null;
  root.appendChild(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => {
        dialog.remove();
        before?.focus();
        resolve(dialog.returnValue === 'confirm');
      },
      { once: true },
    );
    dialog.showModal();
    cancel.focus();
  });
}
