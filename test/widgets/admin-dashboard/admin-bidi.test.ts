import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { AdminElement } from '../../../widgets/admin-dashboard/admin-element.ts';
import ar from '../../../widgets/locales/admin/admin-ar.ts';
import en from '../../../widgets/locales/admin/admin-en.ts';
import ur from '../../../widgets/locales/admin/admin-ur.ts';
import { all, asOwner, call, fill, inView, realSite, shell, toast, view, waitUntil } from './admin-page.ts';

const text = (e: Element | null | undefined) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
/** Laid out on one line: bidi runs may give several rectangles, but all on the same line. */
const lines = (e: Element) => new Set([...e.getClientRects()].map((r) => Math.round(r.top))).size;
const arabic = (n: number) => new Intl.NumberFormat('ar').format(n);

describe('<leadline-admin>: right-to-left text, plurals, feedback and empty states', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('keeps a name, a date and a tracking number whole and in reading order in Arabic at phone width', async () => {
    await setViewport({ width: 390, height: 844 });
    const site = await realSite();
    await fetch('/v1/tickets', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        site: site.siteKey,
        name: 'Daniel Kim',
        email: 'daniel@example.com',
        subject: 'Lamp arrived broken.',
        body: 'Order 1042.',
        category: 'order_problem',
      }),
    });
    const { tickets } = await call(site.adminToken, '/v1/admin/tickets');
    const el = await asOwner(site, `#/tickets/${tickets[0].id}`);
    el.locale = 'ar';
    const rtl = () => view(el)!.host.getAttribute('dir') === 'rtl';
    await waitUntil(() => text(inView(el, 'ol.timeline time')) && rtl(), 'the Arabic thread');

    const meta = inView(el, 'ol.timeline li .muted')!;
    const name = meta.querySelector('bdi')!.getBoundingClientRect();
    const date = meta.querySelector('time')!.getBoundingClientRect();
    expect(text(meta.querySelector('bdi'))).to.equal('Daniel Kim');
    // Right to left: the name (first) sits wholly to the right of the date (after it), on one line.
    expect(name.left, 'name right of date').to.be.at.least(date.right);
    expect(Math.abs(name.top - date.top)).to.be.below(4);
    expect(lines(meta.querySelector('time')!)).to.equal(1);

    const tracking = inView(el, 'bdi.code')!;
    expect(text(tracking)).to.equal(tickets[0].trackingNumber);
    expect(getComputedStyle(tracking).whiteSpace).to.equal('nowrap');
    expect(lines(tracking), 'one piece, never "LL-" / "2YQ3-190Z"').to.equal(1);
    // Inside it, left to right: its first character is left of its last.
    const digits = [...tracking.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent)!;
    const chars = (i: number) => {
      const r = document.createRange();
      r.setStart(digits, i);
      r.setEnd(digits, i + 1);
      return r.getBoundingClientRect();
    };
    expect(chars(0).left).to.be.below(chars(tickets[0].trackingNumber.length - 1).left);
    // … and the tracking number comes first in the header line, so it is rightmost, right of the name.
    const headerName = tracking.parentElement!.querySelectorAll('bdi')[1]!;
    expect(text(headerName)).to.equal('Daniel Kim');
    expect(tracking.getBoundingClientRect().left).to.be.at.least(headerName.getBoundingClientRect().right);
    await expect(el).to.be.accessible();

    location.hash = '#/tickets';
    await waitUntil(() => inView(el, 'tbody tr'), 'the list');
    expect(text(inView(el, 'tbody tr')))
      .to.contain('مشكلة في طلب')
      .and.not.contain('order_problem');
  });

  it('counts with the Arabic plural rules: 0, 1, 2, 3, 11, 100', async () => {
    const site = await realSite();
    const el = await asOwner(site, '#/contacts');
    el.locale = 'ar';
    const host = () => view(el)!.host as AdminElement;
    await waitUntil(() => host().a('nav.contacts') === 'جهات الاتصال', 'Arabic');
    expect([0, 1, 2, 3, 11, 100].map((n) => host().plural('data.rows', n))).to.deep.equal([
      'لا توجد صفوف للاستيراد.',
      'جارٍ استيراد صف واحد…',
      'جارٍ استيراد صفين…',
      `جارٍ استيراد ${arabic(3)} صفوف…`,
      `جارٍ استيراد ${arabic(11)} صفًا…`,
      `جارٍ استيراد ${arabic(100)} صف…`,
    ]);
    el.locale = 'en';
    await waitUntil(() => host().a('nav.contacts') === 'Contacts', 'English');
    expect([0, 1, 2].map((n) => host().plural('contacts.count', n))).to.deep.equal([
      '0 contacts',
      '1 contact',
      '2 contacts',
    ]);
  });

  it('has every plural category each locale’s rules use, for every counted message', () => {
    const catalogues = { en, ar, ur } as Record<string, Record<string, string>>;
    const bases = Object.keys(en)
      .filter((k) => k.endsWith('.other'))
      .map((k) => k.slice(0, -'.other'.length));
    expect(bases).to.include.members(['contacts.count', 'contacts.bulkDone', 'data.rows']);
    const missing = Object.entries(catalogues).flatMap(([locale, m]) =>
      bases
        .flatMap((b) => new Intl.PluralRules(locale).resolvedOptions().pluralCategories.map((c) => `${b}.${c}`))
        .filter((k) => !m[k])
        .map((k) => `${locale}: ${k}`),
    );
    expect(missing).to.deep.equal([]);
  });

  it('shows codes through label tables in Arabic: stage reasons and event types', async () => {
    const site = await realSite();
    const c = await call(site.adminToken, '/v1/admin/contacts', 'POST', { name: 'Daniel Kim', email: 'dk@x.example' });
    await call(site.adminToken, `/v1/admin/contacts/${c.id}`, 'PATCH', { stage: 'customer' });
    const el = await asOwner(site, `#/contacts/${c.id}`);
    el.locale = 'ar';
    await waitUntil(() => text(inView(el, 'ol.timeline')).includes('تغيير يدوي'), 'the stage reason in Arabic');
    expect(text(inView(el, 'ol.timeline'))).not.to.match(/\(manual\)|\(manual|pageview/);
  });

  it('says what a bulk edit did, in a toast next to the button, in the one live region', async () => {
    const site = await realSite();
    for (const name of ['Ana Lima', 'Bruno Costa']) {
      await call(site.adminToken, '/v1/admin/contacts', 'POST', { name, email: `${name.split(' ')[0]}@example.com` });
    }
    const el = await asOwner(site, '#/contacts');
    await waitUntil(() => all(el, 'tbody tr').length === 2, 'the contacts');
    const selectAll = inView<HTMLInputElement>(el, 'thead input[type="checkbox"]')!;
    selectAll.click();
    await waitUntil(() => inView(el, '[role="group"] select'), 'the bulk bar');
    fill(inView<HTMLSelectElement>(el, '[role="group"] select')!, 'customer');
    const apply = all<HTMLButtonElement>(el, '[role="group"] button').find((b) => text(b) === 'Apply')!;
    const at = apply.getBoundingClientRect();
    apply.click();
    await waitUntil(() => toast(el), 'the toast');
    expect(toast(el)).to.equal('Updated 2 contacts: stage set to Customer.');
    const live = shell(el).querySelectorAll('[aria-live]');
    expect(live).to.have.length(1);
    const box = live[0]!.querySelector('.toast')!.getBoundingClientRect();
    expect(box.top - at.bottom, 'just below the button').to.be.within(0, 24);
    expect(box.left).to.be.within(Math.max(0, at.left - 200), at.right);
    await waitUntil(() => all(el, 'tbody tr').every((r) => text(r).includes('Customer')), 'both customers now');
  });

  it('teaches on an empty site: Installation and "add a contact"; "No contacts match." only with a filter', async () => {
    const site = await realSite();
    const el = await asOwner(site, '#/contacts');
    await waitUntil(() => inView(el, '.empty'), 'the empty state');
    expect(text(inView(el, '.empty')))
      .to.contain('No contacts yet.')
      .and.not.contain('match');
    expect(inView<HTMLAnchorElement>(el, '.empty a')!.getAttribute('href')).to.equal('#/installation');
    await expect(el).to.be.accessible();
    inView<HTMLButtonElement>(el, '.empty button')!.click();
    await waitUntil(() => view(el)!.activeElement?.getAttribute('name') === 'name', 'the new-contact form, focused');

    fill(inView<HTMLInputElement>(el, 'input[type="search"]')!, 'zzz');
    await waitUntil(() => text(inView(el, 'p[role="status"]')) === 'No contacts match.', 'no match under a filter');

    location.hash = '#/tickets';
    const says = (start: string) => all(el, 'p[role="status"]').some((p) => text(p).startsWith(start));
    await waitUntil(() => says('No requests yet.'), 'what fills the tickets');
  });

  it('shows progress while the CSV export downloads, then says it is done', async () => {
    const site = await realSite();
    await call(site.adminToken, '/v1/admin/contacts', 'POST', { name: 'Ana Lima', email: 'ana@example.com' });
    const el = await asOwner(site, '#/contacts');
    await waitUntil(() => inView(el, 'tbody tr'), 'the contacts');
    const seen: string[] = [];
    const busy = () => (shell(el).querySelector('.toast progress') ? ' [busy]' : '');
    const watch = new MutationObserver(() => seen.push(toast(el) + busy()));
    watch.observe(shell(el), { subtree: true, childList: true, characterData: true });
    all<HTMLButtonElement>(el, 'button')
      .find((b) => text(b) === 'Export CSV')!
      .click();
    await waitUntil(() => toast(el) === 'Downloaded contacts.csv.', 'done');
    watch.disconnect();
    expect(seen).to.include('Preparing contacts.csv… [busy]');
  });
});
