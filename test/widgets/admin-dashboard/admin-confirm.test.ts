import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { asOwner, call, fill, inView, realSite, view, waitUntil, type Site } from './admin-page.ts';
import type { LeadlineAdmin } from '../../../widgets/admin-dashboard/admin-dashboard.ts';

/** The open confirmation dialog in `root` (a view's or a panel's shadow root). */
const dialogIn = (root: ShadowRoot | null) => root?.querySelector<HTMLDialogElement>('dialog.confirm[open]') ?? null;
/** The shadow root of a panel inside the view (activities, merge, canned replies), or the view's own. */
const rootOf = (el: LeadlineAdmin, panel?: string) => (panel ? (inView(el, panel)?.shadowRoot ?? null) : view(el));
const button = (root: ShadowRoot | null, label: string) =>
  [...(root?.querySelectorAll<HTMLButtonElement>('button') ?? [])].find(
    (b) => b.getAttribute('aria-label') === label || b.textContent!.trim() === label,
  );

/**
 * Clicks `label` in `root`, checks the dialog asks (named by its title, described by its message,
 * focus on Cancel), answers Cancel (or Escape), then clicks again and confirms. `exists` reads the
 * API: the item is still there after Cancel and gone after the confirm.
 */
async function cancelThenConfirm(
  el: LeadlineAdmin,
  o: { panel?: string; label: string; exists: () => Promise<boolean>; escape?: boolean; confirms?: number },
) {
  await waitUntil(() => button(rootOf(el, o.panel), o.label), `the ${o.label} button`);
  button(rootOf(el, o.panel), o.label)!.click();
  await waitUntil(() => dialogIn(rootOf(el, o.panel)), 'a confirmation');
  const dialog = dialogIn(rootOf(el, o.panel))!;
  const root = rootOf(el, o.panel)!;
  expect(root.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).to.not.equal('');
  expect(root.getElementById(dialog.getAttribute('aria-describedby')!)!.textContent).to.not.equal('');
  expect(root.activeElement?.textContent).to.equal('Cancel');
  await expect(dialog).to.be.accessible();
  if (o.escape) await sendKeys({ press: 'Escape' });
  else [...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Cancel')!.click();
  await waitUntil(() => !dialogIn(root), 'the dialog closed');
  expect(await o.exists(), `${o.label}: kept after Cancel`).to.equal(true);
  button(rootOf(el, o.panel), o.label)!.click();
  for (let i = 0; i < (o.confirms ?? 1); i++) {
    await waitUntil(() => dialogIn(rootOf(el, o.panel)), `confirmation ${i + 1}`);
    dialogIn(rootOf(el, o.panel))!.querySelector<HTMLButtonElement>('button.danger')!.click();
    await waitUntil(() => !dialogIn(rootOf(el, o.panel)) || i + 1 < (o.confirms ?? 1), 'closed');
    if (i + 1 < (o.confirms ?? 1)) await waitUntil(() => dialogIn(rootOf(el, o.panel)), 'the second confirmation');
  }
  await waitUntil(async () => !(await o.exists()), `${o.label}: gone after confirming`);
}

const listed = (site: Site, path: string, key: string, id: unknown) => async () =>
  ((await call(site.adminToken, path))[key] as { id: unknown }[]).some((x) => x.id === id);

describe('<leadline-admin> asks before every destructive action', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('segments, affiliates, help articles, forms, webhooks', async () => {
    const site = await realSite();
    const segment = await call(site.adminToken, '/v1/admin/segments', 'POST', {
      name: 'Leads',
      definition: { rules: [{ field: 'stage', op: 'is', value: 'lead' }] },
    });
    let el = await asOwner(site, '#/segments');
    await cancelThenConfirm(el, {
      label: 'Delete: Leads',
      exists: listed(site, '/v1/admin/segments', 'segments', segment.id),
      escape: true,
    });

    const aff = await call(site.adminToken, '/v1/admin/affiliates', 'POST', {
      name: 'blog',
      commissionType: 'percent',
      commissionValue: 100,
    });
    el = await asOwner(site, '#/affiliates');
    await cancelThenConfirm(el, {
      label: 'Delete: blog',
      exists: listed(site, '/v1/admin/affiliates', 'affiliates', aff.id),
    });

    const article = await call(site.adminToken, '/v1/admin/kb', 'POST', {
      locale: 'en',
      title: 'Returns policy',
      body: 'Thirty days.',
    });
    el = await asOwner(site, '#/kb');
    await cancelThenConfirm(el, {
      label: 'Delete: Returns policy',
      exists: listed(site, '/v1/admin/kb', 'articles', article.id),
    });

    el = await asOwner(site, '#/forms');
    const forms = async () =>
      ((await call(site.adminToken, '/v1/admin/forms')).forms as { name: string }[]).some((f) => f.name === 'contact');
    await cancelThenConfirm(el, { label: 'Delete: contact', exists: forms });

    const hook = await call(site.adminToken, '/v1/admin/webhooks', 'POST', { url: 'https://hooks.example/x' });
    el = await asOwner(site, '#/settings');
    await cancelThenConfirm(el, {
      label: 'Delete: https://hooks.example/x',
      exists: listed(site, '/v1/admin/webhooks', 'webhooks', hook.id),
    });
  });

  it('users and tokens; revoking your own token asks a second time', async () => {
    const site = await realSite();
    const invited = await call(site.adminToken, '/v1/admin/users', 'POST', {
      name: 'Rana Rep',
      email: 'rana@example.com',
      role: 'rep',
    });
    const el = await asOwner(site, '#/users');
    await cancelThenConfirm(el, { label: 'Remove', exists: listed(site, '/v1/admin/users', 'users', invited.user.id) });
    // A second token of mine: revoking it says I may lock myself out, and asks again.
    const me = await call(site.adminToken, '/v1/admin/me');
    await call(site.adminToken, '/v1/admin/tokens', 'POST', { userId: me.user.id, label: 'spare' });
    const tokens = async () =>
      (await call(site.adminToken, '/v1/admin/tokens')).tokens as { id: number; label: string | null }[];
    const spare = (await tokens()).find((t) => t.label === 'spare')!;
    history.replaceState(null, '', `${location.pathname}#/contacts`);
    const users = await asOwner(site, '#/users');
    await waitUntil(
      () => [...view(users)!.querySelectorAll('td')].some((td) => td.textContent!.includes('spare')),
      'the spare token',
    );
    const row = [...view(users)!.querySelectorAll('tr')].find((tr) => tr.textContent!.includes('spare'))!;
    row.querySelector('button')!.click();
    await waitUntil(() => dialogIn(view(users)), 'the first question');
    dialogIn(view(users))!.querySelector<HTMLButtonElement>('button.danger')!.click();
    await waitUntil(
      () => dialogIn(view(users))?.textContent?.includes('You are about to revoke your own access'),
      'the second question',
    );
    expect(dialogIn(view(users))!.querySelector('button.danger')!.textContent).to.equal('Revoke my access');
    dialogIn(view(users))!.querySelector<HTMLButtonElement>('button')!.click(); // Cancel
    await waitUntil(() => !dialogIn(view(users)));
    expect((await tokens()).some((t) => t.id === spare.id)).to.equal(true);
    // Confirmed twice, it is revoked.
    [...view(users)!.querySelectorAll('tr')]
      .find((tr) => tr.textContent!.includes('spare'))!
      .querySelector('button')!
      .click();
    await waitUntil(() => dialogIn(view(users)), 'the first question again');
    dialogIn(view(users))!.querySelector<HTMLButtonElement>('button.danger')!.click();
    await waitUntil(() => dialogIn(view(users))?.textContent?.includes('your own access'), 'the second question again');
    dialogIn(view(users))!.querySelector<HTMLButtonElement>('button.danger')!.click();
    await waitUntil(async () => !(await tokens()).some((t) => t.id === spare.id), 'revoked');
  });

  it('products archive and edit; canned replies are created, edited and deleted', async () => {
    const site = await realSite();
    await call(site.adminToken, '/v1/admin/products', 'POST', { name: 'Lamp', price: 4900, currency: 'USD' });
    let el = await asOwner(site, '#/products');
    await waitUntil(() => button(view(el), 'Edit: Lamp'));
    button(view(el), 'Edit: Lamp')!.click();
    await waitUntil(() => inView(el, 'form[aria-label="Edit: Lamp"]'));
    const form = inView<HTMLFormElement>(el, 'form[aria-label="Edit: Lamp"]')!;
    fill(form.querySelector('input[name="name"]')!, 'Desk lamp');
    fill(form.querySelector('input[name="price"]')!, '59.5');
    form.requestSubmit();
    await waitUntil(() => button(view(el), 'Archive: Desk lamp'), 'the edited product');
    button(view(el), 'Archive: Desk lamp')!.click();
    await waitUntil(() => button(view(el), 'Restore: Desk lamp'), 'archived');
    const [p] = (await call(site.adminToken, '/v1/admin/products')).products;
    expect(p).to.include({ name: 'Desk lamp', price: 5950, active: false });

    el = await asOwner(site, '#/tickets');
    const panel = 'leadline-admin-canned-replies';
    await waitUntil(() => button(rootOf(el, panel), 'Add'));
    button(rootOf(el, panel), 'Add')!.click();
    await waitUntil(() => rootOf(el, panel)!.querySelector('form'));
    const add = rootOf(el, panel)!.querySelector('form')!;
    fill(add.querySelector('input[name="title"]')!, 'Thanks');
    fill(add.querySelector('textarea')!, 'Thank you for writing.');
    add.requestSubmit();
    await waitUntil(() => button(rootOf(el, panel), 'Delete: Thanks'), 'the new reply');
    const replies = async () =>
      (await call(site.adminToken, '/v1/admin/canned-replies')).replies as { title: string; body: string }[];
    expect(await replies()).to.deep.include.members([
      { ...(await replies())[0]!, title: 'Thanks', body: 'Thank you for writing.' },
    ]);
    await cancelThenConfirm(el, { panel, label: 'Delete: Thanks', exists: async () => (await replies()).length === 1 });
  });

  it('contacts: activities edited and deleted, merge with a preview of what moves, delete and erase', async () => {
    const site = await realSite();
    const ana = await call(site.adminToken, '/v1/admin/contacts', 'POST', { name: 'Ana', email: 'ana@work.example' });
    const dup = await call(site.adminToken, '/v1/admin/contacts', 'POST', { name: 'Ana H', email: 'ana@home.example' });
    for (const subject of ['First', 'Second'])
      await call(site.adminToken, `/v1/admin/contacts/${dup.id}/activities`, 'POST', { kind: 'call', subject });
    await call(site.adminToken, `/v1/admin/contacts/${ana.id}/activities`, 'POST', { kind: 'note', subject: 'Met' });
    const el = await asOwner(site, `#/contacts/${ana.id}`);
    const acts = 'leadline-admin-activities';
    const activities = async (id = ana.id) =>
      (await call(site.adminToken, `/v1/admin/contacts/${id}/activities`)).activities as {
        subject: string;
        durationMinutes: number | null;
        occurredAt: number;
      }[];

    // Edit: a date in the site's time zone (UTC for a test site) and a duration.
    await waitUntil(() => button(rootOf(el, acts), 'Edit: Note — Met'));
    button(rootOf(el, acts), 'Edit: Note — Met')!.click();
    await waitUntil(() => rootOf(el, acts)!.querySelector<HTMLInputElement>('input[name="subject"]')!.value === 'Met');
    const f = rootOf(el, acts)!.querySelector('form')!;
    fill(f.querySelector('input[name="when"]')!, '2026-03-04T10:30');
    fill(f.querySelector('input[name="duration"]')!, '45');
    f.requestSubmit();
    await waitUntil(async () => (await activities())[0]?.durationMinutes === 45, 'the edit saved');
    expect((await activities())[0]!.occurredAt).to.equal(Date.parse('2026-03-04T10:30:00Z'));
    await cancelThenConfirm(el, {
      panel: acts,
      label: 'Delete: Note — Met',
      exists: async () => (await activities()).length === 1,
    });

    // Merge: the confirmation is the preview, counts per kind.
    const merge = 'leadline-admin-merge';
    await waitUntil(() => rootOf(el, merge)?.querySelector('input[name="email"]'));
    fill(rootOf(el, merge)!.querySelector('input[name="email"]')!, 'ana@home.example');
    rootOf(el, merge)!.querySelector('form')!.requestSubmit();
    await waitUntil(() => dialogIn(rootOf(el, merge)), 'the merge preview');
    const preview = dialogIn(rootOf(el, merge))!;
    expect([...preview.querySelectorAll('li')].map((li) => li.textContent)).to.include('Activities: 2');
    expect(preview.textContent).to.contain('Merge ana@home.example into this contact?');
    preview.querySelector<HTMLButtonElement>('button')!.click(); // Cancel
    await waitUntil(() => !dialogIn(rootOf(el, merge)));
    expect((await call(site.adminToken, `/v1/admin/contacts/${dup.id}`)).id).to.equal(dup.id);
    rootOf(el, merge)!.querySelector('form')!.requestSubmit();
    await waitUntil(() => dialogIn(rootOf(el, merge)), 'the preview again');
    dialogIn(rootOf(el, merge))!.querySelector<HTMLButtonElement>('button.danger')!.click();
    await waitUntil(async () => (await activities()).length === 2, 'the activities moved');
    expect((await call(site.adminToken, `/v1/admin/contacts/${dup.id}`)).error.code).to.equal('not_found');

    // Delete the contact.
    const exists = async () => !(await call(site.adminToken, `/v1/admin/contacts/${ana.id}`)).error;
    await cancelThenConfirm(el, { label: 'Delete: Ana', exists });
  });

  it('erase asks after the typed confirmation', async () => {
    const site = await realSite();
    const bo = await call(site.adminToken, '/v1/admin/contacts', 'POST', { name: 'Bo', email: 'bo@example.com' });
    const el = await asOwner(site, `#/contacts/${bo.id}`);
    await waitUntil(() => button(view(el), 'Erase this contact…'));
    button(view(el), 'Erase this contact…')!.click();
    await waitUntil(() => inView(el, 'input[name="confirm"]'));
    fill(inView<HTMLInputElement>(el, 'input[name="confirm"]')!, 'bo@example.com');
    inView<HTMLInputElement>(el, 'input[name="confirm"]')!.form!.requestSubmit();
    await waitUntil(() => dialogIn(view(el)), 'asked');
    dialogIn(view(el))!.querySelector<HTMLButtonElement>('button')!.click();
    await waitUntil(() => !dialogIn(view(el)));
    expect((await call(site.adminToken, `/v1/admin/contacts/${bo.id}`)).id).to.equal(bo.id);
    inView<HTMLInputElement>(el, 'input[name="confirm"]')!.form!.requestSubmit();
    await waitUntil(() => dialogIn(view(el)), 'asked again');
    dialogIn(view(el))!.querySelector<HTMLButtonElement>('button.danger')!.click();
    await waitUntil(
      async () => (await call(site.adminToken, `/v1/admin/contacts/${bo.id}`)).error?.code === 'not_found',
      'erased',
    );
  });
});
