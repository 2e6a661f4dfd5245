/** Fired when a submission was received by Leadline. Contact data is not included. */
export class LeadlineSubmitEvent extends Event {
  static readonly type = 'leadline-submit';
  constructor(readonly detail: { form: string; id: string }) {
    super(LeadlineSubmitEvent.type, { bubbles: true, composed: true });
  }
}

/** Fired when the form cannot load or a submission fails (`code` as in the API's errors, or `network`). */
export class LeadlineErrorEvent extends Event {
  static readonly type = 'leadline-error';
  constructor(readonly detail: { form: string; code: string; message: string }) {
    super(LeadlineErrorEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'leadline-submit': LeadlineSubmitEvent;
    'leadline-error': LeadlineErrorEvent;
  }
}
