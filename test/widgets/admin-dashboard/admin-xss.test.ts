import { expect } from '@open-wc/testing';
import { asOwner, call, realSite, view, waitUntil, type Site } from './admin-page.ts';
import type { LeadlineAdmin } from '../../../widgets/admin-dashboard/admin-dashboard.ts';

/**
 * Every field a visitor or a teammate can write, filled with markup that
 * would run if any view rendered it as HTML, then every admin view opened:
 * nothing may turn into elements, and nothing may run.
 */
const payloads = [
  '<img src=x onerror="window.pwned=1">',
  '"><svg onload="window.pwned=1"></svg>',
  '<script>window.pwned=1</script>',
  '<iframe srcdoc="<script>parent.pwned=1</script>"></iframe>',
];
const hostile = (i: number) => payloads[i % payloads.length]!;
const UA = { 'content-type': 'application/json' };

/** Elements that only an injection could have made (the admin draws none of these itself). */
function injected(root: ShadowRoot | Document): Element[] {
  const found = [...root.querySelectorAll('img, script, iframe, object, embed, [onerror], [onload], [srcdoc]')];
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) found.push(...injected(el.shadowRoot));
  return found;
}

/** The deal pages `seed` made. */
const dealPages: string[] = [];

async function seed(site: Site): Promise<string> {
  const t = site.adminToken;
  const contact = await call(t, '/v1/admin/contacts', 'POST', {
    name: hostile(0),
    email: 'xss@shop.test',
    company: hostile(1),
    phone: '+1 555 0100',
    tags: ['vip'],
    fields: { notes: hostile(2), size: hostile(3) },
  });
  await call(t, `/v1/admin/contacts/${contact.id}/activities`, 'POST', {
    kind: 'call',
    subject: hostile(1),
    body: hostile(2),
    outcome: hostile(3),
  });
  await call(t, `/v1/admin/contacts/${contact.id}/tasks`, 'POST', { title: hostile(0) });
  await call(t, `/v1/admin/contacts/${contact.id}/purchases`, 'POST', {
    productName: hostile(1),
    unitPrice: 4900,
    currency: 'USD',
    instructions: hostile(2),
  });
  await call(t, '/v1/admin/products', 'POST', { name: hostile(3), sku: hostile(0), price: 100, currency: 'USD' });
  await call(t, '/v1/admin/kb', 'POST', {
    locale: 'en',
    title: hostile(0),
    body: `${hostile(1)}\n\n[click](javascript:window.pwned=1)`,
  });
  await call(t, '/v1/admin/segments', 'POST', {
    name: hostile(2),
    definition: { match: 'all', rules: [{ field: 'company', op: 'contains', value: hostile(1) }] },
  });
  await call(t, '/v1/admin/affiliates', 'POST', {
    name: 'partner-x',
    label: hostile(3),
    domains: [],
    commissionType: 'percent',
    commissionValue: 500,
  });
  await call(t, '/v1/admin/users', 'POST', { name: hostile(1), email: 'rep@shop.test', role: 'rep' });
  await call(t, '/v1/admin/canned-replies', 'POST', { locale: 'en', title: hostile(2), body: hostile(3) });
  // A pipeline, its stages, a lost reason and deals named with markup.
  const pipeline = await call(t, '/v1/admin/pipelines', 'POST', {
    name: hostile(1),
    stages: ['open', 'open', 'won', 'lost'].map((kind, i) => ({ name: hostile(i), kind })),
  });
  await call(t, '/v1/admin/settings', 'PATCH', { lostReasons: [hostile(2)] });
  const deal = await call(t, '/v1/admin/deals', 'POST', { title: hostile(3), contactId: contact.id, amount: 100 });
  await call(t, `/v1/admin/deals/${deal.id}/activities`, 'POST', { kind: 'note', subject: hostile(0) });
  const lost = await call(t, '/v1/admin/deals', 'POST', { title: hostile(0), amount: 100 });
  await call(t, `/v1/admin/deals/${lost.id}/move`, 'POST', {
    stageId: pipeline.stages.find((s: { kind: string }) => s.kind === 'lost').id,
    lostReason: hostile(2),
  });
  dealPages.push(`#/deals/${deal.id}`, `#/deals/${lost.id}`);
  // From the open internet: a ticket, a lead with custom answers, and tracked events whose names, campaigns and props carry markup.
  await fetch('/v1/tickets', {
    method: 'POST',
    headers: UA,
    body: JSON.stringify({
      site: site.siteKey,
      name: hostile(0),
      email: 'visitor@shop.test',
      subject: hostile(1),
      body: hostile(2),
      category: 'complaint',
    }),
  });
  await fetch('/v1/leads', {
    method: 'POST',
    headers: UA,
    body: JSON.stringify({
      site: site.siteKey,
      form: 'contact',
      id: crypto.randomUUID(),
      visitor: 'visitor-xss1',
      session: 'session-xss1',
      fields: { email: 'lead@shop.test', name: hostile(3), message: hostile(0) },
      elapsedMs: 5000,
    }),
  });
  const url = `https://shop.example/${encodeURIComponent(hostile(1))}?utm_source=${encodeURIComponent(hostile(0))}&utm_campaign=${encodeURIComponent(hostile(2))}`;
  const base = { visitor: 'visitor-xss1', session: 'session-xss1', ts: Date.now(), url, title: hostile(3) };
  const events = [
    { ...base, id: crypto.randomUUID(), type: 'pageview' },
    { ...base, id: crypto.randomUUID(), type: 'impression', name: hostile(1) },
    {
      ...base,
      id: crypto.randomUUID(),
      type: 'click',
      name: hostile(1),
      props: { price: 4900, currency: 'USD', label: hostile(2) },
    },
    {
      ...base,
      id: crypto.randomUUID(),
      type: 'outbound',
      name: hostile(2),
      props: { affiliate: hostile(3), href: 'https://partner.example/' },
    },
    { ...base, id: crypto.randomUUID(), type: 'conversion', name: hostile(0), value: 4900, currency: 'USD' },
  ];
  expect(
    (await fetch('/v1/events', { method: 'POST', headers: UA, body: JSON.stringify({ site: site.siteKey, events }) }))
      .status,
  ).to.equal(202);
  const company = await call(t, '/v1/admin/companies', 'POST', {
    name: hostile(0),
    domain: 'shop.test',
    industry: hostile(1),
    fields: { note: hostile(2) },
  });
  await call(t, `/v1/admin/companies/${company.id}/contacts`, 'POST', { contactIds: [contact.id] });
  await call(t, '/v1/admin/contacts', 'POST', { name: hostile(3), email: 'other@shop.test' }); // a suggestion
  return contact.id;
}

