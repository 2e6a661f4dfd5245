import { expect, fixture, html } from '@open-wc/testing';
import { api, asOwner as owner, call, fill, inView, realSite, toast, view, waitUntil } from './admin-page.ts';
import '../../../widgets/admin-dashboard/admin-dashboard.ts';
import type { LeadlineAdmin } from '../../../widgets/admin-dashboard/admin-dashboard.ts';
import '../../../widgets/support-chat/support-chat.ts';
import type { LeadlineChat } from '../../../widgets/support-chat/support-chat.ts';

describe('<leadline-admin> part 2', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('answers a ticket with a canned reply that reaches the visitor’s thread; internal notes do not', async () => {
    const site = await realSite();
    const { trackingNumber, token } = await (
      await fetch('/v1/tickets', {
        method: 'POST',
        body: JSON.stringify({
          site: site.siteKey,
          subject: 'Broken <img src=x onerror="window.pwned=1">',
          body: '<script>window.pwned=1</script>',
          category: 'complaint',
        }),
      })
    ).json();
    await call(site.adminToken, '/v1/admin/canned-replies', 'POST', {
      locale: 'en',
      title: 'Replacement',
      body: 'A replacement ships today.',
    });
    const { tickets } = await call(site.adminToken, '/v1/admin/tickets');
    const el = await owner(site, `#/tickets`);
    await waitUntil(() => inView(el, 'tbody a'), 'the inbox');
    expect(inView(el, '[role="status"]')!.textContent).to.contain('1 open');
    await expect(el).to.be.accessible();
    inView<HTMLAnchorElement>(el, 'tbody a')!.click();
    await waitUntil(() => inView(el, '#canned')?.querySelectorAll('option').length === 2, 'the canned replies');
    expect(inView(el, 'img, script')).to.equal(null);
    fill(
      inView<HTMLSelectElement>(el, '#canned')!,
      (await call(site.adminToken, '/v1/admin/canned-replies')).replies[0].id,
    );
    await waitUntil(
      () => inView<HTMLTextAreaElement>(el, '#reply')!.value === 'A replacement ships today.',
      'the inserted reply',
    );
    expect(view(el)!.activeElement).to.equal(inView(el, '#reply'));
    inView<HTMLFormElement>(el, '#reply')!.closest('form')!.requestSubmit();
    await waitUntil(() => view(el)!.querySelectorAll('ol.timeline li').length === 2, 'the reply in the thread');
    const internal = inView<HTMLInputElement>(el, 'form input[type="checkbox"]')!;
    internal.click();
    fill(inView<HTMLTextAreaElement>(el, '#reply')!, 'Offer a discount next time');
    inView<HTMLFormElement>(el, '#reply')!.closest('form')!.requestSubmit();
    await waitUntil(() => view(el)!.querySelectorAll('ol.timeline li').length === 3, 'the note');
    await expect(el).to.be.accessible();
    const thread = await (
      await fetch(`/v1/tickets/${trackingNumber}?site=${site.siteKey}`, { headers: { 'x-ticket-token': token } })
    ).json();
    expect(thread.messages.map((m: { body: string }) => m.body)).to.deep.equal([
      '<script>window.pwned=1</script>',
      'A replacement ships today.',
    ]);
    expect(tickets[0].status).to.equal('open');
    expect((window as unknown as { pwned?: number }).pwned).to.equal(undefined);
  });

  it('writes a help article with a live preview, and the chat’s search finds it', async () => {
    const site = await realSite();
    const el = await owner(site, '#/kb');
    await waitUntil(() => inView(el, 'tbody tr'), 'the articles');
    inView<HTMLButtonElement>(el, 'button.primary')!.click();
    await waitUntil(() => inView(el, 'form textarea'), 'the editor');
    fill(inView<HTMLInputElement>(el, 'form input[required]')!, 'Gift cards <b>bold</b>');
    fill(
      inView<HTMLTextAreaElement>(el, 'form textarea')!,
      'Gift **cards** never expire.\n\n<img src=x onerror="window.pwned=1">',
    );
    await waitUntil(() => inView(el, '.preview strong')?.textContent === 'cards', 'the live preview');
    expect(inView(el, '.preview img, .preview b')).to.equal(null);
    await expect(el).to.be.accessible();
    inView<HTMLFormElement>(el, 'form textarea')!.closest('form')!.requestSubmit();
    await waitUntil(() => toast(el) === 'Saved.', 'saved');
    const chat = await fixture<LeadlineChat>(
      html`<leadline-chat site=${site.siteKey} api=${api} locale="en"></leadline-chat>`,
    );
    await waitUntil(() => chat.shadowRoot!.querySelector('[part="launcher"]'));
    await chat.toggle(true);
    fill(chat.shadowRoot!.querySelector<HTMLInputElement>('[part="search"]')!, 'gift');
    await waitUntil(
      () => chat.shadowRoot!.querySelector('.results strong')?.textContent === 'Gift cards <b>bold</b>',
      'the article in the chat’s search',
    );
    expect(chat.shadowRoot!.querySelector('.results b')).to.equal(null);
    expect((window as unknown as { pwned?: number }).pwned).to.equal(undefined);
  });

  it('imports a CSV with a bad row (reported, the rest imported), and erases a contact, which the audit log lists', async () => {
    const site = await realSite();
    const el = await owner(site, '#/data');
    await expect(el).to.be.accessible();
    const file = new File(
      ['Email,Name,Plan\nana@example.com,Ana,pro\nnot-an-email,Bad,basic\nomar@example.com,Omar,basic\n'],
      'contacts.csv',
      { type: 'text/csv' },
    );
    const input = inView<HTMLInputElement>(el, 'input[type="file"]')!;
    const dt = new DataTransfer();
    dt.items.add(file);
    input.files = dt.files;
    input.dispatchEvent(new Event('change'));
    await waitUntil(() => inView(el, '[role="status"]')?.textContent?.includes('Dry run: 2 new'), 'the dry run');
    expect(inView(el, 'tbody')!.textContent).to.contain('3');
    await expect(el).to.be.accessible();
    inView<HTMLButtonElement>(el, 'button.primary')!.click();
    await waitUntil(() => inView(el, '[role="status"]')?.textContent?.includes('Imported: 2 new'), 'the import');
    const { contacts } = await call(site.adminToken, '/v1/admin/contacts?sort=name');
    expect(
      contacts.map((c: { name: string; fields: Record<string, string> }) => [c.name, c.fields.plan]),
    ).to.deep.equal([
      ['Ana', 'pro'],
      ['Omar', 'basic'],
    ]);

    // Export the list as CSV: catch the download the button makes.
    location.hash = '#/contacts';
    await waitUntil(
      () => el.shadowRoot!.querySelector('leadline-admin-contacts') && inView(el, 'tbody tr'),
      'the contacts',
    );
    const original = URL.createObjectURL;
    let exported: Blob | null = null;
    URL.createObjectURL = (b: Blob | MediaSource) => ((exported = b as Blob), 'blob:test');
    try {
      [...view(el)!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === 'Export CSV')!.click();
      await waitUntil(() => exported, 'the CSV download');
    } finally {
      URL.createObjectURL = original;
    }
    const csvText = await exported!.text();
    expect(csvText).to.contain('ana@example.com');
    expect(csvText.split('\r\n')[0]).to.contain('id,email,name');

    const ana = contacts[0];
    await fetch('/v1/tickets', {
      method: 'POST',
      body: JSON.stringify({ site: site.siteKey, email: 'ana@example.com', subject: 'Hi', body: 'Secret message' }),
    });
    location.hash = `#/contacts/${ana.id}`;
    await waitUntil(() => inView(el, '#privacy-title'), 'the privacy card');
    [...view(el)!.querySelectorAll<HTMLButtonElement>('section[aria-labelledby="privacy-title"] button')]
      .at(-1)!
      .click();
    await waitUntil(() => inView(el, 'input[name="confirm"]'));
    fill(inView<HTMLInputElement>(el, 'input[name="confirm"]')!, 'ana@example.com');
    inView<HTMLFormElement>(el, 'input[name="confirm"]')!.form!.requestSubmit();
    await waitUntil(() => inView(el, 'dialog.confirm[open] button.danger'), 'asked to confirm');
    inView<HTMLButtonElement>(el, 'dialog.confirm[open] button.danger')!.click();
    await waitUntil(() => location.hash === '#/contacts', 'back to the list');
    const { tickets } = await call(site.adminToken, '/v1/admin/tickets');
    expect(tickets).to.deep.equal([]);
    location.hash = '#/settings';
    await waitUntil(
      () => view(el)?.querySelector('#audit-title') && view(el)!.textContent!.includes('contact.erase'),
      'the audit log',
    );
    expect(view(el)!.textContent).to.contain('contacts.import');
    await expect(el).to.be.accessible();
  });

  it('sets the site’s per-minute limits and a write-only Turnstile secret from Settings', async () => {
    const site = await realSite();
    const el = await owner(site, '#/settings');
    await waitUntil(() => inView(el, 'input[name="limit-leads"]'), 'the settings');
    expect(inView<HTMLInputElement>(el, 'input[name="limit-events"]')!.value).to.equal('0');
    fill(inView<HTMLInputElement>(el, 'input[name="limit-leads"]')!, '3');
    fill(inView<HTMLInputElement>(el, 'input[name="turnstileSiteKey"]')!, '0x4AAA-key');
    fill(inView<HTMLInputElement>(el, 'input[name="turnstileSecret"]')!, 'top-secret');
    inView<HTMLFormElement>(el, 'input[name="limit-leads"]')!.closest('form')!.requestSubmit();
    await waitUntil(() => toast(el) === 'Saved.', 'saved');
    const saved = await call(site.adminToken, '/v1/admin/settings');
    expect(saved).to.deep.include({ turnstileSiteKey: '0x4AAA-key', turnstileSecretSet: true });
    expect(saved.rateLimits).to.deep.equal({ leads: 3, tickets: 5, messages: 20, feedback: 10, events: 0 });
    await waitUntil(() => inView(el, 'input[name="turnstileClear"]'), 'the secret shown as set');
    expect(inView<HTMLInputElement>(el, 'input[name="turnstileSecret"]')!.value).to.equal('');
    expect(view(el)!.textContent).not.to.contain('top-secret');
    await expect(el).to.be.accessible();
  });
});
