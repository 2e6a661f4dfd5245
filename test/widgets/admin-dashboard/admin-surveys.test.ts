import { expect } from '@open-wc/testing';
import type { LitElement } from 'lit';
import { setViewport } from '@web/test-runner-commands';
import type { LeadlineAdmin } from '../../../widgets/admin-dashboard/admin-dashboard.ts';
import en from '../../../widgets/locales/admin/admin-en.ts';
import { all, asOwner, call, fill, inView, realSite, toast, view, waitUntil, type Site } from './admin-page.ts';

const text = (e: Element | null | undefined) => e?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const answer = (site: Site, survey: string, body: Record<string, unknown>) =>
  fetch(`/v1/surveys/${survey}/answers`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ site: site.siteKey, id: crypto.randomUUID(), ...body }),
  });
const button = (el: LeadlineAdmin, label: string) =>
  all<HTMLButtonElement>(el, 'button').find((b) => text(b) === label) ?? null;
/** Nothing sticks out of the viewport sideways (in RTL, content off the left edge does not widen the page). */
function fitsWidth(el: LeadlineAdmin, width: number) {
  expect(document.documentElement.scrollWidth).to.be.at.most(width);
  for (const e of all(el, 'h2, h3, table, .kpis, .tabs, form')) {
    const r = e.getBoundingClientRect();
    expect(r.left, e.tagName).to.be.at.least(-1);
    expect(r.right, e.tagName).to.be.at.most(width + 1);
  }
}

