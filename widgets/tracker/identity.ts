import { uuid7 } from './ids.ts';
import { store } from './storage.ts';

/**
 * Visitor and session ids. The visitor id lives in localStorage and the
 * session in sessionStorage when storage is allowed, else in memory for the page.
 * A session ends after 30 minutes without events, or when a new campaign
 * source (UTM, click id, referral param, other referring site) arrives.
 */
let visitor: string | null | undefined | void;
let session: string | undefined;
let last: number | string | undefined;
let source: string | undefined;

/** Current [visitor, session], starting a new session when needed; `src` is the arriving source signature, if any. */
export function ids(src?: string): [string, string] {
  const now = Date.now();
  if (!visitor) {
    visitor = store('ll_v') || uuid7();
    [session, last, source] = (store('ll_s') || '').split(' ');
  }
  if (!session || now - +last! > 18e5 || (src && src != source)) ((session = uuid7()), src && (source = src));
  last = now;
  save();
  return [visitor, session];
}

/** Writes the ids (a no-op unless storage is allowed). */
export function save(): void {
  if (visitor) (store('ll_v', visitor), store('ll_s', `${session} ${last} ${source || ''}`));
}

/** Forgets every id, in memory and in storage, and which surveys this browser saw; the next event starts afresh. */
export function forget(): void {
  visitor = '';
  store('ll_v', null);
  store('ll_s', null);
  store('ll_sv', null);
}
