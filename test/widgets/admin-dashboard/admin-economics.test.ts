import { expect } from '@open-wc/testing';
import { all, asOwner, call, fill, inView, view, waitUntil, type Site } from './admin-page.ts';
import type { LeadlineAdmin } from '../../../widgets/admin-dashboard/admin-dashboard.ts';

/** A site holding the demo seed (two weeks of campaign traffic with conversions). */
const demoSite = async (): Promise<Site> => (await fetch('/test-api/real-site?demo', { method: 'POST' })).json();
const nextDay = (date: string) => new Date(Date.parse(date) + 86_400_000).toISOString().slice(0, 10);
const text = (el: Element | null) => el?.textContent?.trim() ?? '';
const usd = (minor: number, locale = 'en') =>
  new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' }).format(minor / 100);
const ratio = (v: number) =>
  `${new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v)}×`;
const percent = (v: number, locale: string) =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(v);
const spendPanel = (el: LeadlineAdmin) => inView(el, 'leadline-admin-spend')?.shadowRoot ?? null;
const tabButton = (el: LeadlineAdmin, name: string) =>
  [...(view(el)?.querySelectorAll<HTMLButtonElement>('.tabs button') ?? [])].find((b) => b.textContent === name);
/** Clicks a report tab once it shows in the view's language (the catalogue may load after `dir` is set). */
const tab = async (el: LeadlineAdmin, name: string) => {
  await waitUntil(() => tabButton(el, name), `the ${name} tab`);
  tabButton(el, name)!.click();
};
type Row = {
  key: { source: string; medium: string | null; campaign: string | null };
  spend: number;
  roas: number;
  costPerLead: number | null;
  costPerVisit: number | null;
};

/** The table row of a campaign key. */
const rowOf = (el: LeadlineAdmin, key: Row['key']) =>
  all(el, 'tbody tr').find((tr) =>
    ['source', 'medium', 'campaign'].every(
      (f) => text(tr.querySelector(`td[data-field="${f}"]`)) === (key[f as keyof Row['key']] ?? '—'),
    ),
  )!;

async function range(el: LeadlineAdmin, from: string, to: string) {
  fill(inView<HTMLInputElement>(el, 'input[name="from"]')!, from);
  fill(inView<HTMLInputElement>(el, 'input[name="to"]')!, to);
  inView<HTMLFormElement>(el, 'form')!.requestSubmit();
}

