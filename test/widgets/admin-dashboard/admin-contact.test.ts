import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { LeadlineAdmin } from '../../../widgets/admin-dashboard/admin-dashboard.ts';
import { formatMoney } from '../../../widgets/admin-dashboard/format-money.ts';
import { all, asOwner, call, inView, realSite, view, waitUntil, type Site } from './admin-page.ts';

const text = (e: Element | null | undefined) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const json = { 'content-type': 'application/json' };
const minute = 60_000;

/** A contact who came from google/cpc, read 7 pages over 12 minutes, sent the form, got a call and bought. */
async function seeded(): Promise<{ site: Site; id: string; owner: string }> {
  const site = await realSite();
  const t = Date.now() - 3 * 60 * minute;
  const base = { visitor: 'visitor-ana1', session: 'session-ana1', type: 'pageview' };
  const events = [0, 2, 4, 6, 8, 10, 12].map((m, n) => ({
    ...base,
    id: crypto.randomUUID(),
    ts: t + m * minute,
    url: `https://shop.example/page-${n}?utm_source=google&utm_medium=cpc`,
    title: `Page ${n}`,
  }));
  const sent = await fetch('/v1/events', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ site: site.siteKey, events }),
  });
  expect(sent.status).to.equal(202);
  await fetch('/v1/leads', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({
      site: site.siteKey,
      form: 'contact',
      id: crypto.randomUUID(),
      visitor: 'visitor-ana1',
      session: 'session-ana1',
      fields: { email: 'ana@example.com', name: 'Ana Lima' },
      elapsedMs: 5000,
    }),
  });
  const { contacts } = await call(site.adminToken, '/v1/admin/contacts');
  const id = contacts[0].id as string;
  const { users } = await call(site.adminToken, '/v1/admin/users');
  const owner = users.find((u: { role: string }) => u.role === 'owner');
  await call(site.adminToken, `/v1/admin/contacts/${id}`, 'PATCH', { phone: '+1 555 0100', ownerId: owner.id });
  await call(site.adminToken, `/v1/admin/contacts/${id}/activities`, 'POST', { kind: 'call', subject: 'Intro call' });
  await call(site.adminToken, `/v1/admin/contacts/${id}/purchases`, 'POST', {
    productName: 'Standing desk',
    unitPrice: 24600,
    currency: 'USD',
    quantity: 1,
  });
  return { site, id, owner: owner.name as string };
}

const summary = (el: LeadlineAdmin) => inView(el, 'header.summary');
const fact = (el: LeadlineAdmin, label: string) => {
  const dt = all(el, 'header.summary dt').find((d) => text(d) === label);
  return dt?.nextElementSibling ?? null;
};

