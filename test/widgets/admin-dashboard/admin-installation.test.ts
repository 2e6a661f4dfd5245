import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { LeadlineAdmin } from '../../../widgets/admin-dashboard/admin-dashboard.ts';
import type { AdminInstallationView } from '../../../widgets/admin-dashboard/views/installation-view.ts';
import { all, api, asOwner, call, inView, realSite, shell, view, waitUntil, type Site } from './admin-page.ts';

const here = location.origin;
const json = { 'content-type': 'application/json' };
/** A pageview sent from this page, so the browser gives it this page's Origin. */
function track(site: Site): Promise<Response> {
  const ids = { id: crypto.randomUUID(), visitor: 'visitor-install', session: 'session-install' };
  const event = { ...ids, type: 'pageview', ts: Date.now(), url: `${here}/pricing` };
  const body = JSON.stringify({ site: site.siteKey, events: [event] });
  return fetch('/v1/events', { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
}
/** A site that allows only another origin, so this page's requests are refused (`times` of them, counted). */
async function refusedHere(times = 1): Promise<Site> {
  const site = await realSite();
  await call(site.adminToken, '/v1/admin/settings', 'PATCH', { allowedOrigins: ['https://shop.example'] });
  for (let i = 0; i < times; i++) expect((await track(site)).status).to.equal(403);
  const counted = async () =>
    (await call(site.adminToken, '/v1/admin/installation')).refusedOrigins[0]?.count === times;
  await waitUntil(counted, 'the refusals recorded');
  return site;
}
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const section = (el: LeadlineAdmin, title: string) => inView(el, `section[aria-labelledby="${title}"]`);
const refusedRows = (el: LeadlineAdmin) => all(el, 'section[aria-labelledby="refused-title"] tbody tr');
const button = (el: LeadlineAdmin, label: string) =>
  all<HTMLButtonElement>(el, 'button').find((b) => text(b) === label)!;
const copyStatus = (el: LeadlineAdmin) => text(inView(el, 'button.primary + [role="status"]'));
async function signedInAs(owner: Site, role: string): Promise<Site> {
  const user = { name: `A ${role}`, email: `${role}@shop.example`, role };
  const { invite } = await call(owner.adminToken, '/v1/admin/users', 'POST', user);
  const res = await fetch('/v1/admin/session', { method: 'POST', headers: json, body: JSON.stringify({ invite }) });
  return { siteKey: owner.siteKey, adminToken: ((await res.json()) as { token: string }).token };
}

describe('<leadline-admin> Installation', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('shows the tag and a refused origin; Allow updates the settings, and the page’s events pass', async () => {
    const site = await refusedHere(2);
    const el = await asOwner(site, '#/installation');
    await waitUntil(() => refusedRows(el).length === 1, 'the refused origin');
    expect(shell(el).querySelector('nav a[aria-current="page"]')!.textContent).to.equal('Installation');
    const box = inView<HTMLTextAreaElement>(el, 'textarea#snippet')!;
    expect(box.value).to.equal(`<script defer src="${api}/embed.js" data-site="${site.siteKey}"></script>`);
    expect(box.readOnly).to.equal(true);
    expect(text(inView(el, 'dl'))).to.contain(api);
    expect(text(section(el, 'last-title'))).to.contain('No events received yet.');
    const [origin, count] = [...refusedRows(el)[0]!.querySelectorAll('td')].map(text);
    expect([origin, count]).to.deep.equal([here, '2']);
    expect(text(section(el, 'keys-title'))).to.contain('None in the last 7 days.');
    await expect(el).to.be.accessible();

    // Copy: the clipboard when there is one, else the tag is selected for Ctrl+C.
    const clipboard = navigator.clipboard;
    const writeText = clipboard.writeText;
    let copied = '';
    try {
      clipboard.writeText = async (t: string) => void (copied = t);
      button(el, 'Copy the tag').click();
      await waitUntil(() => copyStatus(el) === 'Copied.', 'copied');
      expect(copied).to.equal(box.value);
      clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
      button(el, 'Copy the tag').click();
      await waitUntil(() => copyStatus(el).startsWith('The tag is selected'), 'the fallback');
      expect(view(el)!.activeElement).to.equal(box);
      expect([box.selectionStart, box.selectionEnd]).to.deep.equal([0, box.value.length]);
    } finally {
      clipboard.writeText = writeText;
    }

    inView<HTMLButtonElement>(el, `button[aria-label="Allow ${here}"]`)!.click();
    const allowed = () =>
      text(section(el, 'refused-title')).includes(`${here} is allowed now.`) && refusedRows(el).length === 0;
    await waitUntil(allowed, 'allowed');
    expect(view(el)!.activeElement).to.equal(inView(el, '#refused-title'));
    const settings = await call(site.adminToken, '/v1/admin/settings');
    expect(settings.allowedOrigins).to.deep.equal(['https://shop.example', here]);
    expect((await track(site)).status).to.equal(202);

    button(el, 'Test my site').click();
    await waitUntil(() => text(inView(el, '#test-status')).startsWith('It works'), 'the test finds the event');
    expect(text(inView(el, '#test-status'))).to.equal('It works: events are arriving (1 in the last few minutes).');
    expect(text(section(el, 'last-title'))).to.contain(`${here}/pricing`);
    await expect(el).to.be.accessible();
  });

  it('in Arabic at phone width: right to left, nothing wider than the screen; no events, says the test', async () => {
    await setViewport({ width: 390, height: 844 });
    try {
      const site = await refusedHere();
      const el = await asOwner(site, '#/installation');
      el.locale = 'ar';
      const arabic = () => view(el)?.host.getAttribute('dir') === 'rtl' && text(inView(el, 'h2')) === 'التثبيت';
      await waitUntil(() => arabic() && refusedRows(el).length === 1, 'the Arabic page');
      expect(text(inView(el, 'thead'))).to.contain('النطاق');
      expect(inView(el, `button[aria-label="السماح بـ ${here}"]`)).not.to.equal(null);
      expect(document.documentElement.scrollWidth).to.be.at.most(innerWidth);
      for (const node of [view(el)!.host, ...all(el, 'section, textarea, table, button, dl')]) {
        const r = node.getBoundingClientRect();
        const inside = [Math.round(r.left) >= 0, Math.round(r.right) <= innerWidth];
        expect(inside, `${node.tagName} ${r.left}–${r.right}`).to.deep.equal([true, true]);
      }
      await expect(el).to.be.accessible();

      Object.assign(view(el)!.host as AdminInstallationView, { testWindowMs: 300, pollMs: 100 });
      button(el, 'اختبر موقعي').click();
      await waitUntil(() => text(inView(el, '#test-status')).startsWith('لم يصل أي حدث'), 'no events');
      expect(button(el, 'اختبر موقعي').disabled).to.equal(false);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('is in a rep’s navigation, without the Allow button; not in a viewer’s', async () => {
    const owner = await refusedHere();
    const rep = await asOwner(await signedInAs(owner, 'rep'), '#/installation');
    await waitUntil(() => refusedRows(rep).length === 1, 'the refused origin');
    expect(text(shell(rep).querySelector('nav'))).to.contain('Installation');
    expect(all(rep, 'section[aria-labelledby="refused-title"] button')).to.deep.equal([]);
    expect(all(rep, 'th').map(text)).to.deep.equal(['Origin', 'Requests (7 days)', 'Last seen']); // no action column
    await expect(rep).to.be.accessible();
    const viewer = await asOwner(await signedInAs(owner, 'viewer'), '#/contacts');
    await waitUntil(() => shell(viewer).querySelector('nav'), 'signed in');
    expect(text(shell(viewer).querySelector('nav'))).not.to.contain('Installation');
  });
});
