import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { LeadlineAdmin } from '../../../widgets/admin-dashboard/admin-dashboard.ts';
import { all, asOwner, call, fill, inView, realSite, shell, view, waitUntil } from './admin-page.ts';

const text = (e: Element | null | undefined) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
/** Nothing of the admin leaves the viewport sideways (RTL included: rectangles, not only scrollWidth). */
function overflow(el: LeadlineAdmin): string[] {
  const out: string[] = [];
  const walk = (root: ShadowRoot) => {
    for (const node of root.querySelectorAll('*')) {
      const r = node.getBoundingClientRect();
      const inScroller = node.closest('table');
      if (r.width && r.height && !inScroller && (Math.round(r.left) < 0 || Math.round(r.right) > innerWidth))
        out.push(`${node.tagName.toLowerCase()} ${Math.round(r.left)}–${Math.round(r.right)}`);
      if (node.shadowRoot) walk(node.shadowRoot);
    }
  };
  walk(el.shadowRoot!);
  if (document.documentElement.scrollWidth > innerWidth)
    out.push(`scrollWidth ${document.documentElement.scrollWidth}`);
  return out;
}

describe('<leadline-admin> companies', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  for (const [locale, width] of [
    ['en', 1280],
    ['ar', 390],
  ] as const) {
    it(`creates a company, links the contact its domain suggests, and shows it on both pages (${locale}, ${width} px)`, async () => {
      await setViewport({ width, height: 844 });
      const site = await realSite();
      const domain = `acme-${locale}.example`;
      const ana = await call(site.adminToken, '/v1/admin/contacts', 'POST', {
        name: 'Ana Lima',
        email: `ana@${domain}`,
      });
      await call(site.adminToken, '/v1/admin/contacts', 'POST', { name: 'Free Mail', email: 'free@gmail.com' });
      const el = await asOwner(site, '#/companies');
      el.locale = locale;
      await waitUntil(() => view(el)?.host.tagName === 'LEADLINE-ADMIN-COMPANIES', 'the companies view');
      await waitUntil(() => view(el)?.host.getAttribute('dir') === (locale === 'en' ? 'ltr' : 'rtl'), 'the direction');
      const current = shell(el).querySelector('nav a[aria-current="page"]');
      expect(current?.getAttribute('href')).to.equal('#/companies');
      await waitUntil(() => inView(el, '[role="status"]'), 'the empty list');
      await expect(el).to.be.accessible();

      // New company: a URL is saved as its domain.
      inView<HTMLButtonElement>(el, 'button[aria-expanded]')!.click();
      await waitUntil(() => inView(el, 'form input[name="name"]'), 'the new-company form');
      fill(inView<HTMLInputElement>(el, 'form input[name="name"]')!, 'Acme Corp');
      fill(inView<HTMLInputElement>(el, 'form input[name="domain"]')!, `https://www.${domain}/about`);
      fill(inView<HTMLSelectElement>(el, 'form select[name="size"]')!, '11-50');
      inView<HTMLFormElement>(el, 'form')!.requestSubmit();
      await waitUntil(() => view(el)?.host.tagName === 'LEADLINE-ADMIN-COMPANY', 'the company page');
      await waitUntil(() => inView(el, '#company-name'), 'the company loaded');
      expect(text(inView(el, '#company-name'))).to.equal('Acme Corp');
      expect(text(inView(el, 'header a[href^="https://"]'))).to.equal(domain);

      // The suggestion by email domain (never the free-mail address), linked by one click.
      await waitUntil(() => all(el, '.suggestions li').length === 1, 'one suggestion');
      expect(text(inView(el, '.suggestions li'))).to.contain(`ana@${domain}`);
      expect(overflow(el), 'no sideways scrolling').to.deep.equal([]);
      await expect(el).to.be.accessible();
      inView<HTMLButtonElement>(el, '.suggestions li button')!.click();
      await waitUntil(() => !inView(el, '.suggestions'), 'the suggestion taken');
      const people = all(el, '#people-title ~ ul li a').map(text);
      expect(people).to.deep.equal(['Ana Lima']);
      const linked = await call(site.adminToken, `/v1/admin/contacts/${ana.id}`);
      expect(linked.companyName).to.equal('Acme Corp');
      expect(overflow(el), 'no sideways scrolling').to.deep.equal([]);
      await expect(el).to.be.accessible();

      // The fields are edited on the page.
      inView<HTMLElement>(el, 'details summary#company-edit-title')!.click();
      fill(inView<HTMLInputElement>(el, 'details form input[name="industry"]')!, 'Retail');
      inView<HTMLFormElement>(el, 'details form')!.requestSubmit();
      await waitUntil(() => text(inView(el, 'header')).includes('Retail'), 'the industry saved');
      expect((await call(site.adminToken, `/v1/admin/companies/${linked.companyId}`)).industry).to.equal('Retail');

      // The contact's page names its company, linking back.
      location.hash = `#/contacts/${ana.id}`;
      await waitUntil(() => inView(el, 'dd.company a'), 'the contact page');
      expect(text(inView(el, 'dd.company a'))).to.equal('Acme Corp');
      expect(overflow(el), 'no sideways scrolling').to.deep.equal([]);
      await expect(el).to.be.accessible();
      // And the companies list counts the person.
      location.hash = '#/companies';
      await waitUntil(() => all(el, 'tbody tr').length === 1, 'the list');
      expect(text(inView(el, 'tbody tr td:nth-child(5)'))).to.equal(new Intl.NumberFormat(locale).format(1));
    });
  }

  it('offers the company an email domain suggests on the contact page, linked by one click', async () => {
    const site = await realSite();
    const company = await call(site.adminToken, '/v1/admin/companies', 'POST', {
      name: 'Beta',
      domain: 'beta.example',
    });
    const bo = await call(site.adminToken, '/v1/admin/contacts', 'POST', { name: 'Bo', email: 'bo@beta.example' });
    const el = await asOwner(site, `#/contacts/${bo.id}`);
    await waitUntil(() => inView(el, 'button.suggested-company'), 'the suggestion');
    expect(text(inView(el, 'dd.company'))).to.equal('—');
    expect(text(inView(el, 'button.suggested-company'))).to.contain('Beta');
    inView<HTMLButtonElement>(el, 'button.suggested-company')!.click();
    await waitUntil(() => inView(el, 'dd.company a'), 'linked');
    expect(inView(el, 'dd.company a')!.getAttribute('href')).to.equal(`#/companies/${company.id}`);
    expect(inView(el, 'button.suggested-company')).to.equal(null);
  });
});
