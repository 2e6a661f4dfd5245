/**
 * The visitor's tickets (tracking number + token) on this browser. Kept in
 * localStorage only when the tracker may store things (a stored visitor id or
 * an explicit consent, per DESIGN.md's consent table); otherwise for this page
 * only, and the visitor keeps the link shown after creation.
 */
export interface StoredTicket {
  trackingNumber: string;
  token: string;
  subject: string;
  /** Time of the newest staff message the visitor has seen. */
  seen: number;
}

const key = (site: string) => `leadline-tickets:${site}`;
const memory: Record<string, StoredTicket[]> = {};

function storageAllowed(): boolean {
  try {
    return !!localStorage.getItem('ll_v') || localStorage.getItem('ll_c') === '1';
  } catch {
    return false;
  }
}

export function loadTickets(site: string): StoredTicket[] {
  try {
    if (storageAllowed()) return JSON.parse(localStorage.getItem(key(site)) ?? '[]') as StoredTicket[];
  } catch {
    // Unreadable: fall back to this page's memory.
  }
  return memory[site] ?? [];
}

export function saveTickets(site: string, tickets: StoredTicket[]): void {
  memory[site] = tickets.slice(0, 20);
  try {
    if (storageAllowed()) localStorage.setItem(key(site), JSON.stringify(memory[site]));
  } catch {
    // Storage full or blocked: memory still holds them.
  }
}

/** The link that reopens a ticket in the chat: the token stays in the fragment, never sent to a server. */
export const ticketLink = (t: { trackingNumber: string; token: string }) =>
  `${location.href.split('#')[0]}#ll-ticket=${t.trackingNumber}~${t.token}`;

/** A ticket from a `#ll-ticket=TN~TOKEN` link, if the page was opened with one. */
export function ticketFromLink(): { trackingNumber: string; token: string } | null {
  const m = /#ll-ticket=(LL-[0-9A-Z]{4}-[0-9A-Z]{4})~(tt_[A-Za-z0-9_-]+)/.exec(location.hash);
  return m ? { trackingNumber: m[1]!, token: m[2]! } : null;
}
