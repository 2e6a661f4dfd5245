import { expect, fixture, html, oneEvent, waitUntil as wait } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../../widgets/support-chat/support-chat.ts';
import '../../../widgets/survey/survey.ts';
import type { LeadlineSurvey } from '../../../widgets/survey/survey.ts';

/**
 * `<leadline-survey>` against the real API (test/widgets/fixtures/real-api.ts): surveys are made through the admin
 * API, answers are read back from it, so every assertion on a stored body is on what the server kept.
 */
const api = location.origin;
const DAY = 864e5;
const waitUntil = (check: () => unknown, message?: string, options: { timeout?: number } = {}) =>
  wait(check, message, { timeout: 8000, ...options });

interface Site {
  siteKey: string;
  adminToken: string;
}
const realSite = async (): Promise<Site> => (await fetch('/test-api/real-site', { method: 'POST' })).json();
async function admin<T = any>(site: Site, path: string, method = 'GET', body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: {
      authorization: `Bearer ${site.adminToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}
const npsQuestion = {
  en: 'How likely are you to recommend Lumen Desk to a friend?',
  ar: 'ما مدى احتمال أن توصي بـ Lumen Desk لصديق؟',
};
const createSurvey = (site: Site, fields: Record<string, unknown>) =>
  admin<{ id: string; capDays: number }>(site, '/v1/admin/surveys', 'POST', {
    name: 'Survey',
    kind: 'nps',
    question: npsQuestion,
    ...fields,
  });
const answersOf = async (site: Site, survey: string) =>
  (await admin<{ answers: Record<string, any>[] }>(site, `/v1/admin/surveys/${survey}/answers`)).answers;

/** What embed.js would answer for `leadline.ids()`: this browser's visitor and session. */
function asVisitor(visitor = crypto.randomUUID(), session = crypto.randomUUID()) {
  window.leadline = { ids: () => [visitor, session] };
  return { visitor, session };
}

/** A ticket of `visitor` (who gave their email, so Leadline knows the contact), solved by a rep. */
async function solvedTicket(site: Site, visitor: string, email: string) {
  const res = await fetch('/v1/tickets', {
    method: 'POST',
    body: JSON.stringify({ site: site.siteKey, visitor, email, subject: 'Lamp flickers', body: 'It flickers.' }),
  });
  const { trackingNumber } = await res.json();
  const { tickets } = await admin<{ tickets: { id: string; trackingNumber: string }[] }>(site, '/v1/admin/tickets');
  const ticket = tickets.find((t) => t.trackingNumber === trackingNumber)!;
  await admin(site, `/v1/admin/tickets/${ticket.id}/messages`, 'POST', {
    body: 'A new one is on its way.',
    status: 'solved',
  });
}

async function mountInline(site: Site, survey: string, locale = 'en', now = () => Date.now()) {
  const el = await fixture<LeadlineSurvey>(
    html`<leadline-survey site=${site.siteKey} api=${api} survey=${survey} locale=${locale} .now=${now}>
    </leadline-survey>`,
  );
  await waitUntil(() => el.shadowRoot!.querySelector('form, .error') || el['phase'] === 'idle', 'the survey');
  return { el, root: el.shadowRoot! };
}
/** A card-mode survey as embed.js adds it: at the end of the body. */
async function mountAuto(site: Site, now = () => Date.now(), locale = 'en') {
  const el = document.createElement('leadline-survey');
  Object.assign(el, { site: site.siteKey, api, locale, auto: true, now });
  document.body.append(el);
  await waitUntil(() => el['phase'] !== 'loading', 'the prompt');
  await el.updateComplete;
  return { el, root: el.shadowRoot! };
}
/** Whether `sel` is rendered: a boolean, because chai cannot print a failing shadow-DOM node in time. */
const has = (root: ShadowRoot, sel: string) => !!root.querySelector(sel);
const option = (root: ShadowRoot, n: number) =>
  root.querySelector<HTMLInputElement>(`input[name="score"][value="${n}"]`)!;
const box = (root: ShadowRoot, n: number) => option(root, n).closest('label')!.getBoundingClientRect();
function type(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('<leadline-survey> inline', () => {
  beforeEach(() => localStorage.clear());
  afterEach(async () => {
    delete window.leadline;
    localStorage.clear();
    await setViewport({ width: 800, height: 600 });
  });

  it('asks an NPS question in English at 1280 px, then "why?", and the server stores the answer', async () => {
    await setViewport({ width: 1280, height: 800 });
    const site = await realSite();
    const survey = await createSurvey(site, {});
    const { visitor, session } = asVisitor();
    const { el, root } = await mountInline(site, survey.id);
    expect(root.querySelector('legend')!.textContent).to.equal(npsQuestion.en);
    expect(root.querySelectorAll('input[name="score"]')).to.have.length(11);
    expect(root.querySelector('.ends')!.textContent).to.contain('Not at all likely').and.contain('Extremely likely');
    expect(has(root, 'textarea'), '"why?" comes after a score').to.equal(false);
    await expect(el).to.be.accessible();
    // The scale runs left to right: 0 first.
    expect(box(root, 0).left).to.be.lessThan(box(root, 10).left);

    option(root, 9).click();
    await waitUntil(() => root.querySelector('textarea'), 'the why field');
    expect(root.querySelector('label[for="why"]')!.textContent).to.equal('What is the main reason? (optional)');
    type(root.querySelector('textarea')!, '  Bright and quiet.  ');
    await expect(el).to.be.accessible();
    setTimeout(() => root.querySelector<HTMLButtonElement>('[part="submit"]')!.click());
    const event = await oneEvent(el, 'leadline-survey-answered');
    expect(event.detail).to.deep.include({ survey: survey.id, score: 9 });
    await waitUntil(() => root.querySelector('.success'), 'the thanks');
    expect(root.querySelector('.success')!.textContent).to.equal('Thank you for your answer!');
    expect(root.activeElement).to.equal(root.querySelector('.success'));

    const [stored] = await answersOf(site, survey.id);
    expect(stored).to.include({ id: event.detail.id, score: 9, comment: 'Bright and quiet.', visitor, other: null });
    expect(stored!.choices).to.deep.equal([]);
    expect(JSON.parse(localStorage.getItem('ll_sv')!)).to.have.property(survey.id);
    expect(session).to.be.a('string');
  });

  it('in Arabic at 390 px runs the 0–10 scale right to left, arrows included, and fits the screen', async () => {
    await setViewport({ width: 390, height: 844 });
    const site = await realSite();
    const survey = await createSurvey(site, {});
    asVisitor();
    const { el, root } = await mountInline(site, survey.id, 'ar');
    await waitUntil(() => root.querySelector('legend')?.textContent === npsQuestion.ar, 'the Arabic question');
    expect(el.getAttribute('dir')).to.equal('rtl');
    expect(box(root, 0).left, '0 at the right').to.be.greaterThan(box(root, 10).left);
    expect(box(root, 10).left).to.be.at.least(0);
    expect(box(root, 0).right).to.be.at.most(390);
    for (const n of [0, 10]) expect(box(root, n).width, 'a target of at least 24 px').to.be.at.least(24);
    await expect(el).to.be.accessible();

    // Keyboard: the arrow that points to the higher numbers (left, in Arabic) raises the score.
    option(root, 0).focus();
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'ArrowLeft' });
    expect(option(root, 2).checked).to.equal(true);
    await waitUntil(() => root.querySelector('textarea'));
    type(root.querySelector('textarea')!, 'التوصيل بطيء');
    setTimeout(() => root.querySelector<HTMLButtonElement>('[part="submit"]')!.click());
    await oneEvent(el, 'leadline-survey-answered');
    await waitUntil(() => root.querySelector('.success')?.textContent === 'شكرًا لك على إجابتك!', 'Arabic thanks');
    await expect(el).to.be.accessible();
    const [stored] = await answersOf(site, survey.id);
    expect(stored).to.include({ score: 2, comment: 'التوصيل بطيء' });
  });

  it('can be answered with the keyboard alone', async () => {
    const site = await realSite();
    const survey = await createSurvey(site, { kind: 'csat', question: { en: 'How satisfied are you?' } });
    asVisitor();
    const before = await fixture<HTMLButtonElement>(html`<button>before</button>`);
    const { el, root } = await mountInline(site, survey.id);
    expect(root.querySelectorAll('input[name="score"]')).to.have.length(5);
    before.focus();
    await sendKeys({ press: 'Tab' });
    expect(root.activeElement).to.equal(option(root, 1));
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    expect(option(root, 4).checked).to.equal(true);
    await el.updateComplete;
    await sendKeys({ press: 'Tab' });
    expect(root.activeElement).to.equal(root.querySelector('textarea'));
    await sendKeys({ type: 'Good' });
    await sendKeys({ press: 'Tab' });
    expect(root.activeElement).to.equal(root.querySelector('[part="submit"]'));
    const answered = oneEvent(el, 'leadline-survey-answered');
    await sendKeys({ press: 'Enter' });
    expect((await answered).detail.score).to.equal(4);
    expect((await answersOf(site, survey.id))[0]).to.include({ score: 4, comment: 'Good' });
  });

  it('asks a multiple choice with "Other", says what is missing, and sends ids and text', async () => {
    const site = await realSite();
    const survey = await createSurvey(site, {
      kind: 'choice',
      question: { en: 'What made you buy?', ar: 'ما الذي دفعك للشراء؟' },
      choices: [
        { id: 'price', label: { en: 'Price', ar: 'السعر' } },
        { id: 'design', label: { en: 'Design', ar: 'التصميم' } },
        { id: 'reviews', label: { en: 'Reviews', ar: 'المراجعات' } },
      ],
      multiple: true,
      other: true,
      why: false,
    });
    asVisitor();
    const { el, root } = await mountInline(site, survey.id);
    const boxes = [...root.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
    expect(boxes.map((b) => b.closest('label')!.textContent!.trim())).to.deep.equal([
      'Price',
      'Design',
      'Reviews',
      'Other',
    ]);
    root.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    await waitUntil(() => root.querySelector('[role="alert"]')?.textContent);
    expect(root.querySelector('[role="alert"]')!.textContent).to.equal('Please choose an answer first.');
    expect(root.activeElement).to.equal(boxes[0]);

    boxes[0]!.click();
    boxes[2]!.click();
    boxes[3]!.click();
    await waitUntil(() => root.querySelector('#other'), 'the other field');
    root.querySelector<HTMLButtonElement>('[part="submit"]')!.click();
    await waitUntil(() => root.querySelector('[role="alert"]')?.textContent === 'Please say what “Other” is.');
    expect(root.activeElement).to.equal(root.querySelector('#other'));
    expect(root.querySelector('#other')!.getAttribute('aria-invalid')).to.equal('true');
    type(root.querySelector('#other')!, 'A friend has one');
    await expect(el).to.be.accessible();
    setTimeout(() => root.querySelector<HTMLButtonElement>('[part="submit"]')!.click());
    const { detail } = await oneEvent(el, 'leadline-survey-answered');
    expect(detail.choice).to.deep.equal(['price', 'reviews']);
    const [stored] = await answersOf(site, survey.id);
    expect(stored).to.include({ other: 'A friend has one', score: null });
    expect(stored!.choices).to.deep.equal(['price', 'reviews']);
  });

  it('once answered, stays hidden for capDays by the visitor’s clock, and asks again after', async () => {
    const site = await realSite();
    const survey = await createSurvey(site, { capDays: 30 });
    asVisitor();
    const t0 = Date.now();
    const first = await mountInline(site, survey.id, 'en', () => t0);
    option(first.root, 10).click();
    setTimeout(() => first.root.querySelector<HTMLButtonElement>('[part="submit"]')!.click());
    await oneEvent(first.el, 'leadline-survey-answered');

    const later = await mountInline(site, survey.id, 'en', () => t0 + 29 * DAY);
    expect(has(later.root, 'form'), 'not asked again within 30 days').to.equal(false);
    expect(later.el.getBoundingClientRect().height).to.equal(0);
    const after = await mountInline(site, survey.id, 'en', () => t0 + 30 * DAY);
    expect(after.root.querySelector('form legend')!.textContent).to.equal(npsQuestion.en);
  });

  it('says when a survey does not exist, with a retry', async () => {
    const site = await realSite();
    const { root } = await mountInline(site, '00000000-0000-4000-8000-000000000000');
    expect(root.querySelector('.error')!.textContent).to.contain('This survey is not available.');
    expect(has(root, '[part="retry"]')).to.equal(true);
  });
});

describe('<leadline-survey auto> (a triggered card)', () => {
  beforeEach(() => localStorage.clear());
  afterEach(async () => {
    for (const el of document.querySelectorAll('leadline-survey, leadline-chat')) el.remove();
    delete window.leadline;
    localStorage.clear();
    await setViewport({ width: 800, height: 600 });
  });

  async function dueAfterTicket(fields: Record<string, unknown> = {}) {
    const site = await realSite();
    const survey = await createSurvey(site, {
      trigger: 'ticket_solved',
      kind: 'csat',
      question: { en: 'How did we do with your request?', ar: 'كيف كان تعاملنا مع طلبك؟' },
      capDays: 14,
      ...fields,
    });
    const { visitor } = asVisitor();
    await solvedTicket(site, visitor, `${visitor.slice(0, 8)}@example.com`);
    return { site, survey, visitor };
  }

  it('appears after a solved ticket without taking focus, is announced, is answered in Arabic at 390 px', async () => {
    await setViewport({ width: 390, height: 844 });
    const { site, survey, visitor } = await dueAfterTicket();
    const before = await fixture<HTMLButtonElement>(html`<button>on the page</button>`);
    before.focus();
    const { el, root } = await mountAuto(site, undefined, 'ar');
    await waitUntil(() => root.querySelector('[part="card"]'), 'the card');
    expect(document.activeElement, 'focus stays where the visitor was').to.equal(before);
    await waitUntil(() => root.querySelector('[role="status"]')!.textContent!.includes('كيف كان تعاملنا مع طلبك؟'));
    expect(root.querySelector('[part="card"]')!.getAttribute('aria-modal')).to.equal(null);
    // Bottom left in Arabic (the inline end), inside the screen.
    const card = root.querySelector('[part="card"]')!.getBoundingClientRect();
    expect(card.left).to.be.at.least(0).and.lessThan(40);
    expect(card.right).to.be.at.most(390);
    expect(card.bottom).to.be.at.most(844).and.greaterThan(780);
    await expect(el).to.be.accessible();

    option(root, 5).click();
    setTimeout(() => root.querySelector<HTMLButtonElement>('[part="submit"]')!.click());
    await oneEvent(el, 'leadline-survey-answered');
    await waitUntil(() => root.querySelector('.success'));
    const [stored] = await answersOf(site, survey.id);
    expect(stored).to.include({ score: 5, visitor });
    expect(stored!.ticketId).to.be.a('string');
    // Closing after the thanks is no dismissal.
    let dismissed = false;
    el.addEventListener('leadline-survey-dismissed', () => (dismissed = true));
    root.querySelector<HTMLButtonElement>('[part="close"]')!.click();
    await el.updateComplete;
    expect(has(root, '[part="card"]')).to.equal(false);
    expect(dismissed).to.equal(false);
  });

  it('is dismissed with Escape or ×: no answer, the server is told, and it is not asked again', async () => {
    await setViewport({ width: 1280, height: 800 });
    const { site, survey } = await dueAfterTicket();
    const { el, root } = await mountAuto(site);
    await waitUntil(() => root.querySelector('[part="card"]'), 'the card');
    // Reachable with the keyboard: the card is at the end of the page's Tab order.
    const close = root.querySelector<HTMLButtonElement>('[part="close"]')!;
    expect(close.getAttribute('aria-label')).to.equal('Close the survey');
    const card = root.querySelector('[part="card"]')!.getBoundingClientRect();
    expect(card.right).to.be.greaterThan(1240);
    await expect(el).to.be.accessible();
    option(root, 3).focus();
    const dismissed = oneEvent(el, 'leadline-survey-dismissed');
    await sendKeys({ press: 'Escape' });
    expect((await dismissed).detail.survey).to.equal(survey.id);
    await el.updateComplete;
    expect(has(root, '[part="card"]')).to.equal(false);
    expect(await answersOf(site, survey.id)).to.deep.equal([]);
    // The server counted the dismissal: it has nothing to ask this browser now, even with a fresh local memory.
    localStorage.clear();
    await waitUntil(async () => {
      const again = await mountAuto(site);
      const shown = again.root.querySelector('[part="card"]');
      again.el.remove();
      return !shown;
    }, 'the server’s cap');
  });

  it('shown once, is not shown again within capDays by the visitor’s clock; after, it is answered in English', async () => {
    const { site, visitor } = await dueAfterTicket({ capDays: 7 });
    const t0 = Date.now();
    const first = await mountAuto(site, () => t0);
    await waitUntil(() => first.root.querySelector('[part="card"]'), 'the card');
    first.el.remove(); // the visitor went on to another page without answering
    const prompt = await (await fetch(`/v1/surveys/prompt?site=${site.siteKey}&visitor=${visitor}`)).json();
    expect(prompt.survey, 'the server still offers it (only shown, never answered)').to.not.equal(null);
    const soon = await mountAuto(site, () => t0 + 6 * DAY);
    expect(soon.el['phase']).to.equal('idle');
    expect(has(soon.root, '[part="card"]')).to.equal(false);
    soon.el.remove();
    const later = await mountAuto(site, () => t0 + 7 * DAY);
    await waitUntil(() => later.root.querySelector('[part="card"]'), 'the card after 7 days');

    // Answered in English at 1280 px this time; the server keeps it with the solved ticket.
    await setViewport({ width: 1280, height: 800 });
    await expect(later.el).to.be.accessible();
    option(later.root, 4).click();
    await waitUntil(() => later.root.querySelector('textarea'));
    type(later.root.querySelector('textarea')!, 'Quick reply');
    setTimeout(() => later.root.querySelector<HTMLButtonElement>('[part="submit"]')!.click());
    const { detail } = await oneEvent(later.el, 'leadline-survey-answered');
    const [stored] = await answersOf(site, detail.survey);
    expect(stored).to.include({ id: detail.id, score: 4, comment: 'Quick reply', visitor });
    expect(stored!.ticketId).to.be.a('string');
  });

  it('waits while the support chat is open, and sits above its launcher', async () => {
    const { site } = await dueAfterTicket();
    const chat = document.createElement('leadline-chat');
    Object.assign(chat, { site: site.siteKey, api, locale: 'en' });
    document.body.append(chat);
    await waitUntil(() => chat.shadowRoot?.querySelector('[part="launcher"]'), 'the launcher');
    await chat.toggle(true);
    const { el, root } = await mountAuto(site);
    expect(el['phase']).to.equal('ready');
    expect(has(root, '[part="card"]'), 'no card during a chat').to.equal(false);
    await chat.toggle(false);
    await waitUntil(() => root.querySelector('[part="card"]'), 'the card once the chat closed');
    const card = root.querySelector('[part="card"]')!.getBoundingClientRect();
    const launcher = chat.shadowRoot!.querySelector('[part="launcher"]')!.getBoundingClientRect();
    expect(card.bottom, 'above the launcher').to.be.at.most(launcher.top);
    await chat.toggle(true);
    await el.updateComplete;
    expect(has(root, '[part="card"]'), 'hidden when the chat opens again').to.equal(false);
  });

  it('opens from a post-purchase email link, answers once for that purchase, and the link is then spent', async () => {
    const site = await realSite();
    const survey = await createSurvey(site, { trigger: 'purchase', capDays: 90 });
    await admin(site, '/v1/admin/settings', 'PATCH', {
      allowedOrigins: [location.origin],
      purchaseSurvey: { surveyId: survey.id, pageUrl: `${location.origin}/thanks`, audience: 'customers' },
    });
    const buyer = await admin<{ id: string }>(site, '/v1/admin/contacts', 'POST', { email: 'buyer@example.com' });
    const purchase = await admin<{ id: string }>(site, `/v1/admin/contacts/${buyer.id}/purchases`, 'POST', {
      productName: 'Desk lamp',
      unitPrice: 4900,
      currency: 'USD',
    });
    const mails = (await (await fetch('/test-api/deliver-emails', { method: 'POST' })).json()) as { text: string }[];
    const link = mails.map((m) => /\/thanks\?ll_survey=([\w-]+)/.exec(m.text)?.[1]).find(Boolean)!;
    expect(link, 'the emailed link').to.be.a('string');

    // The visitor opens the link in a browser this site has never seen.
    const { visitor } = asVisitor();
    history.replaceState(null, '', `${location.pathname}?ll_survey=${link}`);
    const { el, root } = await mountAuto(site, undefined, 'en');
    expect(location.search, 'the token left the address bar').to.equal('');
    await waitUntil(() => root.querySelector('[part="card"]'), 'the card');
    option(root, 10).click();
    setTimeout(() => root.querySelector<HTMLButtonElement>('[part="submit"]')!.click());
    const { detail } = await oneEvent(el, 'leadline-survey-answered');
    const [stored] = await answersOf(site, survey.id);
    expect(stored).to.include({ id: detail.id, score: 10, purchaseId: purchase.id, visitor });
    el.remove();

    // The link answered once: opened again, it asks nothing.
    localStorage.clear();
    history.replaceState(null, '', `${location.pathname}?ll_survey=${link}`);
    const again = await mountAuto(site);
    expect(again.el['phase']).to.equal('idle');
    expect(has(again.root, '[part="card"]')).to.equal(false);
  });

  it('takes an emailed link’s token out of the address bar; an unknown token shows nothing', async () => {
    const site = await realSite();
    history.replaceState(null, '', `${location.pathname}?a=1&ll_survey=abcdefghijklmnop1234`);
    const { el } = await mountAuto(site);
    expect(location.search).to.equal('?a=1');
    // The token does not match a purchase link of this site: the server answers no survey.
    expect(el['def'] === null).to.equal(true);
    history.replaceState(null, '', location.pathname);
  });
});
