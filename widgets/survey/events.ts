/** The visitor answered a survey (the server stored it: a resend with the same `id` is a no-op there). */
export class LeadlineSurveyAnsweredEvent extends Event {
  static readonly type = 'leadline-survey-answered';
  constructor(readonly detail: { survey: string; id: string; score?: number; choice?: string[] }) {
    super(LeadlineSurveyAnsweredEvent.type, { bubbles: true, composed: true });
  }
}

/** The visitor closed a survey card without answering. */
export class LeadlineSurveyDismissedEvent extends Event {
  static readonly type = 'leadline-survey-dismissed';
  constructor(readonly detail: { survey: string }) {
    super(LeadlineSurveyDismissedEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'leadline-survey-answered': LeadlineSurveyAnsweredEvent;
    'leadline-survey-dismissed': LeadlineSurveyDismissedEvent;
  }
}
