import { expect, fixture, html, oneEvent, waitUntil as wait } from '@open-wc/testing';
import '../../../widgets/lead-form/lead-form.ts';
import '../../../widgets/support-chat/support-chat.ts';
import type { LeadlineForm } from '../../../widgets/lead-form/lead-form.ts';
import type { LeadlineChat } from '../../../widgets/support-chat/support-chat.ts';

/**
 * A site owner's setup mistakes — an unknown site key, a page origin the site does not allow — against the real
 * app: the widgets show no control that cannot work, say once in the console what is wrong and how to fix it, and
 * a visitor whose send fails keeps what they typed, with a retry.
 */
const api = location.origin;
/** The same test server under another host name: a cross-origin API, as on a marketer's site (Origin is sent). */
const crossOrigin = `${location.protocol}//127.0.0.1:${location.port}`;
const waitUntil = (check: () => unknown, message?: string) => wait(check, message, { timeout: 8000 });
const realSite = async (): Promise<{ siteKey: string; adminToken: string }> =>
  (await fetch('/test-api/real-site', { method: 'POST' })).json();
const settings = (token: string, body: unknown) =>
  fetch('/v1/admin/settings', {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const plan = (site: string, steps: unknown[]) =>
  fetch(`/test-api/plan?site=leads:${site}`, { method: 'POST', body: JSON.stringify(steps) });
const leads = async (site: string) =>
  (await (await fetch(`/test-api/received?site=leads:${site}`)).json()) as { body: { id: string; fields: object } }[];

let warnings: string[] = [];
const realWarn = console.warn;
beforeEach(() => {
  warnings = [];
  console.warn = (...a: unknown[]) => void warnings.push(a.join(' '));
});
afterEach(() => (console.warn = realWarn));

function type(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('setup mistakes and failed sends', () => {
  it('a form for an unknown site key shows nothing and tells the owner once, with the fix', async () => {
    const site = `pk_unknown${Math.random().toString(36).slice(2, 10)}`;
    const el = await fixture<LeadlineForm>(html`<leadline-form site=${site} api=${api}><form>
      <button>no-JavaScript fallback</button></form></leadline-form>`);
    const error = await oneEvent(el, 'leadline-error');
    expect(error.detail.code).to.equal('not_found');
    await el.updateComplete;
    expect(el.shadowRoot!.childElementCount, 'no control, not even the fallback slot').to.equal(0);
    expect(el.getBoundingClientRect().height).to.equal(0);
    const second = await fixture<LeadlineForm>(
      html`<leadline-form site=${site} api=${api} form="quote"></leadline-form>`,
    );
    await oneEvent(second, 'leadline-error');
    expect(warnings).to.deep.equal([
      `Leadline: site key ${site} is not known to ${api}; copy the snippet from Admin → Installation`,
    ]);
  });

  it('a form and a chat on an origin the site does not allow stay hidden; the warning names origin and fix', async () => {
    const { siteKey, adminToken } = await realSite();
    expect((await settings(adminToken, { allowedOrigins: ['https://www.shop.example'] })).status).to.equal(200);
    const form = await fixture<LeadlineForm>(html`<leadline-form site=${siteKey} api=${crossOrigin}></leadline-form>`);
    const error = await oneEvent(form, 'leadline-error');
    expect(error.detail.code).to.equal('origin_not_allowed');
    const chat = await fixture<LeadlineChat>(html`<leadline-chat site=${siteKey} api=${crossOrigin} locale="ar">
      </leadline-chat>`);
    await waitUntil(() => warnings.length, 'the warning');
    await new Promise((r) => setTimeout(r, 300));
    expect(form.shadowRoot!.childElementCount).to.equal(0);
    expect(chat.shadowRoot!.querySelector('[part="launcher"]'), 'no launcher that cannot work').to.equal(null);
    expect(warnings).to.deep.equal([
      `Leadline: origin ${location.origin} is not allowed for site ${siteKey}; add it in Settings → Allowed origins`,
    ]);

    // Allowed: the same tags work (a fresh config is fetched per element after a failure).
    expect((await settings(adminToken, { allowedOrigins: [location.origin] })).status).to.equal(200);
    const chat2 = await fixture<LeadlineChat>(html`<leadline-chat site=${siteKey} api=${crossOrigin}></leadline-chat>`);
    await waitUntil(() => chat2.shadowRoot!.querySelector('[part="launcher"]'), 'the launcher once allowed');
  });

  it('a chat without any site key shows no launcher and says where the key goes', async () => {
    const chat = await fixture<LeadlineChat>(html`<leadline-chat api=${api}></leadline-chat>`);
    await waitUntil(() => warnings.length, 'the warning');
    await chat.updateComplete;
    expect(chat.shadowRoot!.querySelector('[part="launcher"]')).to.equal(null);
    expect(warnings[0]).to.match(/^Leadline: no site key: add data-site="pk_…" to the embed\.js script tag/);
  });

  for (const locale of ['en', 'ar'])
    it(`a send that fails keeps every typed character and offers a retry that sends the same lead (${locale})`, async () => {
      const site = `pk_retry${Math.random().toString(36).slice(2, 10)}`;
      await plan(site, [
        { status: 403, error: { error: { code: 'origin_not_allowed', message: 'origin not allowed' } } },
        { status: 503, error: { error: { code: 'unavailable', message: 'try later' } } },
      ]);
      const el = await fixture<LeadlineForm>(
        html`<leadline-form site=${site} api=${api} locale=${locale}></leadline-form>`,
      );
      const root = el.shadowRoot!;
      await waitUntil(() => root.querySelector('form'), 'the form');
      type(root.querySelector<HTMLInputElement>('#f-name')!, 'ليلى حداد');
      type(root.querySelector<HTMLInputElement>('#f-email')!, 'layla@example.com');
      type(root.querySelector<HTMLTextAreaElement>('#f-message')!, 'هل توصلون إلى دبي؟');
      root.querySelector<HTMLButtonElement>('button[part="submit"]')!.click();
      await waitUntil(() => root.querySelector('[part="retry"]'), 'a retry after the refusal');
      const status = root.querySelector('[part="status"][role="alert"]')!.textContent!;
      expect(status).to.contain(locale === 'en' ? 'Nothing you typed is lost.' : 'لم يضِع شيء مما كتبته.');
      expect(warnings).to.deep.equal([
        `Leadline: origin ${location.origin} is not allowed for site ${site}; add it in Settings → Allowed origins`,
      ]);
      root.querySelector<HTMLButtonElement>('[part="retry"]')!.click();
      await waitUntil(async () => (await leads(site)).length === 2 && root.querySelector('[part="retry"]'), 'a 503');
      expect(root.querySelector<HTMLInputElement>('#f-name')!.value).to.equal('ليلى حداد');
      expect(root.querySelector<HTMLTextAreaElement>('#f-message')!.value).to.equal('هل توصلون إلى دبي؟');
      root.querySelector<HTMLButtonElement>('[part="retry"]')!.click();
      await waitUntil(() => root.querySelector('.success'), 'sent on the third try');
      const sent = await leads(site);
      expect(sent.map((s) => s.body.id)).to.deep.equal([sent[0]!.body.id, sent[0]!.body.id, sent[0]!.body.id]);
      expect(sent[2]!.body.fields).to.deep.equal({
        name: 'ليلى حداد',
        email: 'layla@example.com',
        message: 'هل توصلون إلى دبي؟',
      });
    });
});
