import { expect, fixture, html } from '@open-wc/testing';
import { all, api, asOwner as owner, call, fill, inView, realSite, toast, view, waitUntil } from './admin-page.ts';
import '../../../widgets/admin-dashboard/admin-dashboard.ts';
import '../../../widgets/lead-form/lead-form.ts';
import type { LeadlineAdmin } from '../../../widgets/admin-dashboard/admin-dashboard.ts';
import type { LeadlineForm } from '../../../widgets/lead-form/lead-form.ts';

describe('<leadline-admin> editors', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('edits a form, and <leadline-form> shows the change; labels stay text', async () => {
    const site = await realSite();
    const el = await owner(site, '#/forms');
    await waitUntil(() => all(el, 'ul button.link').length, 'the forms');
    all<HTMLButtonElement>(el, 'ul button.link')
      .find((b) => b.textContent === 'contact')!
      .click();
    await waitUntil(() => inView(el, 'form[aria-label="Form editor"]'), 'the editor');
    await expect(el).to.be.accessible();
    // Relabel the first field in English and Arabic, with a payload.
    const firstField = inView(el, 'form ol > li')!;
    const labelInputs = firstField.querySelectorAll<HTMLInputElement>('fieldset')[0]!.querySelectorAll('input');
    fill(labelInputs[0]!, 'Your full name <img src=x onerror="window.pwned=1">');
    fill(labelInputs[1]!, 'اسمك الكامل');
    all<HTMLButtonElement>(el, 'form button')
      .find((b) => b.textContent === 'Add a field')!
      .click();
    await waitUntil(() => all(el, 'form ol > li').length === 5, 'the new field');
    inView<HTMLFormElement>(el, 'form[aria-label="Form editor"]')!.requestSubmit();
    await waitUntil(() => toast(el) === 'Saved.', 'saved');
    const form = await fixture<LeadlineForm>(
      html`<leadline-form site=${site.siteKey} api=${api} form="contact" locale="en"></leadline-form>`,
    );
    await waitUntil(
      () => form.shadowRoot!.querySelector('label')?.textContent?.includes('Your full name'),
      'the new label in the form',
    );
    expect(form.shadowRoot!.querySelector('img')).to.equal(null);
    expect(form.shadowRoot!.querySelectorAll('[part="field"]').length).to.equal(5);
    expect((window as unknown as { pwned?: number }).pwned).to.equal(undefined);
  });

  it('builds a segment with a live count and saves it; names stay text', async () => {
    const site = await realSite();
    for (const [name, tags] of [
      ['Ana', ['vip']],
      ['Bo', []],
      ['Cy', ['vip']],
    ] as const)
      await call(site.adminToken, '/v1/admin/contacts', 'POST', {
        name,
        email: `${name.toLowerCase()}@example.com`,
        tags,
      });
    const el = await owner(site, '#/segments');
    await waitUntil(() => inView(el, '[role="status"]'), 'the empty list');
    inView<HTMLButtonElement>(el, 'button.primary')!.click();
    await waitUntil(() => inView(el, 'output')?.textContent === '3 contacts', 'everyone is a lead');
    fill(inView<HTMLSelectElement>(el, 'select[aria-label="Field"]')!, 'tag');
    await waitUntil(() => inView(el, 'input[aria-label="Value"]'));
    fill(inView<HTMLInputElement>(el, 'input[aria-label="Value"]')!, 'vip');
    await waitUntil(() => inView(el, 'output')?.textContent === '2 contacts', 'the live count');
    await expect(el).to.be.accessible();
    fill(inView<HTMLInputElement>(el, 'form input[required]')!, 'VIPs <script>window.pwned=1</script>');
    inView<HTMLFormElement>(el, 'form')!.requestSubmit();
    await waitUntil(() => inView(el, 'tbody tr'), 'the saved segment');
    expect(inView(el, 'tbody')!.textContent).to.contain('VIPs <script>');
    expect(inView(el, 'tbody')!.textContent).to.contain('2 contacts');
    expect(inView(el, 'tbody script')).to.equal(null);
    expect((window as unknown as { pwned?: number }).pwned).to.equal(undefined);
  });

  it('registers an affiliate and sets a goal, accessibly', async () => {
    const site = await realSite();
    const el = await owner(site, '#/affiliates');
    await waitUntil(() => inView(el, 'form'));
    const form = inView<HTMLFormElement>(el, 'form')!;
    fill(form.querySelector('input[name="name"]')!, 'deals-blog');
    fill(form.querySelector('input[name="domains"]')!, 'deals.example');
    fill(form.querySelector('input[name="value"]')!, '10');
    form.requestSubmit();
    await waitUntil(() => inView(el, 'tbody tr')?.textContent?.includes('10 %'), 'the affiliate');
    const goal = all<HTMLFormElement>(el, 'form').at(-1)!;
    fill(goal.querySelector('input[name="target"]')!, '120');
    goal.requestSubmit();
    await waitUntil(() => view(el)!.textContent!.includes('Leads · per month: 120'), 'the goal');
    await expect(el).to.be.accessible();
  });
});
