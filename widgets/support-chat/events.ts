/** The panel opened or closed. */
export class LeadlineChatToggleEvent extends Event {
  static readonly type = 'leadline-chat-toggle';
  constructor(readonly detail: { open: boolean }) {
    super(LeadlineChatToggleEvent.type, { bubbles: true, composed: true });
  }
}

/** The visitor opened a ticket. */
export class LeadlineTicketEvent extends Event {
  static readonly type = 'leadline-ticket';
  constructor(readonly detail: { trackingNumber: string; category: string }) {
    super(LeadlineTicketEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'leadline-chat-toggle': LeadlineChatToggleEvent;
    'leadline-ticket': LeadlineTicketEvent;
  }
}