describe('<leadline-admin> surveys', () => {
  afterEach(() => (setViewport({ width: 800, height: 600 }), history.replaceState(null, '', location.pathname)));

  it('creates a choice survey in three languages, shows its tag, and finds answers by their comment (1280 px, en)', async () => {
    await setViewport({ width: 1280, height: 900 });
    const site = await realSite();
    const el = await asOwner(site, '#/surveys');
    await waitUntil(() => text(inView(el, '[role="status"]')).startsWith('No surveys yet'), 'the empty state');
    button(el, 'New survey')!.click();
    await waitUntil(() => inView(el, 'form[aria-label="Survey editor"]'), 'the editor');
    const form = () => inView<HTMLFormElement>(el, 'form[aria-label="Survey editor"]')!;
    const field = (label: string) =>
      [...form().querySelectorAll('label')]
        .find((l) => text(l.querySelector('span')) === label)!
        .querySelector<HTMLInputElement | HTMLSelectElement>('input, select')!;
    fill(field('Name'), 'Why did you buy?');
    fill(field('Kind'), 'choice');
    await (view(el)!.host as LitElement).updateComplete;
    fill(field('Question (en)'), 'What made you buy?');
    fill(field('Question (ar)'), 'ما الذي دفعك للشراء؟');
    expect(field('Question (ar)').getAttribute('dir')).to.equal('rtl');
    button(el, 'Add a choice')!.click();
    button(el, 'Add a choice')!.click();
    await waitUntil(() => form().querySelectorAll('ol li').length === 2, 'two choices');
    const choice = (i: number, label: string) =>
      [...form().querySelectorAll('ol li')[i]!.querySelectorAll('label')]
        .find((l) => text(l.querySelector('span')) === label)!
        .querySelector('input')!;
    fill(choice(0, 'Choice id'), 'price');
    fill(choice(0, 'Label (en)'), 'Price');
    fill(choice(0, 'Label (ur)'), 'قیمت');
    fill(choice(1, 'Choice id'), 'quality');
    fill(choice(1, 'Label (en)'), 'Quality');
    fill(field('When to ask'), 'visits');
    await (view(el)!.host as LitElement).updateComplete;
    fill(field('Visit number'), '3');
    fill(field('Ask again after (days)'), '30');
    await expect(el).to.be.accessible();
    form().requestSubmit();
    await waitUntil(() => inView(el, 'tbody tr'), 'the list');

    const { surveys } = await call(site.adminToken, '/v1/admin/surveys');
    expect(surveys).to.have.length(1);
    const s = surveys[0];
    expect(s).to.deep.include({ name: 'Why did you buy?', kind: 'choice', trigger: 'visits', visitsN: 3, capDays: 30 });
    expect(s.question).to.deep.equal({ en: 'What made you buy?', ar: 'ما الذي دفعك للشراء؟' });
    expect(s.choices).to.deep.equal([
      { id: 'price', label: { en: 'Price', ur: 'قیمت' } },
      { id: 'quality', label: { en: 'Quality' } },
    ]);
    const snippet = inView<HTMLInputElement>(el, 'tbody input[readonly]')!;
    expect(snippet.value).to.equal(`<leadline-survey survey="${s.id}"></leadline-survey>`);

    expect((await answer(site, s.id, { choice: ['price'], comment: 'Fast delivery' })).status).to.equal(201);
    expect((await answer(site, s.id, { choice: ['quality'], comment: 'Lovely finish' })).status).to.equal(201);
    location.hash = '#/contacts';
    await waitUntil(() => view(el)?.host.tagName === 'LEADLINE-ADMIN-CONTACTS', 'the contacts');
    location.hash = '#/surveys';
    await waitUntil(() => text(inView(el, 'tbody td:nth-child(4)')) === '2', 'two answers counted');
    inView<HTMLButtonElement>(el, 'tbody td:nth-child(4) button')!.click();
    await waitUntil(() => all(el, '#answers-title ~ table tbody tr').length === 2, 'the answers');
    const search = inView<HTMLInputElement>(el, 'form[role="search"] input')!;
    fill(search, 'fast');
    inView<HTMLFormElement>(el, 'form[role="search"]')!.requestSubmit();
    await waitUntil(() => all(el, '#answers-title ~ table tbody tr').length === 1, 'one answer found');
    const row = all(el, '#answers-title ~ table tbody tr')[0]!;
    expect(text(row)).to.contain('Price').and.contain('Fast delivery').and.contain('Anonymous visitor');
    await expect(el).to.be.accessible();
    // Answers that chose Quality and say "fast": none.
    fill(inView<HTMLSelectElement>(el, 'form[role="search"] select')!, 'quality');
    inView<HTMLFormElement>(el, 'form[role="search"]')!.requestSubmit();
    await waitUntil(() => text(inView(el, '#answers-title ~ [role="status"]')) === 'No answers found.', 'no answer');

    // The owner turns on the post-purchase email with this survey.
    const email = inView<HTMLFormElement>(el, 'form[aria-labelledby="survey-email-title"]')!;
    fill(email.querySelector<HTMLSelectElement>('select[name="surveyId"]')!, s.id);
    fill(email.querySelector<HTMLInputElement>('input[name="pageUrl"]')!, 'https://shop.example/thanks');
    fill(email.querySelector<HTMLSelectElement>('select[name="audience"]')!, 'customers');
    email.requestSubmit();
    await waitUntil(() => toast(el) === en['common.saved'], 'the setting saved');
    expect((await call(site.adminToken, '/v1/admin/settings')).purchaseSurvey).to.deep.equal({
      surveyId: s.id,
      pageUrl: 'https://shop.example/thanks',
      audience: 'customers',
    });
  });

  it('shows the surveys report in Arabic at phone width: the API’s NPS, its series and the grouped comments', async () => {
    await setViewport({ width: 390, height: 844 });
    const site = await realSite();
    const { id } = await call(site.adminToken, '/v1/admin/surveys', 'POST', {
      name: 'NPS',
      kind: 'nps',
      question: { en: 'Recommend us?', ar: 'هل توصي بنا؟' },
    });
    for (const [score, comment] of [
      [10, 'رائع'],
      [9, undefined],
      [3, 'بطيء'],
    ] as const)
      expect((await answer(site, id, { score, ...(comment && { comment }) })).status).to.equal(201);
    const el = await asOwner(site, '#/reports');
    el.locale = 'ar';
    const tabOf = () => all<HTMLButtonElement>(el, '.tabs button').find((b) => text(b) === 'الاستبيانات');
    await waitUntil(() => tabOf(), 'the Arabic surveys tab');
    tabOf()!.click();
    await waitUntil(() => inView(el, '.kpis [data-field="nps"] dd'), 'the NPS figure');
    const to = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC' }).format(Date.now() + 86_400_000);
    const api = await call(site.adminToken, `/v1/admin/reports/surveys?to=${to}`);
    // 2 promoters, 1 detractor of 3: 100 × 1 ÷ 3 = 33.3 → 33.
    expect(api.totals.nps).to.equal(33);
    expect(text(inView(el, '.kpis [data-field="nps"] dd'))).to.equal(new Intl.NumberFormat('ar').format(33));
    expect(text(inView(el, '.kpis [data-field="nps"] dt'))).to.equal('NPS');
    await waitUntil(() => inView(el, 'section.reasons'), 'the comments');
    const comments = text(inView(el, 'section.reasons'));
    expect(comments).to.contain('لماذا أجابوا هكذا').and.contain('رائع').and.contain('بطيء');
    expect(view(el)!.host.getAttribute('dir')).to.equal('rtl');
    fitsWidth(el, 390);
    await expect(el).to.be.accessible();
  });
});