describe('<leadline-admin> marketing economics', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('enters spend on a campaign and shows the API’s ROAS and cost per lead, then deletes it', async () => {
    const site = await demoSite();
    const el = await asOwner(site, '#/reports');
    await waitUntil(() => inView(el, '.kpis'), 'the overview');
    await tab(el, 'Campaigns');
    await waitUntil(
      () => inView(el, 'tbody td[data-field="source"]') && spendPanel(el)?.querySelector('form'),
      'the campaigns and the spend form',
    );
    const from = inView<HTMLInputElement>(el, 'input[name="from"]')!.value;
    const to = inView<HTMLInputElement>(el, 'input[name="to"]')!.value;
    const before = await call(site.adminToken, `/v1/admin/reports/campaigns?from=${from}&to=${nextDay(to)}`);
    const key = (before.rows as Row[]).find((r) => r.key.medium)!.key;

    const panel = spendPanel(el)!;
    const form = panel.querySelector('form')!;
    fill(form.querySelector<HTMLInputElement>('input[name="source"]')!, key.source);
    fill(form.querySelector<HTMLInputElement>('input[name="medium"]')!, key.medium ?? '');
    fill(form.querySelector<HTMLInputElement>('input[name="campaign"]')!, key.campaign ?? '');
    expect(form.querySelector<HTMLInputElement>('input[name="fromDay"]')!.value).to.equal(to);
    fill(form.querySelector<HTMLInputElement>('input[name="amount"]')!, '123.45');
    form.requestSubmit();
    await waitUntil(
      () => text(rowOf(el, key)?.querySelector('td[data-field="spend"]') ?? null) === usd(12345),
      'the spend in the table',
    );

    const api = await call(site.adminToken, `/v1/admin/reports/campaigns?from=${from}&to=${nextDay(to)}`);
    const row = (api.rows as Row[]).find((r) => JSON.stringify(r.key) === JSON.stringify(key))!;
    expect(row.spend).to.equal(12345);
    expect(row.roas).to.be.greaterThan(0);
    const tr = rowOf(el, key);
    expect(text(tr.querySelector('td[data-field="roas"]'))).to.equal(ratio(row.roas));
    expect(text(tr.querySelector('td[data-field="costPerLead"]'))).to.equal(
      row.costPerLead == null ? '—' : usd(row.costPerLead),
    );
    expect(text(tr.querySelector('td[data-field="costPerVisit"]'))).to.equal(usd(row.costPerVisit!));
    expect(text(inView(el, '.kpis [data-field="spend"] dd'))).to.equal(usd(api.totals.spend));
    expect(text(inView(el, '.kpis [data-field="roas"] dd'))).to.equal(ratio(api.totals.roas));
    expect(panel.querySelectorAll('.spend-list tbody tr').length).to.equal(1);
    await expect(el).to.be.accessible();

    panel.querySelector<HTMLButtonElement>('.spend-list button.delete')!.click();
    await waitUntil(
      () => text(rowOf(el, key)?.querySelector('td[data-field="spend"]') ?? null) === usd(0),
      'the spend gone',
    );
    expect((await call(site.adminToken, '/v1/admin/spend')).spend).to.deep.equal([]);
  });

  it('imports spend from a CSV file after a dry run', async () => {
    const site = await demoSite();
    const el = await asOwner(site, '#/reports');
    await waitUntil(() => inView(el, '.kpis'), 'the overview');
    await tab(el, 'Campaigns');
    await waitUntil(() => spendPanel(el)?.querySelector('input[type="file"]'), 'the import');
    const to = inView<HTMLInputElement>(el, 'input[name="to"]')!.value;
    const input = spendPanel(el)!.querySelector<HTMLInputElement>('input[type="file"]')!;
    const files = new DataTransfer();
    files.items.add(
      new File([`source,medium,campaign,from,amount\ngoogle,cpc,,${to},5000\n,,,${to},1\n`], 'spend.csv', {
        type: 'text/csv',
      }),
    );
    input.files = files.files;
    input.dispatchEvent(new Event('change'));
    await waitUntil(() => spendPanel(el)!.querySelector('#spend-import-run'), 'the dry run');
    expect(text(spendPanel(el)!.querySelector('.import-status'))).to.match(/^Check: 1 rows to store/);
    expect((await call(site.adminToken, '/v1/admin/spend')).spend).to.deep.equal([]);
    spendPanel(el)!.querySelector<HTMLButtonElement>('#spend-import-run')!.click();
    await waitUntil(() => spendPanel(el)!.querySelectorAll('.spend-list tbody tr').length === 1, 'the imported entry');
    expect(
      (await call(site.adminToken, '/v1/admin/spend')).spend.map((s: { source: string; amount: number }) => [
        s.source,
        s.amount,
      ]),
    ).to.deep.equal([['google', 5000]]);
  });

  for (const locale of ['en', 'ar'] as const)
    it(`renders the cohort retention table and chart in ${locale}`, async () => {
      const site = await realSiteWithBuyers();
      const el = await asOwner(site, '#/reports');
      el.locale = locale;
      await waitUntil(
        () => inView(el, '.kpis') && view(el)?.host.getAttribute('dir') === (locale === 'ar' ? 'rtl' : 'ltr'),
        'the overview',
      );
      await tab(el, locale === 'ar' ? 'الولاء' : 'Loyalty');
      await waitUntil(() => inView(el, 'input[name="from"]'), 'the customers report');
      await range(el, '2026-01-01', '2026-03-31');
      await waitUntil(() => all(el, '.retention-table tbody tr').length === 2, 'the cohorts');
      const api = await call(site.adminToken, '/v1/admin/reports/customers?from=2026-01-01&to=2026-04-01');
      expect(api.retention).to.deep.equal([
        { cohort: '2026-01', customers: 2, months: [0.5, 0, 0.5, 0, 0, 0] },
        { cohort: '2026-02', customers: 1, months: [1, 0, 0, 0, 0, 0] },
      ]);
      const cells = all(el, '.retention-table tbody tr[data-cohort="2026-01"] td.heat');
      expect(cells.map(text)).to.deep.equal(api.retention[0].months.map((v: number) => percent(v, locale)));
      expect(cells.map((c) => c.className)).to.deep.equal([
        'heat heat-3',
        'heat heat-0',
        'heat heat-3',
        'heat heat-0',
        'heat heat-0',
        'heat heat-0',
      ]);
      expect(all(el, '.retention circle.point').length).to.equal(12);
      expect(text(inView(el, '.loyalty [data-field="medianDaysBetweenPurchases"] dd'))).to.equal(
        new Intl.NumberFormat(locale, {
          style: 'unit',
          unit: 'day',
          unitDisplay: 'long',
          maximumFractionDigits: 1,
        }).format(api.loyalty.medianDaysBetweenPurchases),
      );
      // Month +1 starts at the inline start: on the left in English, on the right in Arabic.
      const xs = all(el, '.retention g[data-cohort="2026-02"] circle.point').map((c) => Number(c.getAttribute('cx')));
      if (locale === 'ar') expect(xs[0]).to.be.greaterThan(xs.at(-1)!);
      else expect(xs[0]).to.be.lessThan(xs.at(-1)!);
      expect(all(el, '[style]').length).to.equal(0);
      await expect(el).to.be.accessible();
    });
});

/**
 * A fresh site with three buyers (USD): ann 2026-01-05 and 02-04 and 04-05,
 * ben 2026-01-20, cy 2026-02-10 and 03-01 → January ½ back in month +1 and +3,
 * February all back in month +1; gaps 30, 60 and 19 days (median 30).
 */
async function realSiteWithBuyers(): Promise<Site> {
  const site: Site = await (await fetch('/test-api/real-site', { method: 'POST' })).json();
  for (const [email, day] of [
    ['ann', '2026-01-05'],
    ['ann', '2026-02-04'],
    ['ann', '2026-04-05'],
    ['ben', '2026-01-20'],
    ['cy', '2026-02-10'],
    ['cy', '2026-03-01'],
  ])
    await call(site.adminToken, '/v1/admin/purchases', 'POST', {
      email: `${email}@shop.test`,
      productName: 'Lamp',
      unitPrice: 1000,
      currency: 'USD',
      purchasedAt: `${day}T10:00:00Z`,
    });
  return site;
}
