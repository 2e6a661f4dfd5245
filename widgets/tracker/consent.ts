import { allowStorage, store } from './storage.ts';

/**
 * The consent table of DESIGN.md. Storage (ids, queue) is allowed by default,
 * but not under Do-Not-Track / Global Privacy Control, nor with
 * `data-consent="required"`, until `consent(true)`. The visitor's own choice is
 * remembered as `ll_c` = 1 / 0 (a preference, not an identifier).
 */
const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
const privacySignal = nav.doNotTrack == '1' || nav.globalPrivacyControl;
let granted: boolean | undefined;

/** Decides storage at start-up from the remembered choice, the signals and the site's mode. */
export function startConsent(required: boolean): void {
  const c = store('ll_c', undefined, 1, 1);
  granted = c ? c == '1' : undefined;
  allowStorage(granted ?? !(required || privacySignal));
}

/** Records the visitor's choice (unless `pageOnly`) and allows or forbids storage from now on. */
export function setConsent(on: boolean, pageOnly?: unknown): void {
  granted = on;
  if (!pageOnly) store('ll_c', on ? '1' : '0', 1, 1);
  allowStorage(on);
}

/** Events may be tied to a person (identify, forms): not under DNT/GPC without an explicit yes. */
export const mayIdentify = (): boolean => granted ?? !privacySignal;