describe('<leadline-admin> contact page: summary, collapsed editing, timeline filter', () => {
  let seed: Awaited<ReturnType<typeof seeded>>;
  before(async () => {
    seed = await seeded();
  });
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('sums up the contact in English and Arabic, formatted by Intl', async () => {
    await setViewport({ width: 1280, height: 900 });
    const el = await asOwner(seed.site, `#/contacts/${seed.id}`);
    await waitUntil(() => text(fact(el, 'Customer value')).includes('$'), 'the summary');
    expect(text(inView(el, 'header.summary h2'))).to.equal('Ana Lima');
    const email = fact(el, 'Email')!.querySelector('bdi')!;
    expect([text(email), email.getAttribute('dir')]).to.deep.equal(['ana@example.com', 'ltr']);
    const phone = fact(el, 'Phone')!.querySelector('bdi')!;
    expect([text(phone), phone.getAttribute('dir')]).to.deep.equal(['+1 555 0100', 'ltr']);
    expect(text(fact(el, 'Stage'))).to.equal('Customer');
    expect(text(fact(el, 'Owner'))).to.equal(seed.owner);
    expect(text(fact(el, 'Source'))).to.equal('google/cpc');
    expect(text(fact(el, 'Customer value'))).to.equal('$246.00');
    const { lastTouch } = await call(seed.site.adminToken, `/v1/admin/contacts/${seed.id}`);
    const seen = (locale: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
        .format(lastTouch.startedAt)
        .replace(/\s+/g, ' ');
    expect(text(fact(el, 'Last seen'))).to.equal(seen('en'));
    await expect(el).to.be.accessible();

    el.locale = 'ar';
    await waitUntil(
      () => view(el)!.host.getAttribute('dir') === 'rtl' && text(fact(el, 'المرحلة')) === 'عميل',
      'Arabic',
    );
    expect(text(fact(el, 'قيمة العميل'))).to.equal(formatMoney('ar', 24600, 'USD').replace(/\s+/g, ' ').trim());
    expect(text(fact(el, 'المصدر'))).to.equal('google/cpc');
    expect(text(fact(el, 'آخر ظهور'))).to.equal(seen('ar'));
    expect(text(summary(el))).not.to.match(/Customer|Last seen|\$246/);
    await expect(el).to.be.accessible();
  });

  it('keeps the edit, purchase and privacy forms closed until opened', async () => {
    const el = await asOwner(seed.site, `#/contacts/${seed.id}`);
    await waitUntil(() => inView(el, 'input[name="name"]'), 'the page');
    const name = inView<HTMLInputElement>(el, 'input[name="name"]')!;
    const purchase = inView<HTMLFormElement>(el, 'form[aria-labelledby="purchase-add-title"]')!;
    const erase = all(el, 'button').find((b) => text(b) === 'Erase this contact…')!;
    for (const hidden of [name, purchase, erase]) expect(hidden.checkVisibility()).to.equal(false);
    const edit = name.closest('details')!;
    expect(text(edit.querySelector('summary'))).to.equal('Edit details');
    edit.querySelector('summary')!.click();
    await waitUntil(() => name.checkVisibility(), 'the edit form opens');
    expect(name.value).to.equal('Ana Lima');
    expect(purchase.checkVisibility()).to.equal(false);
  });

  it('filters the timeline to page views, grouped per session, and fits 390 px', async () => {
    await setViewport({ width: 390, height: 844 });
    const el = await asOwner(seed.site, `#/contacts/${seed.id}`);
    await waitUntil(() => inView(el, 'ol.timeline li.activity'), 'the timeline');
    const chip = (kind: string) => inView<HTMLInputElement>(el, `fieldset.chips input[value="${kind}"]`)!;
    expect(all<HTMLInputElement>(el, 'fieldset.chips input').map((i) => i.checked)).to.deep.equal([
      true,
      true,
      true,
      true,
      true,
    ]);
    for (const kind of ['activities', 'forms', 'tickets', 'purchases']) chip(kind).click();
    await waitUntil(() => !inView(el, 'ol.timeline li.activity') && inView(el, 'ol.timeline li.session'), 'page views');
    expect(all(el, 'ol.timeline > li').map((li) => li.className)).to.deep.equal(['session']);
    const visit = inView(el, 'ol.timeline li.session details')!;
    expect(text(visit.querySelector('summary'))).to.equal('Visited 7 pages · 12 min · from google/cpc');
    expect(visit.querySelector('ol')!.checkVisibility()).to.equal(false);
    visit.querySelector('summary')!.click();
    await waitUntil(() => visit.querySelector('ol')!.checkVisibility(), 'the pages');
    expect(visit.querySelectorAll('ol li')).to.have.length(7);
    expect(text(visit.querySelector('ol li'))).to.contain('shop.example/page-0');
    expect(document.documentElement.scrollWidth).to.be.at.most(innerWidth);
    await expect(el).to.be.accessible();

    chip('pageviews').click();
    await waitUntil(() => text(inView(el, 'ol.timeline + p')) === 'Nothing of these kinds. Tick more above.', 'none');
    chip('purchases').click();
    await waitUntil(() => text(inView(el, 'ol.timeline li.purchase')).includes('Standing desk'), 'the purchase');
    expect(all(el, 'ol.timeline > li').map((li) => li.className)).to.deep.equal(['purchase']);

    el.locale = 'ar';
    chip('purchases').click();
    chip('pageviews').click();
    await waitUntil(() => text(inView(el, 'ol.timeline li.session summary')).startsWith('زار'), 'Arabic visit');
    expect(text(inView(el, 'ol.timeline li.session summary'))).to.contain(
      `زار ${new Intl.NumberFormat('ar').format(7)} صفحات`,
    );
    expect(document.documentElement.scrollWidth).to.be.at.most(innerWidth);
    await expect(el).to.be.accessible();
  });
});
