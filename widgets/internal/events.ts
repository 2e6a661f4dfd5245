/**
 * Fired by any Leadline widget when loading or a request fails (`code` as in the API's errors, or `network`).
 * `form` names the form, or `chat` for the support chat, or `survey` for a survey.
 */
export class LeadlineErrorEvent extends Event {
  static readonly type = 'leadline-error';
  constructor(readonly detail: { form: string; code: string; message: string }) {
    super(LeadlineErrorEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'leadline-error': LeadlineErrorEvent;
  }
}
