import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../widgets/lead-form/lead-form.ts';
import type { LeadlineForm } from '../../../widgets/lead-form/lead-form.ts';
import type {} from '../../../widgets/lead-form/turnstile.ts';

const api = location.origin;
const newSite = () => `pk_form${Math.random().toString(36).slice(2, 12)}`;
const leads = async (site: string) =>
  (await (await fetch(`/test-api/received?site=leads:${site}`)).json()) as {
    status: number;
    body: Record<string, any>;
  }[];
const plan = (site: string, steps: unknown[]) =>
  fetch(`/test-api/plan?site=leads:${site}`, { method: 'POST', body: JSON.stringify(steps) });

async function mount(attrs: { form?: string; locale?: string; site?: string } = {}) {
  const site = attrs.site ?? newSite();
  const el = await fixture<LeadlineForm>(
    html`<leadline-form site=${site} api=${api} form=${attrs.form ?? 'contact'} locale=${attrs.locale ?? 'en'}></leadline-form>`,
  );
  await waitUntil(() => el.shadowRoot!.querySelector('form, .error-state'), 'the form to load');
  return { el, site, root: el.shadowRoot! };
}
const field = (root: ShadowRoot, name: string) => root.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
function type(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.blur();
}

describe('<leadline-form>', () => {
  it('renders the site’s form with labels, help and required marks, and sends it', async () => {
    const { el, site, root } = await mount();
    expect(root.querySelector('legend')!.textContent).to.equal('Contact us');
    const labels = [...root.querySelectorAll('label')].map((l) => l.textContent!.replace(/\s+/g, ' ').trim());
    expect(labels).to.include.members(['Name', 'Email', 'Message (optional)']);
    expect(field(root, 'email').getAttribute('aria-describedby')).to.equal('f-email-help');
    type(field(root, 'name'), 'Ana Lima');
    type(field(root, 'email'), 'ana@example.com');
    type(root.querySelector('textarea')!, 'Do you ship to Porto?');
    setTimeout(() => root.querySelector('button')!.click());
    const event = await oneEvent(el, 'leadline-submit');
    expect(event.detail.form).to.equal('contact');
    const [sent] = await leads(site);
    expect(sent!.body).to.deep.include({
      site,
      form: 'contact',
      locale: 'en',
      fields: { name: 'Ana Lima', email: 'ana@example.com', message: 'Do you ship to Porto?' },
    });
    expect(sent!.body.id).to.equal(event.detail.id);
    expect(sent!.body.elapsedMs).to.be.a('number');
    expect(sent!.body).not.to.have.property('hp');
    await waitUntil(() => root.querySelector('.success'));
    expect(root.querySelector('.success')!.textContent).to.contain('Thank you');
    expect(root.activeElement).to.equal(root.querySelector('.success'));
  });

  it('is accessible in English and in Arabic', async () => {
    const { el } = await mount();
    await expect(el).to.be.accessible();
    const ar = await mount({ locale: 'ar', form: 'quote' });
    await waitUntil(() => ar.root.querySelector('button')?.textContent?.trim() === 'إرسال');
    await expect(ar.el).to.be.accessible();
  });

  it('lays out right-to-left with Arabic labels', async () => {
    const { el, root } = await mount({ locale: 'ar' });
    await waitUntil(() => root.querySelector('legend')?.textContent === 'تواصل معنا', 'Arabic title');
    expect(el.getAttribute('dir')).to.equal('rtl');
    expect([...root.querySelectorAll('label')].map((l) => l.textContent!.trim())).to.include.members([
      'الاسم',
      'البريد الإلكتروني',
    ]);
    const form = root.querySelector('form')!;
    const label = root.querySelector('label')!;
    // Right-to-left: the label starts at the form's right edge.
    expect(Math.round(form.getBoundingClientRect().right - label.getBoundingClientRect().right)).to.be.lessThan(2);
    expect(getComputedStyle(form).direction).to.equal('rtl');
    type(field(root, 'name'), 'ليلى حداد');
    type(field(root, 'email'), 'layla@example.com');
    setTimeout(() => root.querySelector('button')!.click());
    await oneEvent(el, 'leadline-submit');
    await waitUntil(
      () => root.querySelector('.success')?.textContent === 'شكرًا لك! سنتواصل معك قريبًا.',
      'Arabic thanks',
    );
    const [sent] = await leads(el.site);
    expect(sent!.body).to.deep.include({ locale: 'ar', fields: { name: 'ليلى حداد', email: 'layla@example.com' } });
  });

  it('announces errors, marks fields invalid and focuses the first one', async () => {
    const { site, root } = await mount();
    root.querySelector('button')!.click();
    await waitUntil(() => root.querySelector('[role="alert"]')?.textContent);
    expect(root.querySelector('[role="alert"]')!.textContent).to.equal('Please fix the highlighted fields.');
    expect(field(root, 'name').getAttribute('aria-invalid')).to.equal('true');
    expect(field(root, 'name').getAttribute('aria-describedby')).to.equal('f-name-error');
    expect(root.getElementById('f-name-error')!.textContent).to.equal('Required');
    expect(root.activeElement).to.equal(field(root, 'name'));
    type(field(root, 'email'), 'not-an-email');
    await waitUntil(() => root.getElementById('f-email-error'));
    expect(root.getElementById('f-email-error')!.textContent).to.contain('valid email');
    expect(field(root, 'email').getAttribute('aria-describedby')).to.equal('f-email-help f-email-error');
    expect(await leads(site)).to.deep.equal([]);
  });

  it('can be filled and sent with the keyboard alone', async () => {
    const { el, site, root } = await mount();
    field(root, 'name').focus();
    await sendKeys({ type: 'Omar' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'omar@example.com' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'Hi' });
    await sendKeys({ press: 'Tab' });
    expect(root.activeElement).to.equal(root.querySelector('button'));
    const submitted = oneEvent(el, 'leadline-submit');
    await sendKeys({ press: 'Enter' });
    await submitted;
    expect((await leads(site))[0]!.body.fields).to.deep.equal({
      name: 'Omar',
      email: 'omar@example.com',
      message: 'Hi',
    });
  });

  it('requires consent when the form asks for it, and sends selects and checkboxes', async () => {
    const { el, site, root } = await mount({ form: 'quote' });
    type(field(root, 'email'), 'buyer@example.com');
    const plan = root.querySelector('select')!;
    plan.value = 'pro';
    plan.dispatchEvent(new Event('change'));
    field(root, 'newsletter').click();
    root.querySelector('button')!.click();
    await waitUntil(() => root.getElementById('f-consent-error'));
    expect(root.getElementById('f-consent-error')!.textContent).to.contain('agree');
    expect(root.querySelector('label[for="f-consent"]')!.textContent).to.contain('Fixture Shop');
    field(root, 'consent').click();
    setTimeout(() => root.querySelector('button')!.click());
    await oneEvent(el, 'leadline-submit');
    expect((await leads(site))[0]!.body).to.deep.include({
      consent: true,
      fields: { email: 'buyer@example.com', plan: 'pro', newsletter: true },
    });
    await waitUntil(() => root.querySelector('.success')?.textContent === 'Quote request received.');
  });

  it('sends the honeypot when a bot fills it (the server then stores nothing)', async () => {
    const { el, site, root } = await mount();
    type(field(root, 'name'), 'Bot');
    type(field(root, 'email'), 'bot@example.com');
    field(root, 'website').value = 'http://spam.example';
    setTimeout(() => root.querySelector('button')!.click());
    await oneEvent(el, 'leadline-submit');
    expect((await leads(site))[0]!.body.hp).to.equal('http://spam.example');
    await waitUntil(() => root.querySelector('.success'));
  });

  it('shows server-side field errors, and a retry after going offline keeps the same submission id', async () => {
    const site = newSite();
    await plan(site, [
      {
        status: 400,
        error: {
          error: {
            code: 'validation_failed',
            message: 'x',
            issues: [{ path: ['fields', 'email'], message: 'invalid' }],
          },
        },
      },
      // Chromium retries a request once when a reused connection drops, so an outage is two drops.
      { offline: true },
      { offline: true },
    ]);
    const { el, root } = await mount({ site });
    type(field(root, 'name'), 'Ana');
    type(field(root, 'email'), 'ana@example.com');
    const failed = oneEvent(el, 'leadline-error');
    root.querySelector('button')!.click();
    expect((await failed).detail.code).to.equal('validation_failed');
    await waitUntil(() => field(root, 'email').getAttribute('aria-invalid') === 'true');
    const offline = oneEvent(el, 'leadline-error');
    root.querySelector('button')!.click();
    expect((await offline).detail.code).to.equal('network');
    await waitUntil(() => root.querySelector('[role="alert"]')!.textContent!.includes('offline'));
    setTimeout(() => root.querySelector('button')!.click());
    await oneEvent(el, 'leadline-submit');
    const ids = (await leads(site)).map((r) => r.body.id);
    expect(ids.length).to.be.at.least(3);
    expect(new Set(ids).size).to.equal(1);
  });

  it('falls back to the slotted plain form when the form cannot load', async () => {
    const errored = oneEvent(document, 'leadline-error');
    const wrapper = await fixture(html`<div>
      <leadline-form site="pk_broken0000" api=${api} form="contact">
        <form method="post" action="/v1/leads/html"><label>Email <input name="email" type="email"></label><button>Send</button></form>
      </leadline-form>
    </div>`);
    const el = wrapper.querySelector('leadline-form')!;
    const error = await errored;
    expect(error.detail.code).to.equal('unavailable');
    await waitUntil(() => el.shadowRoot!.querySelector('slot'));
    const plainForm = el.querySelector('form')!;
    expect(plainForm.getBoundingClientRect().height).to.be.greaterThan(0);
  });

  it('hides the slotted plain form once the real one renders', async () => {
    const wrapper = await fixture(html`<div>
      <leadline-form site=${newSite()} api=${api} form="contact">
        <form method="post" action="/v1/leads/html"><input name="email" aria-label="Email"></form>
      </leadline-form>
    </div>`);
    const el = wrapper.querySelector('leadline-form')!;
    await waitUntil(() => el.shadowRoot!.querySelector('form'));
    expect(el.querySelector('form')!.getBoundingClientRect().height).to.equal(0);
  });

  it('renders the site’s Turnstile check in its light DOM and sends its token; sites without it load nothing', async () => {
    const calls: { sitekey: string; language?: string; box: HTMLElement }[] = [];
    let resets = 0;
    // A stand-in of Cloudflare's script (unreachable here); the form uses a Turnstile already on the page.
    window.turnstile = {
      render(box, o) {
        calls.push({ sitekey: o.sitekey, language: o.language, box });
        box.append(Object.assign(document.createElement('span'), { className: 'stub-check', textContent: 'Verified' }));
        setTimeout(() => o.callback('tok-1'));
        return 'w1';
      },
      reset: () => void resets++,
    };
    try {
      const plain = await mount();
      expect(calls).to.have.length(0);
      expect(plain.el.querySelector('[slot="turnstile"]')).to.equal(null);

      const { el, site, root } = await mount({
        site: `pk_turnstile${Math.random().toString(36).slice(2, 10)}`,
        locale: 'ar',
      });
      await waitUntil(() => calls.length === 1, 'the check rendered');
      expect(calls[0]).to.include({ sitekey: '0x4AAA-test', language: 'ar' });
      expect(calls[0]!.box.parentElement).to.equal(el);
      expect(calls[0]!.box.slot).to.equal('turnstile');
      expect((root.querySelector('slot[name="turnstile"]') as HTMLSlotElement).assignedElements()).to.deep.equal([
        calls[0]!.box,
      ]);
      type(field(root, 'name'), 'Noura');
      type(field(root, 'email'), 'noura@example.com');
      await new Promise((r) => setTimeout(r, 20));
      setTimeout(() => root.querySelector<HTMLButtonElement>('button[part="submit"]')!.click());
      await oneEvent(el, 'leadline-submit');
      const [sent] = await leads(site);
      expect(sent!.body.turnstileToken).to.equal('tok-1');
      expect(resets).to.equal(0);
    } finally {
      delete window.turnstile;
    }
  });

  it('is themable through custom properties and parts', async () => {
    const { el, root } = await mount();
    el.style.setProperty('--leadline-accent', 'rgb(200, 0, 100)');
    expect(getComputedStyle(root.querySelector('button')!).backgroundColor).to.equal('rgb(200, 0, 100)');
    expect(root.querySelector('[part="submit"]')).to.exist;
    expect(root.querySelectorAll('[part="input"]').length).to.equal(3);
  });
});
