import { expect } from '@open-wc/testing';
import { all, asOwner, call, fill, inView, view, waitUntil, type Site } from './admin-page.ts';
import type { LeadlineAdmin } from '../../../widgets/admin-dashboard/admin-dashboard.ts';

/** A site holding the demo seed (two weeks of traffic, as `npm run cli -- seed-demo` writes it). */
const demoSite = async (): Promise<Site> => (await fetch('/test-api/real-site?demo', { method: 'POST' })).json();
const nextDay = (date: string) => new Date(Date.parse(date) + 86_400_000).toISOString().slice(0, 10);
const count = (n: number) => new Intl.NumberFormat('en').format(n);
const percent = (n: number) => new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(n);
const text = (el: Element | null) => el?.textContent?.trim() ?? '';

/** The API answer for what the view's date inputs show (`to` inclusive on screen). */
async function apiFor(el: LeadlineAdmin, site: Site, name: string, extra = '') {
  const from = inView<HTMLInputElement>(el, 'input[name="from"]')!.value;
  const to = inView<HTMLInputElement>(el, 'input[name="to"]')!.value;
  return call(site.adminToken, `/v1/admin/reports/${name}?from=${from}&to=${nextDay(to)}${extra}`);
}

describe('<leadline-admin> reports', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('shows the overview of the demo seed with the API’s totals, one chart point per day and the same table', async () => {
    const site = await demoSite();
    const el = await asOwner(site, '#/reports');
    await waitUntil(() => inView(el, '.kpis [data-field="visits"]') && all(el, 'circle.point').length, 'the overview');
    const api = await apiFor(el, site, 'overview', '&interval=day');
    expect(api.totals.visits).to.be.greaterThan(50);
    expect(api.series.length).to.equal(30);
    for (const k of ['visits', 'visitors', 'pageviews', 'conversions', 'leads'])
      expect(text(inView(el, `.kpis [data-field="${k}"] dd`)), k).to.match(new RegExp(`^${count(api.totals[k])}`));
    expect(text(inView(el, '.kpis [data-field="conversionRate"] dd'))).to.match(
      new RegExp(`^${percent(api.totals.conversionRate).replace('.', '\\.')}`),
    );
    expect(all(el, 'circle.point').map((c) => Number(c.dataset.value))).to.deep.equal(
      api.series.map((s: { visits: number }) => s.visits),
    );
    expect(all(el, 'tbody td[data-field="visits"]').map(text)).to.deep.equal(
      api.series.map((s: { visits: number }) => count(s.visits)),
    );
    expect(all(el, 'tbody td[data-field="pageviews"]').map(text)).to.deep.equal(
      api.series.map((s: { pageviews: number }) => count(s.pageviews)),
    );
    // Left to right in English: the first day is the leftmost point.
    const xs = all(el, 'circle.point').map((c) => Number(c.getAttribute('cx')));
    expect(xs[0]).to.be.lessThan(xs.at(-1)!);
    fill(inView<HTMLSelectElement>(el, '#chart-metric')!, 'pageviews');
    await waitUntil(
      () => all(el, 'circle.point')[29]?.dataset.value === String(api.series[29].pageviews),
      'the pageviews chart',
    );
    await expect(el).to.be.accessible();
  });

  it('ranks campaigns like the API, sorts by any column and downloads the CSV the API makes', async () => {
    const site = await demoSite();
    const el = await asOwner(site, '#/reports');
    await waitUntil(() => inView(el, '.kpis'), 'the overview');
    [...view(el)!.querySelectorAll<HTMLButtonElement>('.tabs button')]
      .find((b) => b.textContent === 'Campaigns')!
      .click();
    await waitUntil(() => inView(el, 'tbody td[data-field="source"]'), 'the campaigns');
    const api = await apiFor(el, site, 'campaigns');
    type Row = { key: { source: string }; visits: number; conversions: number };
    expect(api.rows.length).to.equal(4);
    expect(all(el, 'tbody td[data-field="source"]').map(text)).to.deep.equal(api.rows.map((r: Row) => r.key.source));
    expect(all(el, 'tbody td[data-field="conversions"]').map(text)).to.deep.equal(
      api.rows.map((r: Row) => count(r.conversions)),
    );
    expect(text(inView(el, 'tfoot td[data-field="visits"]'))).to.equal(count(api.totals.visits));
    expect(all(el, '.bars li').length).to.equal(4);
    expect(all(el, '.bar-value').map(text)).to.deep.equal(
      [...api.rows].sort((a: Row, b: Row) => b.conversions - a.conversions).map((r: Row) => count(r.conversions)),
    );

    const visitsHeader = inView(el, 'th button[aria-label="Sort by Visits"]')!;
    visitsHeader.click();
    await waitUntil(() => visitsHeader.closest('th')!.getAttribute('aria-sort') === 'descending', 'sorted by visits');
    const byVisits = [...api.rows].sort((a: Row, b: Row) => b.visits - a.visits).map((r: Row) => count(r.visits));
    expect(all(el, 'tbody td[data-field="visits"]').map(text)).to.deep.equal(byVisits);
    visitsHeader.click();
    await waitUntil(() => visitsHeader.closest('th')!.getAttribute('aria-sort') === 'ascending', 'ascending');
    expect(all(el, 'tbody td[data-field="visits"]').map(text)).to.deep.equal([...byVisits].reverse());

    const downloads: { href: string; download: string }[] = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      downloads.push({ href: this.href, download: this.download });
    };
    try {
      [...view(el)!.querySelectorAll('button')].find((b) => b.textContent === 'Download CSV')!.click();
      await waitUntil(() => downloads.length, 'the download');
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
    expect(downloads[0]!.download).to.match(/^leadline-campaigns-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = (await (await fetch(downloads[0]!.href)).text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(csv[0]).to.equal(
      'source,medium,campaign,visits,visitors,leads,conversions,revenue,conversionRate,revenuePerVisit,customers,spend,costPerVisit,costPerLead,costPerCustomer,roas,currency',
    );
    expect(csv.slice(1).map((l) => l.split(',')[0])).to.deep.equal(api.rows.map((r: Row) => r.key.source));
    await expect(el).to.be.accessible();

    // Choosing a device filters at once, as the API does.
    const mobile = await apiFor(el, site, 'campaigns', '&device=mobile');
    expect(mobile.totals.visits).to.be.greaterThan(0).and.lessThan(api.totals.visits);
    fill(inView<HTMLSelectElement>(el, 'select[name="device"]')!, 'mobile');
    await waitUntil(
      () => text(inView(el, 'tfoot td[data-field="visits"]')) === count(mobile.totals.visits),
      'the mobile campaigns',
    );
  });

  it('draws right to left in Arabic, shows the funnel’s steps with drop-off, and says so when a range is empty', async () => {
    const site = await demoSite();
    const el = await asOwner(site, '#/reports');
    el.locale = 'ar';
    await waitUntil(
      () =>
        view(el)?.host.getAttribute('dir') === 'rtl' &&
        text(inView(el, 'h2')) === 'نظرة عامة' &&
        all(el, 'circle.point').length === 30,
      'the Arabic overview',
    );
    const xs = all(el, 'circle.point').map((c) => Number(c.getAttribute('cx')));
    expect(xs[0]).to.be.greaterThan(xs.at(-1)!);

    [...view(el)!.querySelectorAll<HTMLButtonElement>('.tabs button')]
      .find((b) => b.textContent === 'مسار التحويل')!
      .click();
    await waitUntil(() => all(el, '.bars li').length === 3, 'the funnel');
    const api = await apiFor(
      el,
      site,
      'funnel',
      `&steps=${encodeURIComponent('url:/*|url:/pricing*|event:conversion')}`,
    );
    expect(all(el, '.bar-value').map(text)).to.deep.equal(
      api.rows.map((r: { visitors: number }) => new Intl.NumberFormat('ar').format(r.visitors)),
    );
    expect(api.rows[0].visitors).to.be.greaterThan(api.rows[2].visitors);
    await expect(el).to.be.accessible();

    fill(inView<HTMLInputElement>(el, 'input[name="from"]')!, '2020-01-01');
    fill(inView<HTMLInputElement>(el, 'input[name="to"]')!, '2020-01-31');
    inView<HTMLFormElement>(el, 'form')!.requestSubmit();
    await waitUntil(() => text(inView(el, 'p[role="status"]')).startsWith('لا توجد بيانات'), 'the empty state');
    expect(all(el, '.bars li').length).to.equal(0);
  });
});
