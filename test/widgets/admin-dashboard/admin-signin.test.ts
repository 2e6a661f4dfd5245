import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { LeadlineAdmin } from '../../../widgets/admin-dashboard/admin-dashboard.ts';
import { all, api, call, fill, inView, realSite, shell, view, waitUntil, type Site } from './admin-page.ts';

const KEY = 'leadline-admin-session';
const PASSWORD = 'correct horse battery';
const text = (node: Node | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** A rep of `site` with a password, made through the API (invite → session → password). */
async function repWithPassword(site: Site, email = 'rana@shop.example') {
  const { invite } = await call(site.adminToken, '/v1/admin/users', 'POST', { name: 'Rana Rep', email, role: 'rep' });
  const { token } = await (
    await fetch('/v1/admin/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ invite }),
    })
  ).json();
  await fetch('/v1/admin/me/password', {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ password: PASSWORD }),
  });
  return token as string;
}

const mount = (site: Site, locale = 'en') =>
  fixture<LeadlineAdmin>(html`<leadline-admin api=${api} site=${site.siteKey} locale=${locale}></leadline-admin>`);
const form = (el: LeadlineAdmin) => shell(el).querySelector<HTMLFormElement>('form.signin-form');
const passwordButton = (el: LeadlineAdmin) => form(el)!.querySelector<HTMLButtonElement>('button[value="password"]')!;

async function signInByPassword(el: LeadlineAdmin, email: string, password: string) {
  await waitUntil(() => form(el), 'the sign-in form');
  fill(form(el)!.querySelector<HTMLInputElement>('input[name="email"]')!, email);
  fill(form(el)!.querySelector<HTMLInputElement>('input[name="password"]')!, password);
  form(el)!.requestSubmit(passwordButton(el));
}

