/** Helpers for admin tests: a real site from the test server, API calls, and the admin's views. */
import { fixture, html, waitUntil as wait } from '@open-wc/testing';
import '../../../widgets/admin-dashboard/admin-dashboard.ts';
import type { LeadlineAdmin } from '../../../widgets/admin-dashboard/admin-dashboard.ts';

export const api = location.origin;
export type Site = { siteKey: string; adminToken: string };
/** Network round trips through the real app: allow more than the default second. */
export const waitUntil = (check: () => unknown, message?: string) => wait(check, message, { timeout: 8000 });
/** A fresh site (with help articles) in the test server's real app. */
export const realSite = async (): Promise<Site> => (await fetch('/test-api/real-site', { method: 'POST' })).json();
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const call = async <T = any>(token: string, path: string, method = 'GET', body?: unknown): Promise<T> =>
  (
    await fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    })
  ).json();

export const shell = (el: LeadlineAdmin) => el.shadowRoot!;
/** The shadow root of the view the admin shows. */
export const view = (el: LeadlineAdmin) => shell(el).querySelector('main > *')?.shadowRoot ?? null;
export const inView = <T extends Element = HTMLElement>(el: LeadlineAdmin, sel: string) =>
  view(el)?.querySelector<T>(sel) ?? null;
/** The message in the shell's toast (its one aria-live region), '' when none shows. */
export const toast = (el: LeadlineAdmin) => shell(el).querySelector('[aria-live] .toast')?.textContent?.trim() ?? '';
export const all = <T extends Element = HTMLElement>(el: LeadlineAdmin, sel: string) => [
  ...(view(el)?.querySelectorAll<T>(sel) ?? []),
];

/** Sets a control's value the way typing or choosing does. */
export function fill(input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** The admin with the site's owner token, opened at `hash`. */
export async function asOwner(site: Site, hash: string): Promise<LeadlineAdmin> {
  history.replaceState(null, '', `${location.pathname}${hash}`);
  const el = await fixture<LeadlineAdmin>(html`<leadline-admin api=${api} .token=${site.adminToken}></leadline-admin>`);
  await waitUntil(() => view(el), 'the view');
  return el;
}
