import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { LeadlineAdmin } from '../../../widgets/admin-dashboard/admin-dashboard.ts';
import type { AdminElement } from '../../../widgets/admin-dashboard/admin-element.ts';
import { asOwner, call, shell, view, waitUntil, type Site } from './admin-page.ts';

const sections = [
  'contacts',
  'companies',
  'deals',
  'pipelines',
  'tasks',
  'customers',
  'reports',
  'segments',
  'tickets',
  'kb',
  'products',
  'forms',
  'affiliates',
  'data',
  'users',
  'settings',
  'installation',
];

/** Every element of the admin, through open shadow roots; what sits inside a scroll box is the box's business. */
function* boxes(root: Element | ShadowRoot): Generator<Element> {
  for (const node of root.children) {
    yield node;
    const style = getComputedStyle(node);
    if (style.overflowX !== 'visible' && node !== document.documentElement) continue;
    if (node.shadowRoot) yield* boxes(node.shadowRoot);
    yield* boxes(node);
  }
}

/** Elements whose rectangle leaves [0, viewport width] — what a reader would have to scroll sideways to see. */
function outside(el: LeadlineAdmin): string[] {
  const out: string[] = [];
  for (const node of boxes(el.shadowRoot!)) {
    const r = node.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    if (Math.round(r.left) < 0 || Math.round(r.right) > innerWidth) {
      const what = `${node.tagName.toLowerCase()}.${node.className}`;
      out.push(`${what} ${Math.round(r.left)}–${Math.round(r.right)}: ${node.textContent!.trim().slice(0, 40)}`);
    }
  }
  return out;
}

/** The view finished loading: its data came and nothing says "Loading…". */
async function settled(el: LeadlineAdmin): Promise<void> {
  await waitUntil(() => {
    const v = view(el)?.host as AdminElement | undefined;
    return (
      v &&
      !(v as unknown as { loading: boolean }).loading &&
      v.shadowRoot!.childElementCount > 0 &&
      !/Loading…|جارٍ التحميل|لوڈ ہو رہا/.test(deepText(v.shadowRoot!))
    );
  }, 'the view loaded');
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
}

function deepText(root: ShadowRoot | Element): string {
  let t = root.textContent ?? '';
  for (const e of root.querySelectorAll('*')) if (e.shadowRoot) t += deepText(e.shadowRoot);
  return t;
}

describe('<leadline-admin> at phone and desktop widths', () => {
  let site: Site;
  let hashes: string[];
  before(async () => {
    site = await (await fetch('/test-api/real-site?demo', { method: 'POST' })).json();
    const daniel = await call(site.adminToken, '/v1/admin/contacts', 'POST', {
      name: 'Daniel Kim',
      email: 'daniel.kim.with.a.long.address@enterprise-example.com',
      company: 'Kim Logistics Intl',
    });
    await call(site.adminToken, `/v1/admin/contacts/${daniel.id}/activities`, 'POST', {
      kind: 'note',
      subject: 'Asked about https://demo.leadline.test/products/standing-desk?utm_source=newsletter_dec',
    });
    await fetch('/v1/tickets', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        site: site.siteKey,
        email: 'daniel.kim.with.a.long.address@enterprise-example.com',
        name: 'Daniel Kim',
        subject: 'My order never arrived',
        body: 'Order 1042, shipped on 2026-11-20.',
        category: 'order_problem',
      }),
    });
    const { tickets } = await call(site.adminToken, '/v1/admin/tickets');
    const kim = await call(site.adminToken, '/v1/admin/companies', 'POST', {
      name: 'Kim Logistics International Holdings',
      domain: 'enterprise-example.com',
      industry: 'Logistics and supply chain',
      size: '1001+',
    });
    await call(site.adminToken, `/v1/admin/companies/${kim.id}/contacts`, 'POST', { contactIds: [daniel.id] });
    const deal = await call(site.adminToken, '/v1/admin/deals', 'POST', {
      title: 'Standing desks for the whole Kim Logistics warehouse office',
      contactId: daniel.id,
      amount: 1_250_000_00,
    });
    hashes = [
      ...sections.map((s) => `#/${s}`),
      `#/contacts/${daniel.id}`,
      `#/companies/${kim.id}`,
      `#/tickets/${tickets[0].id}`,
      `#/deals/${deal.id}`,
    ];
  });
  afterEach(() => setViewport({ width: 800, height: 600 }));

  const runs = [
    ['en', 390],
    ['en', 1280],
    ['ar', 390],
    ['ar', 1280],
    ['ur', 390],
  ] as const;
  for (const [locale, width] of runs) {
    it(`opens every view in ${locale} at ${width} px without sideways scrolling, accessibly`, async () => {
      await setViewport({ width, height: 844 });
      const el = await asOwner(site, hashes[0]!);
      el.locale = locale;
      const problems: Record<string, string[]> = {};
      for (const hash of hashes) {
        location.hash = hash;
        await waitUntil(() => view(el)?.host.getAttribute('dir') === (locale === 'en' ? 'ltr' : 'rtl'), hash);
        await settled(el);
        const found = outside(el);
        const { scrollWidth } = document.documentElement;
        if (scrollWidth > innerWidth) found.unshift(`scrollWidth ${scrollWidth}`);
        if (found.length) problems[hash] = found.slice(0, 6);
        await expect(el, hash).to.be.accessible();
      }
      expect(problems).to.deep.equal({});
    });
  }

  it('collapses the navigation to a menu button under 768 px, showing where you are', async () => {
    await setViewport({ width: 390, height: 844 });
    const el = await asOwner(site, '#/reports');
    const toggle = shell(el).querySelector<HTMLButtonElement>('button[aria-controls="admin-nav"]')!;
    const nav = shell(el).querySelector<HTMLElement>('#admin-nav')!;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(toggle.textContent).to.contain('Reports');
    expect(nav.getBoundingClientRect().height).to.equal(0);
    toggle.click();
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    const current = nav.querySelector<HTMLAnchorElement>('a[aria-current="page"]')!;
    expect(current.textContent).to.equal('Reports');
    expect(current.getBoundingClientRect().height).to.be.above(0);
    await expect(el).to.be.accessible();
    nav.querySelector<HTMLAnchorElement>('a[href="#/tasks"]')!.click();
    await waitUntil(() => toggle.getAttribute('aria-expanded') === 'false', 'the menu closes after a choice');
    expect(toggle.textContent).to.contain('My tasks');
    toggle.click();
    await el.updateComplete;
    nav.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');

    await setViewport({ width: 1280, height: 844 });
    await waitUntil(() => getComputedStyle(toggle).display === 'none', 'no menu button on a desktop');
    expect(nav.getBoundingClientRect().height).to.be.above(0);
  });

  it('puts the first figure of Reports on the first phone screen, the dates folded behind a summary', async () => {
    await setViewport({ width: 390, height: 844 });
    const el = await asOwner(site, '#/reports');
    await waitUntil(() => view(el)!.querySelector('.kpis dd'), 'the figures');
    const details = view(el)!.querySelector('details.controls') as HTMLDetailsElement;
    expect(details.open).to.equal(false);
    expect(details.querySelector('summary')!.textContent).to.match(/^Dates and filters: \w{3} \d+/);
    expect(view(el)!.querySelector('.kpis dd')!.getBoundingClientRect().bottom).to.be.below(innerHeight);
    await expect(el).to.be.accessible();
  });
});
