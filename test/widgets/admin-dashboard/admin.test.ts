import { expect, fixture, html } from '@open-wc/testing';
import {
  api,
  asOwner as owner,
  call,
  fill,
  inView,
  realSite,
  shell,
  toast,
  view,
  waitUntil,
  type Site,
} from './admin-page.ts';
import '../../../widgets/admin-dashboard/admin-dashboard.ts';
import type { LeadlineAdmin } from '../../../widgets/admin-dashboard/admin-dashboard.ts';

async function go(el: LeadlineAdmin, hash: string) {
  location.hash = hash;
  await waitUntil(() => view(el), `the view for ${hash}`);
}
async function invitedAs(owner: Site, role: string, name: string): Promise<string> {
  const { invite } = await call(owner.adminToken, '/v1/admin/users', 'POST', {
    name,
    email: `${name.split(' ')[0]!.toLowerCase()}@shop.example`,
    role,
  });
  return invite;
}
async function mountWithInvite(invite: string, locale = 'en') {
  history.replaceState(null, '', `${location.pathname}#invite=${invite}`);
  const el = await fixture<LeadlineAdmin>(html`<leadline-admin api=${api} locale=${locale}></leadline-admin>`);
  await waitUntil(() => shell(el).querySelector('nav'), 'signed in');
  return el;
}