describe('<leadline-admin> sign-in', () => {
  beforeEach(() => {
    localStorage.removeItem(KEY);
    history.replaceState(null, '', location.pathname);
  });

  it('signs in by password, stays signed in after a reload, and revokes a session from the account page', async () => {
    const site = await realSite();
    const other = await repWithPassword(site);
    const el = await mount(site);
    await waitUntil(() => form(el), 'the sign-in form');
    // This server sends email: a link is offered too.
    expect(text(form(el)!.querySelector('button[value="link"]'))).to.equal('Email me a sign-in link');
    await expect(el).to.be.accessible();

    await signInByPassword(el, 'rana@shop.example', 'not my password');
    await waitUntil(() => shell(el).querySelector('[role="alert"]'), 'the refusal');
    expect(text(shell(el).querySelector('[role="alert"]'))).to.equal('Wrong email or password.');
    await signInByPassword(el, 'rana@shop.example', PASSWORD);
    await waitUntil(() => shell(el).querySelector('nav'), 'signed in');
    expect(text(shell(el))).to.contain('Signed in as Rana Rep (Sales rep)');
    expect(JSON.parse(localStorage.getItem(KEY)!).token).to.match(/^sk_/);

    // A reload (a new element on a new page load) finds the session kept in this browser.
    fixtureCleanup();
    const again = await mount(site);
    await waitUntil(() => shell(again).querySelector('nav'), 'still signed in');
    location.hash = '#/account';
    await waitUntil(() => all(again, 'tbody tr').length === 2, 'two sessions');
    const rows = all(again, 'tbody tr').map(text);
    expect(rows.some((r) => r.includes('Chrome · Linux') && r.includes('(this browser)'))).to.equal(true);
    await expect(again).to.be.accessible();
    expect((await fetch('/v1/admin/me', { headers: { authorization: `Bearer ${other}` } })).status).to.equal(200);
    inView<HTMLButtonElement>(again, 'tbody button')!.click();
    await waitUntil(() => all(again, 'tbody tr').length === 1, 'one session left');
    expect((await fetch('/v1/admin/me', { headers: { authorization: `Bearer ${other}` } })).status).to.equal(401);

    // Signing out ends the session on the server and forgets it here.
    const token = JSON.parse(localStorage.getItem(KEY)!).token as string;
    [...view(again)!.querySelectorAll('button')].find((b) => text(b) === 'Sign out')!.click();
    await waitUntil(() => form(again), 'the sign-in form again');
    expect(localStorage.getItem(KEY)).to.equal(null);
    await waitUntil(
      async () => (await fetch('/v1/admin/me', { headers: { authorization: `Bearer ${token}` } })).status === 401,
      'ended on the server',
    );
  });

  it('sends a sign-in link from the card, and exchanges a #signin= link', async () => {
    const site = await realSite();
    await call(site.adminToken, '/v1/admin/settings', 'PATCH', { adminUrl: `${location.origin}${location.pathname}` });
    await call(site.adminToken, '/v1/admin/users', 'POST', {
      name: 'Sami Sales',
      email: 'sami@shop.example',
      role: 'rep',
    });
    const el = await mount(site);
    await waitUntil(() => form(el), 'the sign-in form');
    fill(form(el)!.querySelector<HTMLInputElement>('input[name="email"]')!, 'sami@shop.example');
    form(el)!.requestSubmit(form(el)!.querySelector<HTMLButtonElement>('button[value="link"]')!);
    await waitUntil(
      () => text(shell(el).querySelector('[role="status"]')).startsWith('If sami@shop.example belongs'),
      'link sent',
    );

    // A used or made-up link says so, in the card.
    fixtureCleanup();
    history.replaceState(null, '', `${location.pathname}#signin=sl_${'x'.repeat(32)}`);
    const stale = await mount(site);
    await waitUntil(
      () =>
        text(shell(stale).querySelector('[role="alert"]')) ===
        'This sign-in link was used or has expired. Ask for a new one.',
      'refused',
    );
    expect(location.hash).to.equal('#/contacts');
  });

  it('works in Arabic at phone width: the card and the account page', async () => {
    await setViewport({ width: 390, height: 844 });
    try {
      const site = await realSite();
      await repWithPassword(site, 'layla@shop.example');
      const el = await mount(site, 'ar');
      await waitUntil(() => text(shell(el).querySelector('h2')) === 'تسجيل الدخول إلى Leadline', 'the Arabic card');
      expect(el.getAttribute('dir')).to.equal('rtl');
      expect(text(passwordButton(el))).to.equal('تسجيل الدخول بكلمة المرور');
      await expect(el).to.be.accessible();
      await signInByPassword(el, 'layla@shop.example', PASSWORD);
      await waitUntil(() => shell(el).querySelector('nav'), 'signed in');
      location.hash = '#/account';
      await waitUntil(
        () => text(inView(el, 'h2')) === 'الحساب' && all(el, 'tbody tr').length === 2,
        'the Arabic account page',
      );
      expect(
        all(el, 'tbody tr')
          .map(text)
          .filter((r) => r.includes('(هذا المتصفح)')),
      ).to.have.length(1);
      expect(inView(el, 'input[name="current"]')).not.to.equal(null);
      expect(document.documentElement.scrollWidth).to.be.at.most(innerWidth);
      for (const node of [view(el)!.host, ...all(el, 'section, table, button, input')]) {
        const r = node.getBoundingClientRect();
        expect(
          [Math.round(r.left) >= 0, Math.round(r.right) <= innerWidth],
          `${node.tagName} ${r.left}–${r.right}`,
        ).to.deep.equal([true, true]);
      }
      await expect(el).to.be.accessible();
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('lets an owner reset a user’s sign-in and sign them out everywhere, after confirming', async () => {
    const site = await realSite();
    const rep = await repWithPassword(site);
    history.replaceState(null, '', `${location.pathname}#/users`);
    const el = await fixture<LeadlineAdmin>(
      html`<leadline-admin api=${api} .token=${site.adminToken}></leadline-admin>`,
    );
    await waitUntil(() => inView(el, 'button[aria-label="Sign out everywhere: Rana Rep"]'), 'the users');
    inView<HTMLButtonElement>(el, 'button[aria-label="Sign out everywhere: Rana Rep"]')!.click();
    await waitUntil(() => inView(el, 'dialog.confirm[open]'), 'the confirmation');
    expect(text(inView(el, 'dialog.confirm[open] p'))).to.equal('Sign Rana Rep out on every device?');
    expect((await fetch('/v1/admin/me', { headers: { authorization: `Bearer ${rep}` } })).status).to.equal(200); // not before confirming
    await expect(el).to.be.accessible();
    inView<HTMLButtonElement>(el, 'dialog.confirm[open] button[value="confirm"]')!.click();
    await waitUntil(() => text(inView(el, 'p.ok')) === 'Rana Rep is signed out everywhere.', 'done');
    expect((await fetch('/v1/admin/me', { headers: { authorization: `Bearer ${rep}` } })).status).to.equal(401);

    inView<HTMLButtonElement>(el, 'button[aria-label="Reset sign-in: Rana Rep"]')!.click();
    await waitUntil(() => inView(el, 'dialog.confirm[open]'), 'the confirmation');
    inView<HTMLButtonElement>(el, 'dialog.confirm[open] button[value="confirm"]')!.click();
    await waitUntil(() => text(inView(el, 'p.ok')).startsWith('Done.'), 'reset');
    const signIn = await fetch('/v1/admin/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ site: site.siteKey, email: 'rana@shop.example', password: PASSWORD }),
    });
    expect(signIn.status).to.equal(401);
  });
});
