import { readConsent, store } from '../tracker/storage.ts';

/** Survey id → when it was last shown as a card, answered or dismissed here (ms since the epoch). */
export type Seen = Record<string, number>;

const KEY = 'll_sv';
const DAY = 864e5;
/** Kept when storage is not allowed (DNT/GPC, consent required and not given): this page only. */
let memory: Seen = {};

/** Whether survey `id` was shown, answered or dismissed less than `capDays` days before `now`. */
export const capped = (seen: Seen, id: string, capDays: number, now: number): boolean =>
  id in seen && now - seen[id]! < capDays * DAY;

/**
 * What this browser remembers: localStorage when the tracker's consent rules (tracker/storage.ts) allow it, else this
 * page's memory. The remembered choice is read again on each call, so a `leadline.consent(true)` made since counts.
 */
export function seenSurveys(): Seen {
  readConsent();
  try {
    return { ...memory, ...(JSON.parse(store(KEY) || '{}') as Seen) };
  } catch {
    return memory;
  }
}

/** Remembers that survey `id` was shown, answered or dismissed at `now`; keeps the 50 most recent surveys. */
export function remember(id: string, now: number): void {
  const seen = Object.entries({ ...seenSurveys(), [id]: now })
    .sort((a, b) => b[1] - a[1])
    .slice(0, 50);
  memory = Object.fromEntries(seen);
  store(KEY, JSON.stringify(memory));
}
