import { expect, fixture, html, oneEvent, waitUntil as wait } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../widgets/support-chat/support-chat.ts';
import type { LeadlineChat } from '../../../widgets/support-chat/support-chat.ts';

const api = location.origin;
/** Network round trips through the real app: allow more than the default second. */
const waitUntil = (check: () => unknown, message?: string, options: { timeout?: number } = {}) =>
  wait(check, message, { timeout: 8000, ...options });
async function realSite(): Promise<{ siteKey: string; adminToken: string }> {
  return (await fetch('/test-api/real-site', { method: 'POST' })).json();
}
const admin = (token: string, path: string, method = 'GET', body?: unknown) =>
  fetch(path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  }).then((r) => r.json());

async function mount(site: string, locale = 'en') {
  const el = await fixture<LeadlineChat>(
    html`<leadline-chat site=${site} api=${api} locale=${locale}></leadline-chat>`,
  );
  await waitUntil(() => el.shadowRoot!.querySelector('[part="launcher"]'), 'the launcher');
  return { el, root: el.shadowRoot! };
}
const $ = <T extends Element = HTMLElement>(root: ShadowRoot, sel: string) => root.querySelector<T>(sel)!;
function type(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('<leadline-chat>', () => {
  beforeEach(() => localStorage.clear());

  it('searches the knowledge base, opens an article, opens a complaint and follows it to a rating', async () => {
    const { siteKey, adminToken } = await realSite();
    const { el, root } = await mount(siteKey);
    await expect(el).to.be.accessible();
    $(root, '[part="launcher"]').click();
    await waitUntil(() => root.activeElement === $(root, '[part="search"]'), 'focus in the search box');
    await expect(el).to.be.accessible();

    type($(root, '[part="search"]') as HTMLInputElement, 'return');
    await waitUntil(() => root.querySelector('mark')?.textContent === 'Return', 'a highlighted result');
    expect([...root.querySelectorAll('[part="result"] strong')].map((s) => s.textContent)).to.deep.equal([
      'Returns and refunds',
    ]);
    $(root, '[part="result"]').click();
    await waitUntil(() => root.querySelector('[part="article"] strong')?.textContent === 'return', 'the article');
    const link = $<HTMLAnchorElement>(root, '[part="article"] a');
    expect([link.href, link.rel, link.target]).to.deep.equal([
      'https://shop.example/label',
      'noopener noreferrer',
      '_blank',
    ]);
    await expect(el).to.be.accessible();

    [...root.querySelectorAll<HTMLButtonElement>('.primary')].at(-1)!.click();
    await waitUntil(() => root.querySelector('#t-subject'), 'the request form');
    const category = $<HTMLSelectElement>(root, '#t-category');
    category.value = 'complaint';
    category.dispatchEvent(new Event('change'));
    type($(root, '#t-subject') as HTMLInputElement, 'Lamp arrived broken');
    type($(root, '#t-body') as HTMLTextAreaElement, 'The shade is cracked.');
    type($(root, '#t-email') as HTMLInputElement, 'sara@example.com');
    const created = oneEvent(el, 'leadline-ticket');
    $(root, 'form .primary').click();
    const { detail } = await created;
    expect(detail.category).to.equal('complaint');
    expect(detail.trackingNumber).to.match(/^LL-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await waitUntil(
      () => root.querySelector('.notice')?.textContent?.includes(detail.trackingNumber),
      'the tracking number',
    );
    await waitUntil(() => root.querySelector('.message.visitor'), 'the thread');
    await expect(el).to.be.accessible();

    // A rep answers in the admin; the answer shows up without reload.
    const { tickets } = await admin(adminToken, '/v1/admin/tickets');
    expect(tickets[0]).to.include({
      trackingNumber: detail.trackingNumber,
      category: 'complaint',
      email: 'sara@example.com',
    });
    await admin(adminToken, `/v1/admin/tickets/${tickets[0].id}/messages`, 'POST', {
      body: 'So sorry! A new lamp ships today.',
      status: 'solved',
    });
    await waitUntil(
      () => root.querySelector('.message.staff p')?.textContent === 'So sorry! A new lamp ships today.',
      'the staff reply',
      { timeout: 10000 },
    );
    await waitUntil(() => root.querySelector('.rating'), 'the rating form', { timeout: 10000 });
    await expect(el).to.be.accessible();

    root.querySelectorAll<HTMLInputElement>('.star input')[3]!.click();
    await el.updateComplete;
    $(root, '.rating .primary').click();
    await waitUntil(() => root.querySelector('.rated')?.textContent === 'Thank you for your rating.', 'the thanks');
    const ticket = await admin(adminToken, `/v1/admin/tickets/${tickets[0].id}`);
    expect(ticket.rating).to.equal(4);
    expect(JSON.parse(localStorage.getItem(`leadline-tickets:${siteKey}`) ?? '[]')).to.deep.equal([]); // no tracker storage on this page: memory only
  });

  it('closes with Escape and gives focus back to the launcher', async () => {
    const { siteKey } = await realSite();
    const { el, root } = await mount(siteKey);
    $(root, '[part="launcher"]').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.open && root.activeElement === $(root, '[part="search"]'));
    expect($(root, '[part="launcher"]').getAttribute('aria-expanded')).to.equal('true');
    const toggled = oneEvent(el, 'leadline-chat-toggle');
    await sendKeys({ press: 'Escape' });
    expect((await toggled).detail.open).to.equal(false);
    await waitUntil(() => root.activeElement === $(root, '[part="launcher"]'));
    expect($(root, '[part="panel"]').hidden).to.equal(true);
  });

  it('works in Urdu, right to left', async () => {
    const { siteKey, adminToken } = await realSite();
    const { el, root } = await mount(siteKey, 'ur');
    expect(el.getAttribute('dir')).to.equal('rtl');
    $(root, '[part="launcher"]').click();
    await waitUntil(() => root.querySelector('h2')?.textContent === 'ہم آپ کی کیا مدد کر سکتے ہیں؟');
    type($(root, '[part="search"]') as HTMLInputElement, 'واپسی');
    await waitUntil(
      () => root.querySelector('[part="result"] strong')?.textContent === 'واپسی اور رقم کی واپسی',
      'the Urdu article',
    );
    const panel = $(root, '[part="panel"]').getBoundingClientRect();
    const launcher = $(root, '[part="launcher"]').getBoundingClientRect();
    expect(Math.abs(panel.left - launcher.left)).to.be.lessThan(2); // anchored at the inline end: the left, in RTL
    await expect(el).to.be.accessible();
    [...root.querySelectorAll<HTMLButtonElement>('.primary')].at(-1)!.click();
    await waitUntil(() => root.querySelector('#t-subject'));
    type($(root, '#t-subject') as HTMLInputElement, 'لیمپ ٹوٹا ہوا آیا');
    type($(root, '#t-body') as HTMLTextAreaElement, 'شیڈ میں دراڑ ہے۔');
    const created = oneEvent(el, 'leadline-ticket');
    $(root, 'form .primary').click();
    const { detail } = await created;
    await waitUntil(() => root.querySelector('.notice')?.textContent?.includes('ٹریکنگ نمبر'), 'the Urdu notice');
    const { tickets } = await admin(adminToken, '/v1/admin/tickets');
    expect(tickets[0]).to.include({ trackingNumber: detail.trackingNumber, locale: 'ur' });
    await admin(adminToken, `/v1/admin/tickets/${tickets[0].id}/messages`, 'POST', {
      body: 'معذرت! نیا لیمپ آج روانہ ہو گا۔',
      status: 'solved',
    });
    await waitUntil(
      () => root.querySelector('.message.staff p')?.textContent === 'معذرت! نیا لیمپ آج روانہ ہو گا۔',
      'the staff reply',
      { timeout: 10000 },
    );
    await waitUntil(
      () => root.querySelector('.rating legend')?.textContent === 'ہماری خدمت کیسی رہی؟',
      'the Urdu rating form',
      { timeout: 10000 },
    );
    root.querySelectorAll<HTMLInputElement>('.star input')[4]!.click();
    await el.updateComplete;
    $(root, '.rating .primary').click();
    await waitUntil(() => root.querySelector('.rated')?.textContent === 'آپ کی درجہ بندی کا شکریہ۔', 'the Urdu thanks');
  });

  it('opens a ticket straight from its tracking link', async () => {
    const { siteKey, adminToken } = await realSite();
    const res = await fetch('/v1/tickets', {
      method: 'POST',
      body: JSON.stringify({
        site: siteKey,
        subject: 'Where is my order?',
        body: 'Order 1001',
        category: 'order_problem',
      }),
    });
    const { trackingNumber, token } = await res.json();
    history.replaceState(null, '', `#ll-ticket=${trackingNumber}~${token}`);
    const { el, root } = await mount(siteKey);
    history.replaceState(null, '', location.pathname);
    await waitUntil(
      () => el.open && root.querySelector('.message.visitor p')?.textContent === 'Order 1001',
      'the linked thread',
    );
    expect(root.querySelector('.meta')!.textContent).to.contain(trackingNumber);
  });

  it('renders article and message text as text, never markup', async () => {
    const { siteKey, adminToken } = await realSite();
    await admin(adminToken, '/v1/admin/kb', 'POST', {
      locale: 'en',
      title: '<img src=x onerror="window.pwned=1">Evil',
      body: '<script>window.pwned=1</script>\n\n<img src=x onerror="window.pwned=1">',
    });
    const { el, root } = await mount(siteKey);
    await el.toggle(true);
    type($(root, '[part="search"]') as HTMLInputElement, 'evil');
    await waitUntil(() => root.querySelector('.results mark')?.textContent === 'Evil', 'the result');
    $(root, '.results [part="result"]').click();
    await waitUntil(() => root.querySelector('[part="article"] p'), 'the article');
    expect(root.querySelector('[part="article"] img, [part="article"] script')).to.equal(null);
    expect(root.querySelector('[part="article"]')!.textContent).to.contain('<script>');
    expect((window as unknown as { pwned?: number }).pwned).to.equal(undefined);
  });

  it('finds my requests by email without showing them on the page', async () => {
    const { siteKey } = await realSite();
    const { el, root } = await mount(siteKey);
    await el.toggle(true);
    [...root.querySelectorAll<HTMLButtonElement>('button.link')]
      .find((b) => b.textContent === 'Find my request')!
      .click();
    await waitUntil(() => root.querySelector('#t-find'), 'the form');
    await expect(el).to.be.accessible();
    type($(root, '#t-find') as HTMLInputElement, 'sara@example.com');
    $(root, 'form .primary').click();
    await waitUntil(() => root.querySelector('.notice')?.textContent?.includes('on their way'), 'the notice');
  });
});
