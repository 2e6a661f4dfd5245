import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { LeadlineAdmin } from '../../../widgets/admin-dashboard/admin-dashboard.ts';
import type { AdminInstallationView } from '../../../widgets/admin-dashboard/views/installation-view.ts';
import { all, api, asOwner, call, inView, realSite, shell, view, waitUntil, type Site } from './admin-page.ts';

const here = location.origin;
/** A pageview sent from this page, so the browser gives it this page's Origin. */
const track = (site: Site) =>
  fetch('/v1/events', {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ site: site.siteKey, events: [{ id: crypto.randomUUID(), type: 'pageview', ts: Date.now(), visitor: 'visitor-install', session: 'session-install', url: `${here}/pricing` }] }),
  });
/** A site that allows only another origin, so this page's requests are refused (`times` of them, counted). */
async function refusedHere(times = 1): Promise<Site> {
  const site = await realSite();
  await call(site.adminToken, '/v1/admin/settings', 'PATCH', { allowedOrigins: ['https://shop.example'] });
  for (let i = 0; i < times; i++) expect((await track(site)).status).to.equal(403);
  await waitUntil(async () => (await call(site.adminToken, '/v1/admin/installation')).refusedOrigins[0]?.count === times, 'the refusals recorded');
  return site;
}
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const refusedRows = (el: LeadlineAdmin) => all(el, 'section[aria-labelledby="refused-title"] tbody tr');
const button = (el: LeadlineAdmin, label: string) => all<HTMLButtonElement>(el, 'button').find((b) => text(b) === label)!;
async function signedInAs(owner: Site, role: string): Promise<Site> {
  const { invite } = await call(owner.adminToken, '/v1/admin/users', 'POST', { name: `A ${role}`, email: `${role}@shop.example`, role });
  const res = await fetch('/v1/admin/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ invite }) });
  const { token } = (await res.json()) as { token: string };
  return { siteKey: owner.siteKey, adminToken: token };
}

describe('<leadline-admin> Installation', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('shows the tag and a refused origin; Allow updates the settings, after which the page’s events pass', async () => {
    const site = await refusedHere(2);
    const el = await asOwner(site, '#/installation');
    await waitUntil(() => refusedRows(el).length === 1, 'the refused origin');
    expect(shell(el).querySelector('nav a[aria-current="page"]')!.textContent).to.equal('Installation');
    expect(inView<HTMLTextAreaElement>(el, 'textarea#snippet')!.value).to.equal(`<script defer src="${api}/embed.js" data-site="${site.siteKey}"></script>`);
    expect(inView<HTMLTextAreaElement>(el, 'textarea#snippet')!.readOnly).to.equal(true);
    expect(text(inView(el, 'dl'))).to.contain(api);
    expect(text(inView(el, '#last-title')!.parentElement)).to.contain('No events received yet.');
    const [origin, count] = [...refusedRows(el)[0]!.querySelectorAll('td')].map(text);
    expect([origin, count]).to.deep.equal([here, '2']);
    expect(text(inView(el, 'section[aria-labelledby="keys-title"]'))).to.contain('None in the last 7 days.');
    await expect(el).to.be.accessible();

    // Copy: the clipboard when there is one, else the tag is selected for Ctrl+C.
    const clipboard = navigator.clipboard;
    let copied = '';
    const writeText = clipboard.writeText;
    try {
      clipboard.writeText = async (t: string) => void (copied = t);
      button(el, 'Copy the tag').click();
      await waitUntil(() => text(inView(el, 'button.primary + [role="status"]')) === 'Copied.', 'copied');
      expect(copied).to.equal(inView<HTMLTextAreaElement>(el, '#snippet')!.value);
      clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
      button(el, 'Copy the tag').click();
      await waitUntil(() => text(inView(el, 'button.primary + [role="status"]')).startsWith('The tag is selected'), 'the fallback');
      const box = inView<HTMLTextAreaElement>(el, '#snippet')!;
      expect(view(el)!.activeElement).to.equal(box);
      expect([box.selectionStart, box.selectionEnd]).to.deep.equal([0, box.value.length]);
    } finally {
      clipboard.writeText = writeText;
    }

    inView<HTMLButtonElement>(el, `button[aria-label="Allow ${here}"]`)!.click();
    await waitUntil(() => text(inView(el, 'section[aria-labelledby="refused-title"]')).includes(`${here} is allowed now.`) && refusedRows(el).length === 0, 'allowed');
    expect(view(el)!.activeElement).to.equal(inView(el, '#refused-title'));
    expect((await call(site.adminToken, '/v1/admin/settings')).allowedOrigins).to.deep.equal(['https://shop.example', here]);
    expect((await track(site)).status).to.equal(202);

    button(el, 'Test my site').click();
    await waitUntil(() => text(inView(el, '#test-status')).startsWith('It works'), 'the test finds the event');
    expect(text(inView(el, '#test-status'))).to.equal('It works: events are arriving (1 in the last few minutes).');
    expect(text(inView(el, '#last-title')!.parentElement)).to.contain(`${here}/pricing`);
    await expect(el).to.be.accessible();
  });

  it('in Arabic at phone width: right to left, nothing wider than the screen, and the test says when nothing arrived', async () => {
    await setViewport({ width: 390, height: 844 });
    try {
      const site = await refusedHere();
      const el = await asOwner(site, '#/installation');
      el.locale = 'ar';
      await waitUntil(() => view(el)?.host.getAttribute('dir') === 'rtl' && text(inView(el, 'h2')) === 'التثبيت' && refusedRows(el).length === 1, 'the Arabic page');
      expect(text(inView(el, 'thead'))).to.contain('النطاق');
      expect(inView(el, `button[aria-label="السماح بـ ${here}"]`)).not.to.equal(null);
      expect(document.documentElement.scrollWidth).to.be.at.most(innerWidth);
      for (const node of [view(el)!.host, ...all(el, 'section, textarea, table, button, dl')]) {
        const r = node.getBoundingClientRect();
        expect([Math.round(r.left) >= 0, Math.round(r.right) <= innerWidth], `${node.tagName} ${r.left}–${r.right}`).to.deep.equal([true, true]);
      }
      await expect(el).to.be.accessible();

      const page = view(el)!.host as AdminInstallationView;
      Object.assign(page, { testWindowMs: 300, pollMs: 100 });
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