/** Opens `hash` and waits until the view has loaded (no "Loading…" left). */
async function open(el: LeadlineAdmin, hash: string) {
  location.hash = hash;
  // Route now, not when the hashchange task comes: else the view still shown would pass the wait below.
  dispatchEvent(new HashChangeEvent('hashchange'));
  await el.updateComplete;
  await waitUntil(
    () => view(el) && !/Loading…/.test(view(el)!.textContent ?? '') && (view(el)!.textContent ?? '').length > 40,
    `the view at ${hash}`,
  );
  await new Promise((r) => setTimeout(r, 150));
}

describe('<leadline-admin> with hostile data everywhere', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('renders every field as text in every view; nothing runs', async () => {
    const site = await realSite();
    const contactId = await seed(site);
    const { tickets } = await call(site.adminToken, '/v1/admin/tickets');
    const el = await asOwner(site, '#/contacts');
    const seen: string[] = [];
    for (const hash of [
      '#/contacts',
      `#/contacts/${contactId}`,
      '#/companies',
      `#/companies/${(await call(site.adminToken, '/v1/admin/companies')).companies[0].id}`,
      '#/deals',
      '#/pipelines',
      ...dealPages,
      '#/tasks',
      '#/customers',
      '#/segments',
      '#/tickets',
      `#/tickets/${tickets[0].id}`,
      '#/kb',
      '#/products',
      '#/forms',
      '#/affiliates',
      '#/users',
      '#/settings',
      '#/installation',
      '#/reports',
    ]) {
      await open(el, hash);
      seen.push(view(el)!.textContent ?? '');
      expect(injected(el.shadowRoot!), hash).to.deep.equal([]);
    }
    for (const tab of ['Campaigns', 'Ads & elements', 'Outbound links', 'Price points', 'Service']) {
      [...view(el)!.querySelectorAll<HTMLButtonElement>('.tabs button')].find((b) => b.textContent === tab)!.click();
      await waitUntil(
        () => view(el)!.querySelector('h2')?.textContent === tab && !view(el)!.querySelector('[aria-busy="true"]'),
        tab,
      );
      await new Promise((r) => setTimeout(r, 150));
      seen.push(view(el)!.textContent ?? '');
      expect(injected(el.shadowRoot!), tab).to.deep.equal([]);
    }
    // The markup is there, as text, where the data is shown.
    const text = seen.join('\n');
    for (const p of payloads) expect(text, p).to.contain(p);
    expect((window as unknown as { pwned?: number }).pwned).to.equal(undefined);
  });
});
