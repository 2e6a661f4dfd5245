import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { LeadlineAdmin } from '../../../widgets/admin-dashboard/admin-dashboard.ts';
import { all, asOwner, call, fill, inView, view, waitUntil, type Site } from './admin-page.ts';

/** A site with a pipeline of open deals and deals won and lost in the last days (real-api.ts, `seedDeals`). */
const dealsSite = async (): Promise<Site> => (await fetch('/test-api/real-site?deals', { method: 'POST' })).json();
const nextDay = (date: string) => new Date(Date.parse(date) + 86_400_000).toISOString().slice(0, 10);
const text = (el: Element | ShadowRoot | null) => el?.textContent?.trim() ?? '';
const cells = (el: LeadlineAdmin, field: string, table = 0) =>
  [...(all(el, 'table')[table]?.querySelectorAll(`tbody td[data-field="${field}"]`) ?? [])].map(text);

type Row = Record<string, number | null> & { key: Record<string, string | null> };

/** Opens the Sales tab (the button whose text is `label`), in `locale` at `width` px. */
async function openSales(site: Site, locale: 'en' | 'ar', width: number, label: string) {
  await setViewport({ width, height: 844 });
  const el = await asOwner(site, '#/reports');
  el.locale = locale;
  await waitUntil(() => view(el)?.host.getAttribute('dir') === (locale === 'en' ? 'ltr' : 'rtl'), 'the locale');
  await waitUntil(() => all(el, '.tabs button').find((b) => text(b) === label), 'the Sales tab');
  all<HTMLButtonElement>(el, '.tabs button')
    .find((b) => text(b) === label)!
    .click();
  await waitUntil(() => cells(el, 'stage').length === 2, 'the pipeline stages');
  return el;
}

/** What the view's own Formatter-free formatting should show, in `locale`. */
const money = (locale: string, minor: number, currency = 'USD') =>
  new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 100);
