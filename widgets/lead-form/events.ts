/** Fired when a submission was received by Leadline. Contact data is not included. */
export class LeadlineSubmitEvent extends Event {
  static readonly type = 'leadline-submit';
  constructor(readonly detail: { form: string; id: string }) {
    super(LeadlineSubmitEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'leadline-submit': LeadlineSubmitEvent;
  }
}