describe('<leadline-admin>', () => {
  beforeEach(() => {
    localStorage.removeItem('leadline-admin-session');
    history.replaceState(null, '', location.pathname);
  });

  it('shows how to sign in without a token, accessibly', async () => {
    const el = await fixture<LeadlineAdmin>(html`<leadline-admin api=${api}></leadline-admin>`);
    await waitUntil(() => shell(el).querySelector('h2')?.textContent === 'Sign in to Leadline');
    await expect(el).to.be.accessible();
  });

  it('a rep accepts an invite, finds a contact, logs a call, plans a task and records a purchase', async () => {
    const owner = await realSite();
    const ana = await call(owner.adminToken, '/v1/admin/contacts', 'POST', {
      name: 'Ana Lima',
      email: 'ana@example.com',
      company: 'Lima & Co',
    });
    await call(owner.adminToken, '/v1/admin/contacts', 'POST', { name: 'Bruno Costa', email: 'bruno@example.com' });
    await call(owner.adminToken, '/v1/admin/products', 'POST', {
      name: 'Desk lamp',
      price: 4900,
      currency: 'USD',
      contractMonths: 12,
    });
    const el = await mountWithInvite(await invitedAs(owner, 'rep', 'Rana Rep'));
    expect(location.hash).to.equal('#/contacts');
    expect(shell(el).textContent).to.contain('Signed in as Rana Rep (Sales rep)');
    // Kept in this browser (a 30-day session ended by signing out), never in a cookie.
    expect(JSON.parse(localStorage.getItem('leadline-admin-session')!).token).to.match(/^sk_/);
    expect(document.cookie).not.to.contain('sk_');
    expect(shell(el).querySelector('nav')!.textContent).not.to.contain('Users');
    await waitUntil(() => inView(el, 'tbody tr'), 'the contacts');
    await expect(el).to.be.accessible();

    fill(inView<HTMLInputElement>(el, 'input[type="search"]')!, 'lima');
    await waitUntil(() => view(el)!.querySelectorAll('tbody tr').length === 1, 'one match');
    inView<HTMLAnchorElement>(el, 'tbody a')!.click();
    await waitUntil(() => inView(el, 'ol.timeline li'), 'the timeline');
    expect(location.hash).to.equal(`#/contacts/${ana.id}`);
    await expect(el).to.be.accessible();

    await waitUntil(
      () => inView(el, 'leadline-admin-activities')?.shadowRoot?.querySelector('form'),
      'the activity form',
    );
    const activity = inView(el, 'leadline-admin-activities')!.shadowRoot!.querySelector<HTMLFormElement>(
      'form[aria-labelledby="activity-title"]',
    )!;
    fill(activity.querySelector('select[name="kind"]')!, 'call');
    fill(activity.querySelector('input[name="subject"]')!, 'Intro call');
    fill(activity.querySelector('input[name="outcome"]')!, 'Wants a quote');
    activity.requestSubmit();
    await waitUntil(
      () =>
        [...view(el)!.querySelectorAll('ol.timeline li.activity')].some((li) => li.textContent!.includes('Intro call')),
      'the call on the timeline',
    );
    await waitUntil(() => inView<HTMLSelectElement>(el, 'select')!.value === 'prospect', 'prospect after an activity');

    const task = inView<HTMLFormElement>(el, 'form input[name="title"]')!.form!;
    fill(task.querySelector('input[name="title"]')!, 'Send the quote');
    fill(task.querySelector('input[name="due"]')!, '2020-01-01');
    task.requestSubmit();
    await waitUntil(() => view(el)!.textContent!.includes('Send the quote'), 'the task');

    const purchase = inView<HTMLFormElement>(el, 'form[aria-labelledby="purchase-add-title"]')!;
    fill(purchase.querySelector('input[name="quantity"]')!, '2');
    fill(purchase.querySelector('input[name="instructions"]')!, 'Gift wrap');
    purchase.requestSubmit();
    await waitUntil(() => toast(el) === 'Purchase recorded.', 'the purchase');
    await waitUntil(() => inView<HTMLSelectElement>(el, 'select')!.value === 'customer', 'customer after a purchase');
    expect(view(el)!.textContent).to.contain('$98.00');

    await go(el, '#/tasks');
    await waitUntil(() => inView(el, 'td.overdue'), 'the overdue task in my tasks');
    expect(inView(el, 'tbody')!.textContent).to.contain('Send the quote');
    await expect(el).to.be.accessible();

    await go(el, '#/customers');
    await waitUntil(() => inView(el, 'tbody tr'), 'customers');
    expect(inView(el, 'tbody')!.textContent).to.contain('Ana Lima');
    await expect(el).to.be.accessible();
    await go(el, '#/products');
    await waitUntil(() => inView(el, 'tbody tr'));
    await expect(el).to.be.accessible();
  });

  it('shows a viewer no edit controls, and the API refuses them anyway', async () => {
    const owner = await realSite();
    const contact = await call(owner.adminToken, '/v1/admin/contacts', 'POST', {
      name: 'Ana',
      email: 'ana@example.com',
    });
    const el = await mountWithInvite(await invitedAs(owner, 'viewer', 'Vera Viewer'));
    await waitUntil(() => inView(el, 'tbody tr'));
    expect(view(el)!.querySelector('button.primary')).to.equal(null); // no "New contact"
    expect(view(el)!.querySelector('tbody input[type="checkbox"]')).to.equal(null);
    await go(el, `#/contacts/${contact.id}`);
    await waitUntil(() => inView(el, 'ol.timeline'));
    await waitUntil(
      () => inView(el, 'leadline-admin-activities')?.shadowRoot?.querySelector('section'),
      'the activities',
    );
    expect(inView(el, 'leadline-admin-activities')!.shadowRoot!.querySelector('form')).to.equal(null);
    expect(inView(el, 'form[aria-labelledby="purchase-add-title"]')).to.equal(null);
    expect(inView<HTMLSelectElement>(el, 'select')!.disabled).to.equal(true);
    expect(inView<HTMLInputElement>(el, 'input[name="name"]')!.readOnly).to.equal(true);
    const token = JSON.parse(localStorage.getItem('leadline-admin-session')!).token as string;
    const res = await fetch(`/v1/admin/contacts/${contact.id}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'call' }),
    });
    expect(res.status).to.equal(403);
    await expect(el).to.be.accessible();
  });

  it('lets an owner invite a user and manage roles, accessibly', async () => {
    const owner = await realSite();
    const el = await fixture<LeadlineAdmin>(
      html`<leadline-admin api=${api} .token=${owner.adminToken}></leadline-admin>`,
    );
    await waitUntil(() => shell(el).querySelector('nav'));
    await go(el, '#/users');
    await waitUntil(() => inView(el, 'tbody tr'));
    const form = inView<HTMLFormElement>(el, 'form')!;
    fill(form.querySelector('input[name="name"]')!, 'Sami Sales');
    fill(form.querySelector('input[name="email"]')!, 'sami@shop.example');
    form.requestSubmit();
    await waitUntil(
      () => inView<HTMLInputElement>(el, 'p[role="status"] input')?.value.includes('#invite=inv_'),
      'the invite link',
    );
    await expect(el).to.be.accessible();
  });

  it('works in Arabic, right to left', async () => {
    const owner = await realSite();
    await call(owner.adminToken, '/v1/admin/contacts', 'POST', { name: 'ليلى حداد', email: 'layla@example.com' });
    const el = await mountWithInvite(await invitedAs(owner, 'rep', 'Rana Rep'), 'ar');
    await waitUntil(() => shell(el).querySelector('nav a')?.textContent === 'جهات الاتصال', 'Arabic navigation');
    expect(el.getAttribute('dir')).to.equal('rtl');
    await waitUntil(() => inView(el, 'tbody tr'));
    const table = inView(el, 'table')!.getBoundingClientRect();
    const firstHeader = inView(el, 'th')!.getBoundingClientRect();
    expect(Math.round(table.right - firstHeader.right)).to.be.lessThan(2); // the first column is on the right
    expect(inView(el, 'h2')!.textContent).to.equal('جهات الاتصال');
    await expect(el).to.be.accessible();
  });

  it('renders names, notes, custom fields and product names as inert text', async () => {
    const owner = await realSite();
    const payload = '<img src=x onerror="window.pwned=1"><script>window.pwned=1</script>';
    const contact = await call(owner.adminToken, '/v1/admin/contacts', 'POST', {
      name: payload,
      email: 'x@example.com',
      company: payload,
      fields: { notes: payload },
      tags: ['<b>t</b>'],
    });
    await call(owner.adminToken, `/v1/admin/contacts/${contact.id}/activities`, 'POST', {
      kind: 'note',
      subject: payload,
      body: payload,
    });
    await call(owner.adminToken, '/v1/admin/products', 'POST', { name: payload, price: 100, currency: 'USD' });
    await call(owner.adminToken, `/v1/admin/contacts/${contact.id}/purchases`, 'POST', {
      productName: payload,
      unitPrice: 100,
      currency: 'USD',
      instructions: payload,
    });
    const el = await fixture<LeadlineAdmin>(
      html`<leadline-admin api=${api} .token=${owner.adminToken}></leadline-admin>`,
    );
    await waitUntil(() => inView(el, 'tbody tr'));
    for (const hash of ['#/contacts', `#/contacts/${contact.id}`, '#/products', '#/customers']) {
      await go(el, hash);
      await waitUntil(() => view(el)!.textContent!.includes('onerror'), `the payload as text in ${hash}`);
      expect(view(el)!.querySelector('img, script, b'), hash).to.equal(null);
    }
    expect((window as unknown as { pwned?: number }).pwned).to.equal(undefined);
  });
});