const count = (locale: string, n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
const percent = (locale: string, n: number) =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(n);

describe('<leadline-admin> sales reports', () => {
  afterEach(async () => {
    history.replaceState(null, '', location.pathname);
    await setViewport({ width: 800, height: 600 });
  });

  it('shows the pipeline, the won and lost deals and the lost reasons as the API answers them (en, 1280 px)', async () => {
    const site = await dealsSite();
    const el = await openSales(site, 'en', 1280, 'Sales');
    const pipeline = await call(site.adminToken, '/v1/admin/reports/pipeline');
    expect(pipeline.rows.map((r: Row) => r.key.stage)).to.deep.equal(['Lead', 'Proposal']);
    expect(cells(el, 'stage')).to.deep.equal(['Lead', 'Proposal']);
    expect(cells(el, 'count')).to.deep.equal(pipeline.rows.map((r: Row) => count('en', r.count!)));
    expect(cells(el, 'amount')).to.deep.equal(pipeline.rows.map((r: Row) => money('en', r.amount!)));
    expect(cells(el, 'weighted')).to.deep.equal(pipeline.rows.map((r: Row) => money('en', r.weighted!)));
    // Lead: 1,200.00 at 10 % and 450.50 at its own 30 % (135.15); Proposal: 3,000.01 at 50 % (1,500.005 → 1,500.01).
    expect(cells(el, 'weighted')).to.deep.equal(['$255.15', '$1,500.01']);
    expect(text(inView(el, '.kpis [data-field="weighted"] dd'))).to.equal('$1,755.16');
    expect(text(view(el))).to.contain('€800.00');
    // The forecast: twelve months, the weighted amounts of the API's series.
    expect(cells(el, 'weighted', 1)).to.deep.equal(
      pipeline.series.map((m: { weighted: number }) => money('en', m.weighted)),
    );
    expect(all(el, 'circle.point').map((c) => Number(c.dataset.value))).to.deep.equal(
      pipeline.series.map((m: { weighted: number }) => m.weighted),
    );
    await expect(el).to.be.accessible();

    all<HTMLButtonElement>(el, '.tabs button')
      .find((b) => text(b) === 'Won and lost deals')!
      .click();
    await waitUntil(() => cells(el, 'winRate').length, 'the deals by source');
    const from = inView<HTMLInputElement>(el, 'input[name="from"]')!.value;
    const to = nextDay(inView<HTMLInputElement>(el, 'input[name="to"]')!.value);
    const deals = await call(site.adminToken, `/v1/admin/reports/deals?from=${from}&to=${to}&by=source`);
    expect(deals.rows.map((r: Row) => r.key.source)).to.deep.equal(['news', 'ads']);
    expect(cells(el, 'source')).to.deep.equal(['news', 'ads']);
    expect(cells(el, 'won')).to.deep.equal(deals.rows.map((r: Row) => count('en', r.won!)));
    expect(cells(el, 'winRate')).to.deep.equal(deals.rows.map((r: Row) => percent('en', r.winRate!)));
    expect(cells(el, 'wonAmount')).to.deep.equal(deals.rows.map((r: Row) => money('en', r.wonAmount!)));
    expect(cells(el, 'averageDeal')).to.deep.equal(['$1,450.00', '$999.00']);
    expect(cells(el, 'medianCycleDays')).to.deep.equal(['16 days', '5 days']);

    fill(inView<HTMLSelectElement>(el, 'select[name="dealsBy"]')!, 'owner');
    await waitUntil(() => cells(el, 'owner').length === 3, 'the deals by owner');
    const owners = await call(site.adminToken, `/v1/admin/reports/deals?from=${from}&to=${to}&by=owner`);
    expect(cells(el, 'owner')).to.deep.equal(owners.rows.map((r: Row) => r.key.owner ?? '—'));
    expect(cells(el, 'wonAmount')).to.deep.equal(owners.rows.map((r: Row) => money('en', r.wonAmount!)));

    all<HTMLButtonElement>(el, '.tabs button')
      .find((b) => text(b) === 'Lost reasons')!
      .click();
    await waitUntil(() => cells(el, 'lostReason').length, 'the lost reasons');
    const reasons = await call(site.adminToken, `/v1/admin/reports/deals?from=${from}&to=${to}&by=lostReason`);
    expect(reasons.rows.map((r: Row) => [r.key.lostReason, r.lost, r.lostAmount])).to.deep.equal([
      ['price', 2, 85_000],
      [null, 1, 30_000],
    ]);
    expect(cells(el, 'lostReason')).to.deep.equal(['price', '—']);
    expect(cells(el, 'lostAmount')).to.deep.equal(['$850.00', '$300.00']);
    expect(cells(el, 'share')).to.deep.equal([percent('en', 2 / 3), percent('en', 1 / 3)]);
    await expect(el).to.be.accessible();
  });

  it('sets a won-value goal in major units and shows its progress as money on the overview', async () => {
    const site = await dealsSite();
    await setViewport({ width: 1280, height: 844 });
    const el = await asOwner(site, '#/affiliates');
    await waitUntil(() => all(el, 'form').length === 2, 'the goal form');
    const goal = all<HTMLFormElement>(el, 'form').at(-1)!;
    fill(goal.querySelector('select[name="metric"]')!, 'won_value');
    fill(goal.querySelector('input[name="target"]')!, '4000.5');
    goal.requestSubmit();
    await waitUntil(() => text(view(el)).includes('Value of deals won · per month: $4,000.50'), 'the goal');
    const { goals } = await call(site.adminToken, '/v1/admin/goals');
    expect(goals.map((g: { metric: string; target: number }) => [g.metric, g.target])).to.deep.equal([
      ['won_value', 400_050],
    ]);
    location.hash = '#/reports';
    await waitUntil(() => text(view(el)).includes('Value of deals won per month'), 'the goal card');
    const overview = await call(site.adminToken, '/v1/admin/reports/overview');
    const card = overview.goals.find((g: { metric: string }) => g.metric === 'won_value');
    expect(text(view(el))).to.contain(
      `Value of deals won per month: ${money('en', card.actual)} of ${money('en', 400_050)}`,
    );
  });

  it('reads right to left in Arabic at 390 px, with the API’s numbers and nothing off screen', async () => {
    const site = await dealsSite();
    const el = await openSales(site, 'ar', 390, 'المبيعات');
    const pipeline = await call(site.adminToken, '/v1/admin/reports/pipeline');
    expect(cells(el, 'weighted')).to.deep.equal(pipeline.rows.map((r: Row) => money('ar', r.weighted!)));
    expect(cells(el, 'count')).to.deep.equal(pipeline.rows.map((r: Row) => count('ar', r.count!)));
    expect(document.documentElement.scrollWidth).to.be.at.most(innerWidth);
    const tabs = all(el, '.tabs')[1]!.getBoundingClientRect();
    expect(Math.round(tabs.left)).to.be.at.least(0);
    expect(Math.round(tabs.right)).to.be.at.most(innerWidth);
    await expect(el).to.be.accessible();
    all<HTMLButtonElement>(el, '.tabs button')
      .find((b) => text(b) === 'أسباب الخسارة')!
      .click();
    await waitUntil(() => cells(el, 'lostReason').length === 2, 'the lost reasons');
    expect(cells(el, 'lost')).to.deep.equal([count('ar', 2), count('ar', 1)]);
    await expect(el).to.be.accessible();
  });
});
