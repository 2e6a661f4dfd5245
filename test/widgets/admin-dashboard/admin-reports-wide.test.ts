import { expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { all, asOwner, call, fill, inView, view, waitUntil, type Site } from './admin-page.ts';
import type { LeadlineAdmin } from '../../../widgets/admin-dashboard/admin-dashboard.ts';
import { niceTicks } from '../../../widgets/admin-dashboard/reports/charts.ts';
import { Formatter } from '../../../widgets/admin-dashboard/reports/columns.ts';

/** A site holding the demo seed (two weeks of traffic, as `npm run cli -- seed-demo` writes it). */
const demoSite = async (): Promise<Site> => (await fetch('/test-api/real-site?demo', { method: 'POST' })).json();
const nextDay = (date: string) => new Date(Date.parse(date) + 86_400_000).toISOString().slice(0, 10);
const text = (el: Element | null) => el?.textContent?.trim() ?? '';
const HIDDEN_KEY = 'leadline.reports.hidden.campaigns';

async function overview(el: LeadlineAdmin, site: Site) {
  const from = inView<HTMLInputElement>(el, 'input[name="from"]')!.value;
  const to = inView<HTMLInputElement>(el, 'input[name="to"]')!.value;
  return call(site.adminToken, `/v1/admin/reports/overview?from=${from}&to=${nextDay(to)}&interval=day`);
}

async function openCampaigns(site: Site): Promise<LeadlineAdmin> {
  const el = await asOwner(site, '#/reports');
  await waitUntil(() => inView(el, '.kpis'), 'the overview');
  const tab = () => all<HTMLButtonElement>(el, '.tabs button').find((b) => b.getAttribute('aria-pressed') === 'false');
  await waitUntil(() => tab(), 'the tabs');
  all<HTMLButtonElement>(el, '.tabs button')[1]!.click();
  await waitUntil(() => inView(el, 'tbody td[data-field="source"]'), 'the campaigns');
  return el;
}

describe('report charts: nice axis ticks', () => {
  it('steps by 1, 2 or 5 × 10^k and needs as many fraction digits as the step', () => {
    expect(niceTicks(2.5)).to.deep.equal({ ticks: [0, 0.5, 1, 1.5, 2, 2.5], digits: 1 });
    expect(niceTicks(7)).to.deep.equal({ ticks: [0, 2, 4, 6, 8], digits: 0 });
    expect(niceTicks(100)).to.deep.equal({ ticks: [0, 20, 40, 60, 80, 100], digits: 0 });
    expect(niceTicks(24_600)).to.deep.equal({ ticks: [0, 5000, 10_000, 15_000, 20_000, 25_000], digits: 0 });
    expect(niceTicks(0.23)).to.deep.equal({ ticks: [0, 0.05, 0.1, 0.15, 0.2, 0.25], digits: 2 });
    expect(niceTicks(0.3)).to.deep.equal({ ticks: [0, 0.1, 0.2, 0.3], digits: 1 });
    expect(niceTicks(10, 5, -3)).to.deep.equal({ ticks: [-5, 0, 5, 10], digits: 0 });
    expect(niceTicks(0).ticks).to.deep.equal([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('labels ticks with enough fraction digits in the locale (2.5 is never "3")', () => {
    const en = new Formatter('en', 'UTC', 'USD');
    const t = niceTicks(2.5);
    expect(t.ticks.map((v) => en.tick(v, 'count', t.digits))).to.deep.equal(['0', '0.5', '1', '1.5', '2', '2.5']);
    const ar = new Formatter('ar', 'UTC', 'USD');
    expect(ar.tick(2.5, 'count', 1)).to.equal(new Intl.NumberFormat('ar').format(2.5));
    const r = niceTicks(0.23);
    expect(r.ticks.map((v) => en.tick(v, 'rate', r.digits))).to.deep.equal(['0%', '5%', '10%', '15%', '20%', '25%']);
    expect(en.tick(0.025, 'rate', 3)).to.equal('2.5%');
    expect(en.tick(5000, 'money', 0)).to.equal('$50.00');
  });
});

describe('<leadline-admin> reports: two series, wide tables', () => {
  afterEach(async () => {
    history.replaceState(null, '', location.pathname);
    localStorage.removeItem(HIDDEN_KEY);
    await setViewport({ width: 800, height: 600 });
  });

  it('draws a second metric with its own inline-end axis, a legend and nice ticks', async () => {
    const site = await demoSite();
    const el = await asOwner(site, '#/reports');
    await waitUntil(() => all(el, 'circle.point').length === 30, 'the overview chart');
    const api = await overview(el, site);
    type Bucket = { visits: number; pageviews: number };
    expect(all(el, '.legend li').length, 'no legend for one series').to.equal(0);
    const visits = niceTicks(Math.max(...api.series.map((s: Bucket) => s.visits)));
    expect(all(el, 'g.series-0 text.tick').map(text)).to.deep.equal(
      visits.ticks.map((v) => new Intl.NumberFormat('en', { maximumFractionDigits: visits.digits }).format(v)),
    );

    fill(inView<HTMLSelectElement>(el, '#chart-metric2')!, 'pageviews');
    await waitUntil(() => all(el, 'g.series-1 circle.point').length === 30, 'the second series');
    expect(all(el, 'g.series-0 circle.point').map((c) => Number(c.dataset.value))).to.deep.equal(
      api.series.map((s: Bucket) => s.visits),
    );
    expect(all(el, 'g.series-1 circle.point').map((c) => Number(c.dataset.value))).to.deep.equal(
      api.series.map((s: Bucket) => s.pageviews),
    );
    expect(all(el, 'g.series path.line').length).to.equal(2);
    expect(all(el, '.legend li').map(text)).to.deep.equal(['Visits', 'Pageviews']);
    // Each point tells its value as a tooltip.
    expect(text(all(el, 'g.series-1 circle.point title')[0]!)).to.match(/^Pageviews · .+: [\d,]+$/);
    // The second axis is at the inline end: to the right of the plot in English.
    const x0 = Number(all(el, 'g.series-0 text.tick')[0]!.getAttribute('x'));
    const x1 = Number(all(el, 'g.series-1 text.tick')[0]!.getAttribute('x'));
    expect(x1).to.be.greaterThan(x0);
    const pv = niceTicks(Math.max(...api.series.map((s: Bucket) => s.pageviews)));
    expect(all(el, 'g.series-1 text.tick').length).to.equal(pv.ticks.length);
    await expect(el).to.be.accessible();

    fill(inView<HTMLSelectElement>(el, '#chart-metric2')!, '');
    await waitUntil(() => all(el, 'g.series-1').length === 0, 'one series again');
  });

  for (const locale of ['en', 'ar'] as const)
    it(`keeps the first column in view when the campaigns table scrolls sideways (${locale})`, async () => {
      await setViewport({ width: 1024, height: 800 });
      const site = await demoSite();
      const el = await openCampaigns(site);
      if (locale === 'ar') {
        el.locale = 'ar';
        await waitUntil(() => view(el)?.host.getAttribute('dir') === 'rtl' && text(inView(el, 'h2')) !== 'Campaigns');
      }
      const box = inView(el, '.table-scroll')!;
      expect(box.scrollWidth, 'the table is wider than its container').to.be.greaterThan(box.clientWidth + 20);
      expect(document.documentElement.scrollWidth, 'the page does not scroll sideways').to.be.at.most(innerWidth);
      const first = () => inView(el, 'tbody tr td[data-field="source"]')!.getBoundingClientRect();
      const second = () => inView(el, 'tbody tr td[data-field="medium"]')!.getBoundingClientRect();
      inView(el, 'tbody tr td[data-field="source"]')!.scrollIntoView({ block: 'center', inline: 'nearest' });
      const before = { first: first(), second: second() };
      // Scroll to the far end: towards the right in English, to the left (negative scrollLeft) in Arabic.
      box.scrollLeft = locale === 'ar' ? -box.scrollWidth : box.scrollWidth;
      await waitUntil(() => Math.abs(second().x - before.second.x) > 20, 'the scrolled table');
      const edge = box.getBoundingClientRect();
      const now = first();
      expect(Math.round(now.x)).to.equal(Math.round(before.first.x));
      if (locale === 'en') expect(now.left).to.be.closeTo(edge.left, 2);
      else expect(now.right).to.be.closeTo(edge.right, 2);
      // What scrolled under it is covered, not drawn over it: the sticky cell is the topmost element at its spot.
      const hit = view(el)!.elementFromPoint(now.left + now.width / 2, now.top + now.height / 2);
      expect(hit?.closest('td')?.dataset.field).to.equal('source');
    });

  it('hides and shows columns from the chooser by keyboard and remembers them across a re-mount', async () => {
    const site = await demoSite();
    let el = await openCampaigns(site);
    const summary = inView<HTMLElement>(el, 'details.columns summary')!;
    expect(text(summary)).to.equal('Columns (13 of 13)');
    summary.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => inView<HTMLDetailsElement>(el, 'details.columns')!.open, 'the chooser open');
    const box = (field: string) => inView<HTMLInputElement>(el, `details.columns input[value="${field}"]`)!;
    expect(box('source'), 'key columns are always shown').to.equal(null);
    box('spend').focus();
    await sendKeys({ press: 'Space' });
    await waitUntil(() => !inView(el, 'th button[aria-label="Sort by Spend"]'), 'spend hidden');
    expect(all(el, 'td[data-field="spend"]').length).to.equal(0);
    expect(all(el, 'td[data-field="visits"]').length).to.be.greaterThan(0);
    expect(text(inView(el, 'details.columns summary'))).to.equal('Columns (12 of 13)');
    await expect(el).to.be.accessible();

    el.remove();
    el = await openCampaigns(site);
    expect(all(el, 'td[data-field="spend"]').length, 'still hidden after a re-mount').to.equal(0);
    expect(box('spend').checked).to.equal(false);
    expect(all(el, 'td[data-field="source"]').length).to.be.greaterThan(0);
    // Other reports keep their own choice.
    all<HTMLButtonElement>(el, '.tabs button')[0]!.click();
    await waitUntil(() => inView(el, 'tbody td[data-field="pageviews"]'), 'the overview table');
    box('pageviews').click();
    await waitUntil(() => !inView(el, 'tbody td[data-field="pageviews"]'), 'pageviews hidden');
    all<HTMLButtonElement>(el, '.tabs button')[1]!.click();
    await waitUntil(() => inView(el, 'tbody td[data-field="pageviews"], tbody td[data-field="source"]'), 'campaigns');
    expect(all(el, 'td[data-field="visits"]').length).to.be.greaterThan(0);
    box('spend').click();
    await waitUntil(() => all(el, 'td[data-field="spend"]').length > 0, 'spend shown again');
    expect(JSON.parse(localStorage.getItem(HIDDEN_KEY)!)).to.deep.equal([]);
    localStorage.removeItem('leadline.reports.hidden.overview');
  });
});
