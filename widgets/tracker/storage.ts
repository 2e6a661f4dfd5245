import { data } from './script.ts';

/**
 * The tracker's only door to Web Storage, and the consent table of DESIGN.md that opens it. Storage (ids,
 * queue) is allowed by default, but not under Do-Not-Track / Global Privacy Control, nor with
 * `data-consent="required"`, until `consent(true)`. The visitor's own choice is remembered as `ll_c` = 1 / 0 (a
 * preference, not an identifier), the one key read and written regardless. `ll_s` (the session) and `ll_p` (calls
 * waiting for widgets/tracker-more.js) live in sessionStorage, every other key in localStorage. Every access is wrapped: sandboxed iframes and disabled
 * storage throw, and the tracker then keeps going in memory.
 */
const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
const privacySignal = nav.doNotTrack == '1' || nav.globalPrivacyControl;
const blocked = privacySignal || data.consent == 'required';

/** Reads (`value` undefined), writes (a string) or removes (null) `key`; reads and writes only when allowed. */
export function store(key: string, value?: string | null): string | null | undefined | void {
  try {
    const s = /ll_[ps]$/.test(key) ? sessionStorage : localStorage;
    if (value === null) delete s[key];
    else if (key == 'll_c' || (granted ?? !blocked)) return value ? (s[key] = value) : s[key];
  } catch {
    // Storage unavailable: the tracker keeps going in memory.
  }
}

/** The visitor's choice: true, false, or nullish before any (remembered from an earlier page). */
let granted: unknown;
/** Reads the remembered choice (again, for a widget's bundle: embed.js may have recorded one since). */
export function readConsent(): void {
  granted = store('ll_c');
  granted &&= (granted as string) > '0';
}
readConsent();

/** Records the visitor's choice (unless `pageOnly`) and allows or forbids storage from now on. */
export function setConsent(on: boolean, pageOnly?: unknown): void {
  granted = on;
  if (!pageOnly) store('ll_c', String(+on));
}

/** Events may be tied to a person (identify, forms): not under DNT/GPC without an explicit yes. */
export const mayIdentify = (): unknown => granted ?? !privacySignal;
