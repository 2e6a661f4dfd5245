import { expect, waitUntil as wait } from '@open-wc/testing';
import type { LeadlineAdmin } from '../../../widgets/admin-dashboard/admin-dashboard.ts';

/**
 * `<leadline-admin>` embedded as docs/embedding.md shows it: no `api` attribute (the widget finds its server from
 * its own module URL), and the host page's script sets `token` whenever it likes — before the element is defined,
 * in `whenDefined().then(…)`, or later. No static import of the widget here: the elements exist first.
 */
const waitUntil = (check: () => unknown, message?: string) => wait(check, message, { timeout: 8000 });
const realSite = async (): Promise<{ siteKey: string; adminToken: string }> =>
  (await fetch('/test-api/real-site', { method: 'POST' })).json();
const signedIn = (el: Element) => el.shadowRoot?.querySelector('nav[part="nav"]');
const signInCard = (el: Element) => el.shadowRoot?.querySelector('#signin');

describe('<leadline-admin> as a host page embeds it', () => {
  it('signs in with a token set before the element is defined, right after, or later', async () => {
    const site = await realSite();
    const early = document.createElement('leadline-admin') as LeadlineAdmin;
    early.token = site.adminToken; // an own property of a not-yet-upgraded element
    document.body.append(early);
    const onDefine = document.body.appendChild(document.createElement('leadline-admin')) as LeadlineAdmin;
    void customElements.whenDefined('leadline-admin').then(() => (onDefine.token = site.adminToken));
    const later = document.body.appendChild(document.createElement('leadline-admin')) as LeadlineAdmin;

    await import('../../../widgets/admin-dashboard/admin-dashboard.ts');
    await waitUntil(() => signedIn(early), 'the early token signs in');
    await waitUntil(() => signedIn(onDefine), 'the whenDefined token signs in');
    await waitUntil(() => signInCard(later), 'no token: the sign-in card');
    expect(later.apiBase, 'the server the module came from').to.equal(location.origin);

    later.token = site.adminToken;
    await waitUntil(() => signedIn(later), 'a token set later signs in');
    later.token = 'sk_wrong0000000000000000000000';
    await waitUntil(() => signInCard(later), 'a wrong token: signed out again');
    for (const el of [early, onDefine, later]) el.remove();
  });
});
