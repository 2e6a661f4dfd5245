import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { seedCompanies } from '../../server/demo/seed-companies.ts';
import { createSite } from '../../server/db/sites.ts';
import { normalizeDomain } from '../../server/schemas/companies.ts';
import { as, post, testApp } from './test-app.ts';

type T = Awaited<ReturnType<typeof testApp>>;

const json = async (res: Response | Promise<Response>) => (await res).json();
const createCompany = async (t: T, body: Record<string, unknown>, token = t.adminToken) =>
  t.app.request('/v1/admin/companies', as(token, 'POST', body));
const createContact = async (t: T, body: Record<string, unknown>) =>
  json(t.app.request('/v1/admin/contacts', as(t.adminToken, 'POST', body)));
const csv = (text: string) => Papa.parse<string[]>(text.replace(/^\uFEFF/, '')).data.filter((r) => r.length > 1);
const upload = (token: string, body: string) => ({
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
  body,
});
const audit = async (t: T) =>
  (await json(t.app.request('/v1/admin/audit-log', as(t.adminToken)))).entries.map(
    (e: { action: string; target: string | null }) => `${e.action} ${e.target ?? ''}`.trim(),
  );

describe('companies', () => {
  it('are described in the OpenAPI document', async () => {
    const { app } = await testApp();
    const { paths } = await json(app.request('/v1/openapi.json'));
    for (const path of [
      '/v1/admin/companies',
      '/v1/admin/companies/{id}',
      '/v1/admin/companies/{id}/timeline',
      '/v1/admin/companies/{id}/suggestions',
      '/v1/admin/companies/{id}/contacts',
      '/v1/admin/companies/{id}/contacts/{contactId}',
      '/v1/admin/companies/import',
    ])
      expect(paths, path).toHaveProperty([path]);
    expect(Object.keys(paths['/v1/admin/companies/{id}']).sort()).toEqual(['delete', 'get', 'patch']);
  });

  it('normalise a domain from a URL or a bare domain, and refuse what is none', () => {
    expect(normalizeDomain('https://WWW.Acme.com/about?x=1')).toBe('acme.com');
    expect(normalizeDomain(' acme.COM. ')).toBe('acme.com');
    expect(normalizeDomain('www.shop.acme.co.uk')).toBe('shop.acme.co.uk');
    expect(normalizeDomain('http://acme.com:8080')).toBe('acme.com');
    expect(normalizeDomain('Acme')).toBeNull();
    expect(normalizeDomain('10.0.0.1')).toBeNull();
    expect(normalizeDomain('')).toBeNull();
  });

  it('are created, read, updated and deleted; a taken domain is a 409; audited; company.created queued', async () => {
    const t = await testApp();
    const { app, db, adminToken } = t;
    await app.request('/v1/admin/webhooks', as(adminToken, 'POST', { url: 'https://hooks.example/x' }));
    const res = await createCompany(t, {
      name: 'Acme Ltd',
      domain: 'https://www.ACME.example/about',
      industry: 'Manufacturing',
      size: '51-200',
      fields: { tier: 'gold' },
    });
    expect(res.status).toBe(201);
    const acme = await res.json();
    expect(acme).toMatchObject({
      name: 'Acme Ltd',
      domain: 'acme.example',
      industry: 'Manufacturing',
      size: '51-200',
      ownerId: null,
      fields: { tier: 'gold' },
      people: 0,
    });
    const again = await createCompany(t, { name: 'Acme again', domain: 'acme.example' });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('conflict');
    expect((await createCompany(t, { name: 'Bad', domain: 'not a domain' })).status).toBe(400);
    expect((await createCompany(t, { name: '' })).status).toBe(400);
    expect((await createCompany(t, { name: 'X', size: 'huge' })).status).toBe(400);
    expect((await createCompany(t, { name: 'X', ownerId: 999 })).status).toBe(400);
    expect((await createCompany(t, { name: 'X', unknown: 1 })).status).toBe(400);
    // Two companies without a domain are fine.
    expect((await createCompany(t, { name: 'No web 1' })).status).toBe(201);
    expect((await createCompany(t, { name: 'No web 2', domain: '' })).status).toBe(201);

    const patched = await json(
      app.request(
        `/v1/admin/companies/${acme.id}`,
        as(adminToken, 'PATCH', { industry: null, fields: { region: 'EU' }, domain: 'acme.example' }),
      ),
    );
    expect(patched).toMatchObject({ industry: null, domain: 'acme.example', fields: { tier: 'gold', region: 'EU' } });
    const other = await json(createCompany(t, { name: 'Other', domain: 'other.example' }));
    expect(
      (await app.request(`/v1/admin/companies/${other.id}`, as(adminToken, 'PATCH', { domain: 'acme.example' })))
        .status,
    ).toBe(409);

    const delivery = await db.execute("SELECT payload FROM deliveries WHERE event_type = 'company.created'");
    expect(delivery.rows).toHaveLength(4);
    const payload = JSON.parse(String(delivery.rows[0]!.payload));
    expect(payload).toMatchObject({ type: 'company.created', data: { id: acme.id, domain: 'acme.example' } });

    expect((await app.request(`/v1/admin/companies/${other.id}`, as(adminToken, 'DELETE'))).status).toBe(204);
    expect((await app.request(`/v1/admin/companies/${other.id}`, as(adminToken))).status).toBe(404);
    expect(await audit(t)).toEqual(
      expect.arrayContaining([`company.create ${acme.id}`, `company.update ${acme.id}`, `company.delete ${other.id}`]),
    );
  });

  it('list with search, filters, sort and cursor pages; viewers read only; another site’s ids are 404', async () => {
    const t = await testApp();
    const { app, adminToken, tokenFor, writes } = t;
    const rep = await json(
      app.request('/v1/admin/users', as(adminToken, 'POST', { name: 'Rita', email: 'rita@example.test', role: 'rep' })),
    );
    const rows = [
      { name: 'Beta Foods', domain: 'beta.example', industry: 'Food', size: '1-10' },
      { name: 'alpha labs', domain: 'alpha.example', industry: 'Software', size: '11-50', ownerId: rep.user.id },
      { name: 'Gamma 100%_Co', domain: 'gamma.example', industry: 'software', size: '11-50' },
    ];
    const ids: string[] = [];
    for (const r of rows) ids.push((await json(createCompany(t, r))).id);
    const names = async (query: string, token = adminToken) =>
      (await json(app.request(`/v1/admin/companies?${query}`, as(token)))).companies.map(
        (c: { name: string }) => c.name,
      );
    expect(await names('')).toEqual(['alpha labs', 'Beta Foods', 'Gamma 100%_Co']);
    expect(await names('q=ALPHA')).toEqual(['alpha labs']);
    expect(await names('q=beta.ex')).toEqual(['Beta Foods']);
    expect(await names('q=100%25_')).toEqual(['Gamma 100%_Co']);
    expect(await names('q=%25')).toEqual(['Gamma 100%_Co']);
    expect(await names('industry=Software')).toEqual(['alpha labs', 'Gamma 100%_Co']);
    expect(await names('size=1-10')).toEqual(['Beta Foods']);
    expect(await names(`owner=${rep.user.id}`)).toEqual(['alpha labs']);
    expect(await names('sort=created')).toEqual(['Gamma 100%_Co', 'alpha labs', 'Beta Foods']);
    const first = await json(app.request('/v1/admin/companies?limit=2', as(adminToken)));
    expect(first.companies).toHaveLength(2);
    const second = await json(app.request(`/v1/admin/companies?limit=2&cursor=${first.nextCursor}`, as(adminToken)));
    expect(second.companies.map((c: { name: string }) => c.name)).toEqual(['Gamma 100%_Co']);
    expect(second.nextCursor).toBeNull();
    expect((await app.request('/v1/admin/companies?cursor=abc', as(adminToken))).status).toBe(400);
    expect((await app.request('/v1/admin/companies?size=huge', as(adminToken))).status).toBe(400);
    expect((await app.request('/v1/admin/companies')).status).toBe(401);

    const viewer = await tokenFor('viewer');
    expect(await names('', viewer)).toHaveLength(3);
    expect((await app.request(`/v1/admin/companies/${ids[0]}`, as(viewer))).status).toBe(200);
    expect((await createCompany(t, { name: 'Nope' }, viewer)).status).toBe(403);
    expect((await app.request(`/v1/admin/companies/${ids[0]}`, as(viewer, 'PATCH', { name: 'x' }))).status).toBe(403);
    expect((await app.request(`/v1/admin/companies/${ids[0]}`, as(viewer, 'DELETE'))).status).toBe(403);
    const repToken = await tokenFor('rep');
    expect((await app.request(`/v1/admin/companies/${ids[0]}`, as(repToken, 'DELETE'))).status).toBe(403);
    expect((await app.request(`/v1/admin/companies/${ids[0]}`, as(repToken, 'PATCH', { size: '1-10' }))).status).toBe(
      200,
    );
    expect((await app.request('/v1/admin/companies?format=csv', as(viewer))).status).toBe(403);
    const contact = await createContact(t, { email: 'x@beta.example' });
    expect(
      (await app.request(`/v1/admin/companies/${ids[0]}/contacts`, as(viewer, 'POST', { contactIds: [contact.id] })))
        .status,
    ).toBe(403);
    expect(
      (await app.request(`/v1/admin/companies/${ids[0]}/contacts/${contact.id}`, as(viewer, 'DELETE'))).status,
    ).toBe(403);
    expect((await app.request('/v1/admin/companies/import', upload(viewer, 'name\nX'))).status).toBe(403);

    // Another site sees none of these, and its ids are not found here.
    const elsewhere = await createSite(writes, { name: 'Elsewhere', origins: [] });
    expect((await json(app.request('/v1/admin/companies', as(elsewhere.adminToken)))).companies).toEqual([]);
    for (const [method, path] of [
      ['GET', `/v1/admin/companies/${ids[0]}`],
      ['PATCH', `/v1/admin/companies/${ids[0]}`],
      ['DELETE', `/v1/admin/companies/${ids[0]}`],
      ['GET', `/v1/admin/companies/${ids[0]}/timeline`],
      ['GET', `/v1/admin/companies/${ids[0]}/suggestions`],
      ['DELETE', `/v1/admin/companies/${ids[0]}/contacts/${contact.id}`],
    ] as const)
      expect(
        (await app.request(path, as(elsewhere.adminToken, method, method === 'PATCH' ? {} : undefined))).status,
        path,
      ).toBe(404);
    const theirs = await json(createCompany(t, { name: 'Theirs', domain: 'beta.example' }, elsewhere.adminToken));
    expect(theirs.domain).toBe('beta.example'); // unique per site, not across sites
    // Linking another site's contact, or to another site's company, is a 404; a contact keeps no foreign company.
    expect(
      (
        await app.request(
          `/v1/admin/companies/${theirs.id}/contacts`,
          as(elsewhere.adminToken, 'POST', { contactIds: [contact.id] }),
        )
      ).status,
    ).toBe(404);
    expect(
      (await app.request(`/v1/admin/contacts/${contact.id}`, as(adminToken, 'PATCH', { companyId: theirs.id }))).status,
    ).toBe(400);
    expect((await app.request('/v1/admin/companies/not-a-uuid', as(adminToken))).status).toBe(400);
  });

  it('suggest contacts by email domain (never free-mail), linked only by a call; the contact API shows the link', async () => {
    const t = await testApp();
    const { app, adminToken } = t;
    const acme = await json(createCompany(t, { name: 'Acme', domain: 'acme.example' }));
    const gmail = await json(createCompany(t, { name: 'Google mail', domain: 'gmail.com' }));
    const ana = await createContact(t, { name: 'Ana', email: 'ana@acme.example' });
    const bo = await createContact(t, { name: 'Bo', email: 'bo@acme.example' });
    await createContact(t, { name: 'Cy', email: 'cy@sub.acme.example' });
    const dee = await createContact(t, { name: 'Dee', email: 'dee@gmail.com' });

    const suggested = await json(app.request(`/v1/admin/companies/${acme.id}/suggestions`, as(adminToken)));
    expect(suggested.contacts.map((c: { email: string }) => c.email)).toEqual(['ana@acme.example', 'bo@acme.example']);
    expect((await json(app.request(`/v1/admin/companies/${gmail.id}/suggestions`, as(adminToken)))).contacts).toEqual(
      [],
    );
    // Never automatic: the suggestion links nothing.
    const anaRead = await json(app.request(`/v1/admin/contacts/${ana.id}`, as(adminToken)));
    expect(anaRead).toMatchObject({
      companyId: null,
      companyName: null,
      suggestedCompany: { id: acme.id, name: 'Acme', domain: 'acme.example' },
    });
    expect((await json(app.request(`/v1/admin/contacts/${dee.id}`, as(adminToken)))).suggestedCompany).toBeNull();

    const linked = await json(
      app.request(`/v1/admin/companies/${acme.id}/contacts`, as(adminToken, 'POST', { contactIds: [ana.id, ana.id] })),
    );
    expect(linked).toEqual({ linked: 1 });
    expect(await json(app.request(`/v1/admin/contacts/${ana.id}`, as(adminToken)))).toMatchObject({
      companyId: acme.id,
      companyName: 'Acme',
      suggestedCompany: null,
    });
    expect(
      (await json(app.request(`/v1/admin/companies/${acme.id}/suggestions`, as(adminToken)))).contacts.map(
        (c: { id: string }) => c.id,
      ),
    ).toEqual([bo.id]);
    const listed = await json(app.request(`/v1/admin/contacts?company=${acme.id}`, as(adminToken)));
    expect(listed.contacts.map((c: { name: string; companyName: string }) => [c.name, c.companyName])).toEqual([
      ['Ana', 'Acme'],
    ]);
    // The contacts API links by companyId on create and update.
    const eve = await createContact(t, { name: 'Eve', email: 'eve@else.example', companyId: acme.id });
    expect(eve).toMatchObject({ companyId: acme.id, companyName: 'Acme' });
    expect(
      await json(app.request(`/v1/admin/contacts/${dee.id}`, as(adminToken, 'PATCH', { companyId: gmail.id }))),
    ).toMatchObject({ companyId: gmail.id, companyName: 'Google mail' });
    expect(
      (await app.request(`/v1/admin/contacts/${dee.id}`, as(adminToken, 'PATCH', { companyId: 'nope' }))).status,
    ).toBe(400);
    expect((await json(app.request(`/v1/admin/companies/${acme.id}`, as(adminToken)))).people).toBe(2);

    expect(
      (await app.request(`/v1/admin/companies/${acme.id}/contacts/${ana.id}`, as(adminToken, 'DELETE'))).status,
    ).toBe(204);
    expect(
      (await app.request(`/v1/admin/companies/${acme.id}/contacts/${ana.id}`, as(adminToken, 'DELETE'))).status,
    ).toBe(404);
    expect((await json(app.request(`/v1/admin/contacts/${ana.id}`, as(adminToken)))).companyId).toBeNull();
    expect(
      (await app.request(`/v1/admin/companies/${acme.id}/contacts`, as(adminToken, 'POST', { contactIds: [] }))).status,
    ).toBe(400);
    const unknown = crypto.randomUUID();
    expect(
      (
        await app.request(
          `/v1/admin/companies/${acme.id}/contacts`,
          as(adminToken, 'POST', { contactIds: [bo.id, unknown] }),
        )
      ).status,
    ).toBe(404);
    expect((await json(app.request(`/v1/admin/contacts/${bo.id}`, as(adminToken)))).companyId).toBeNull();
    expect(await audit(t)).toEqual(
      expect.arrayContaining([`company.link ${acme.id}`, `company.unlink ${acme.id}`, `contact.update ${dee.id}`]),
    );
    // Deleting the company unlinks its people; they stay.
    await app.request(`/v1/admin/companies/${acme.id}`, as(adminToken, 'DELETE'));
    expect(await json(app.request(`/v1/admin/contacts/${eve.id}`, as(adminToken)))).toMatchObject({
      companyId: null,
      companyName: null,
    });
  });

  it('show their people’s deals, purchases, open tickets, totals and one combined timeline', async () => {
    const t = await testApp();
    const { app, db, adminToken, siteKey } = t;
    const acme = await json(createCompany(t, { name: 'Acme', domain: 'acme.example' }));
    const ana = await createContact(t, { name: 'Ana', email: 'ana@acme.example', companyId: acme.id });
    const bo = await createContact(t, { name: 'Bo', email: 'bo@acme.example', companyId: acme.id });
    const outsider = await createContact(t, { name: 'Out', email: 'out@else.example' });
    const buy = (contactId: string, unitPrice: number, quantity: number, currency: string) =>
      app.request(
        `/v1/admin/contacts/${contactId}/purchases`,
        as(adminToken, 'POST', { productName: 'Desk', unitPrice, quantity, currency }),
      );
    await buy(ana.id, 10000, 2, 'USD');
    await buy(bo.id, 500, 1, 'USD');
    await buy(bo.id, 3000, 1, 'EUR');
    await buy(outsider.id, 99999, 1, 'USD');
    await app.request(
      `/v1/admin/contacts/${bo.id}/activities`,
      as(adminToken, 'POST', { kind: 'call', subject: 'Intro call', occurredAt: Date.now() + 1000 }),
    );
    await app.request(
      '/v1/tickets',
      post({ site: siteKey, email: 'ana@acme.example', subject: 'Broken lamp', body: 'Help' }),
    );
    await app.request('/v1/tickets', post({ site: siteKey, email: 'out@else.example', subject: 'Other', body: 'x' }));
    // Deals are the deals module's; rows written here as it would.
    const now = Date.now();
    const { rows } = await db.execute({ sql: 'SELECT id FROM sites WHERE key = ?', args: [siteKey] });
    const siteId = Number(rows[0]!.id);
    await db.batch(
      [
        {
          sql: 'INSERT INTO pipelines (id, site_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
          args: ['p1', siteId, 'Sales', now, now],
        },
        {
          sql: `INSERT INTO pipeline_stages (id, site_id, pipeline_id, name, position, probability, kind)
                VALUES ('s1', ?, 'p1', 'Proposal', 1, 50, 'open'), ('s2', ?, 'p1', 'Won', 2, 100, 'won')`,
          args: [siteId, siteId],
        },
        ...[
          ['d1', 'Acme rollout', null, acme.id, 500000, 'USD', 's1', 'open'],
          ['d2', 'Bo add-on', bo.id, null, 20000, 'USD', 's1', 'open'],
          ['d3', 'Acme pilot', null, acme.id, 90000, 'USD', 's2', 'won'],
          ['d4', 'Outsider', outsider.id, null, 1, 'USD', 's1', 'open'],
        ].map((d) => ({
          sql: `INSERT INTO deals (id, site_id, title, contact_id, company_id, amount, currency, pipeline_id, stage_id, status,
                  stage_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'p1', ?, ?, ?, ?, ?)`,
          args: [d[0], siteId, d[1], d[2], d[3], d[4], d[5], d[6], d[7], now, now, now],
        })),
      ],
      'write',
    );

    const detail = await json(app.request(`/v1/admin/companies/${acme.id}`, as(adminToken)));
    expect(detail.contacts.map((c: { name: string }) => c.name)).toEqual(['Ana', 'Bo']);
    expect(detail.deals.map((d: { id: string; stageName: string }) => [d.id, d.stageName]).sort()).toEqual([
      ['d1', 'Proposal'],
      ['d2', 'Proposal'],
      ['d3', 'Won'],
    ]);
    expect(detail.deals.find((d: { id: string }) => d.id === 'd1')).toEqual({
      id: 'd1',
      title: 'Acme rollout',
      amount: 500000,
      currency: 'USD',
      status: 'open',
      stageName: 'Proposal',
      closeDate: null,
      contactId: null,
    });
    expect(detail.purchases).toHaveLength(3);
    expect(detail.tickets.map((x: { subject: string; contactId: string }) => [x.subject, x.contactId])).toEqual([
      ['Broken lamp', ana.id],
    ]);
    expect(detail.totals).toEqual({
      people: 2,
      purchases: [
        { currency: 'EUR', amount: 3000 },
        { currency: 'USD', amount: 20500 },
      ],
      openDeals: [{ currency: 'USD', amount: 520000, count: 2 }],
    });

    const timeline = await json(app.request(`/v1/admin/companies/${acme.id}/timeline?limit=200`, as(adminToken)));
    const items = timeline.items as { kind: string; contactId: string; data: Record<string, unknown> }[];
    expect(new Set(items.map((i) => i.contactId))).toEqual(new Set([ana.id, bo.id]));
    expect(items.filter((i) => i.kind === 'purchase')).toHaveLength(3);
    expect(items.filter((i) => i.kind === 'ticket').map((i) => i.data.subject)).toEqual(['Broken lamp']);
    expect(items[0]).toMatchObject({ kind: 'activity', contactId: bo.id, data: { subject: 'Intro call' } });
    const page = await json(
      app.request(`/v1/admin/companies/${acme.id}/timeline?limit=2&kinds=purchases`, as(adminToken)),
    );
    expect(page.items).toHaveLength(2);
    const rest = await json(
      app.request(
        `/v1/admin/companies/${acme.id}/timeline?limit=2&kinds=purchases&cursor=${page.nextCursor}`,
        as(adminToken),
      ),
    );
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    // A contact's own timeline is unchanged: no contactId on its items.
    const own = await json(app.request(`/v1/admin/contacts/${ana.id}/timeline`, as(adminToken)));
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((i: object) => !('contactId' in i))).toBe(true);
    expect((await app.request(`/v1/admin/companies/${acme.id}/timeline?kinds=nope`, as(adminToken))).status).toBe(400);
  });

  it('export to CSV with hostile cells made safe, and import it back deduplicated by domain', async () => {
    const t = await testApp();
    const { app, adminToken, db } = t;
    await createCompany(t, {
      name: '=HYPERLINK("http://evil.example")',
      domain: 'evil.example',
      industry: '+cmd',
      fields: { note: '@SUM(1)' },
    });
    await createCompany(t, { name: 'Acme, "The" Ltd', domain: 'acme.example', industry: 'Retail', size: '11-50' });
    await createCompany(t, { name: 'No domain Co' });
    const res = await app.request('/v1/admin/companies?format=csv&sort=name', as(adminToken));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const text = await res.text();
    const table = csv(text);
    expect(table[0]).toEqual([
      'id',
      'name',
      'domain',
      'industry',
      'size',
      'owner_id',
      'people',
      'created_at',
      'custom:note',
    ]);
    const byDomain = new Map(table.slice(1).map((r) => [r[2], r]));
    expect(byDomain.get('evil.example')!.slice(1, 4)).toEqual([
      `'=HYPERLINK("http://evil.example")`,
      'evil.example',
      "'+cmd",
    ]);
    expect(byDomain.get('evil.example')![8]).toBe("'@SUM(1)");
    expect(byDomain.get('acme.example')![1]).toBe('Acme, "The" Ltd');

    // Round trip: the same file changes nothing but updates; a new row and bad rows are told apart.
    const edited = `${text.trimEnd()}\r\n,New Co,https://www.new.example/,Food,1-10,,,,\r\n,Dup,NEW.example,,,,,,\r\n,Bad size,bad.example,,huge,,,,\r\n,,nameless.example,,,,,,\r\n`;
    const dry = await json(app.request('/v1/admin/companies/import?dryRun=1', upload(adminToken, edited)));
    expect(dry).toMatchObject({ dryRun: true, created: 1, updated: 3 });
    expect(dry.rejected.map((r: { row: number }) => r.row)).toEqual([6, 7, 8]);
    expect(dry.rejected[0].reason).toContain('appears earlier');
    expect((await db.execute('SELECT count(*) AS n FROM companies')).rows[0]!.n).toBe(3);
    const done = await json(app.request('/v1/admin/companies/import', upload(adminToken, edited)));
    expect(done).toMatchObject({ dryRun: false, created: 1, updated: 3 });
    const names = (await json(app.request('/v1/admin/companies?sort=name', as(adminToken)))).companies.map(
      (c: { name: string; domain: string }) => `${c.name}|${c.domain}`,
    );
    // The leading quote that made the cell safe comes back as text, never as a formula.
    expect(names).toEqual([
      `'=HYPERLINK("http://evil.example")|evil.example`,
      'Acme, "The" Ltd|acme.example',
      'New Co|new.example',
      'No domain Co|null',
    ]);
    const mapped = await json(
      app.request(
        `/v1/admin/companies/import?mapping=${encodeURIComponent(JSON.stringify({ Firma: 'name', Web: 'domain', Branche: 'custom:Sector' }))}`,
        upload(adminToken, 'Firma,Web,Branche\nZeta,zeta.example,Logistics\n'),
      ),
    );
    expect(mapped).toMatchObject({ created: 1, updated: 0, rejected: [] });
    expect((await db.execute("SELECT fields FROM companies WHERE domain = 'zeta.example'")).rows[0]!.fields).toBe(
      '{"sector":"Logistics"}',
    );
    expect((await app.request('/v1/admin/companies/import', upload(adminToken, ''))).status).toBe(400);
    expect((await app.request('/v1/admin/companies/import', { ...as(adminToken, 'POST', { name: 'x' }) })).status).toBe(
      415,
    );
    expect((await app.request('/v1/admin/companies/import?mapping=nope', upload(adminToken, 'name\nX'))).status).toBe(
      400,
    );
    const big = `name,domain\n${'x,'.repeat(1024 * 1024 + 1)}`;
    expect((await app.request('/v1/admin/companies/import', upload(adminToken, big))).status).toBe(413);
    const many = `name\n${Array.from({ length: 5001 }, (_, i) => `Co ${i}`).join('\n')}`;
    expect((await app.request('/v1/admin/companies/import', upload(adminToken, many))).status).toBe(413);
    expect(await audit(t)).toEqual(expect.arrayContaining(['companies.export', 'companies.import']));
    // The contacts' CSV names the linked company.
    const zeta = (await json(app.request('/v1/admin/companies?q=zeta', as(adminToken)))).companies[0];
    await createContact(t, { email: 'zed@zeta.example', company: 'typed by hand', companyId: zeta.id });
    const contactsCsv = csv(await (await app.request('/v1/admin/contacts.csv', as(adminToken))).text());
    expect(contactsCsv[1]![contactsCsv[0]!.indexOf('company')]).toBe('Zeta');
  });

  it('segments select contacts by their company’s industry, size, name, domain and custom fields', async () => {
    const t = await testApp();
    const { app, adminToken } = t;
    const acme = await json(
      createCompany(t, {
        name: 'Acme',
        domain: 'acme.example',
        industry: 'Retail',
        size: '51-200',
        fields: { tier: 'gold' },
      }),
    );
    const beta = await json(
      createCompany(t, { name: 'Beta', domain: 'beta.example', industry: 'Software', size: '1-10' }),
    );
    await createContact(t, { name: 'Ana', email: 'ana@acme.example', companyId: acme.id });
    await createContact(t, { name: 'Bo', email: 'bo@acme.example', companyId: acme.id });
    await createContact(t, { name: 'Cy', email: 'cy@beta.example', companyId: beta.id });
    await createContact(t, { name: 'Dee', email: 'dee@none.example' });
    const members = async (rules: unknown[], match = 'all') => {
      const seg = await json(
        app.request(
          '/v1/admin/segments',
          as(adminToken, 'POST', { name: `s${Math.random()}`, definition: { match, rules } }),
        ),
      );
      const page = await json(app.request(`/v1/admin/contacts?segment=${seg.id}&sort=name`, as(adminToken)));
      expect(seg.count).toBe(page.contacts.length);
      return page.contacts.map((c: { name: string }) => c.name);
    };
    expect(await members([{ field: 'company_industry', op: 'is', value: 'retail' }])).toEqual(['Ana', 'Bo']);
    expect(await members([{ field: 'company_industry', op: 'is_not', value: 'Retail' }])).toEqual(['Cy', 'Dee']);
    expect(await members([{ field: 'company_size', op: 'is', value: '1-10' }])).toEqual(['Cy']);
    expect(await members([{ field: 'company_name', op: 'contains', value: 'et' }])).toEqual(['Cy']);
    expect(await members([{ field: 'company_domain', op: 'exists' }])).toEqual(['Ana', 'Bo', 'Cy']);
    expect(await members([{ field: 'company_domain', op: 'not_exists' }])).toEqual(['Dee']);
    expect(await members([{ field: 'company_custom', key: 'tier', op: 'is', value: 'GOLD' }])).toEqual(['Ana', 'Bo']);
    expect(
      await members(
        [
          { field: 'company_size', op: 'is', value: '1-10' },
          { field: 'name', op: 'is', value: 'dee' },
        ],
        'any',
      ),
    ).toEqual(['Cy', 'Dee']);
    const preview = await app.request(
      '/v1/admin/segments/preview',
      as(adminToken, 'POST', { rules: [{ field: 'company_custom', key: "x') OR 1=1 --", op: 'exists' }] }),
    );
    expect(preview.status).toBe(400);
  });

  it('a person’s export names their company, erase removes the link (not the company), merge keeps either link', async () => {
    const t = await testApp();
    const { app, adminToken, db } = t;
    const acme = await json(createCompany(t, { name: 'Acme', domain: 'acme.example' }));
    const ana = await createContact(t, { name: 'Ana', email: 'ana@acme.example', companyId: acme.id });
    const exported = await json(app.request(`/v1/admin/contacts/${ana.id}/export`, as(adminToken)));
    expect(exported.contact).toMatchObject({ companyId: acme.id, companyName: 'Acme' });
    expect(exported.company).toEqual({ id: acme.id, name: 'Acme', domain: 'acme.example' });
    const erased = await app.request(
      `/v1/admin/contacts/${ana.id}/erase`,
      as(adminToken, 'POST', { confirm: 'ana@acme.example' }),
    );
    expect(erased.status).toBe(200);
    expect((await db.execute('SELECT count(*) AS n FROM contacts')).rows[0]!.n).toBe(0);
    expect(await json(app.request(`/v1/admin/companies/${acme.id}`, as(adminToken)))).toMatchObject({
      name: 'Acme',
      people: 0,
      contacts: [],
    });

    // Merge: the duplicate's link fills a blank; the kept contact's own link wins.
    const beta = await json(createCompany(t, { name: 'Beta', domain: 'beta.example' }));
    const keep = await createContact(t, { name: 'Keep', email: 'keep@x.example' });
    const dup = await createContact(t, { name: 'Dup', email: 'dup@x.example', companyId: acme.id });
    const merged = await json(
      app.request(`/v1/admin/contacts/${keep.id}/merge`, as(adminToken, 'POST', { from: dup.id })),
    );
    expect(merged).toMatchObject({ id: keep.id, companyId: acme.id, companyName: 'Acme' });
    const other = await createContact(t, { name: 'Other', email: 'other@x.example', companyId: beta.id });
    const kept = await json(
      app.request(`/v1/admin/contacts/${keep.id}/merge`, as(adminToken, 'POST', { from: other.id })),
    );
    expect(kept).toMatchObject({ companyId: acme.id });
    expect(await json(app.request(`/v1/admin/companies/${beta.id}`, as(adminToken)))).toMatchObject({ people: 0 });
  });

  it('come with the demo seed: companies with domains, industries and sizes, people linked, one suggestion each', async () => {
    const t = await testApp();
    const siteId = Number(
      (await t.db.execute({ sql: 'SELECT id FROM sites WHERE key = ?', args: [t.siteKey] })).rows[0]!.id,
    );
    await seedCompanies(t.writes, siteId);
    await seedCompanies(t.writes, siteId); // idempotent
    const { companies } = await json(t.app.request('/v1/admin/companies', as(t.adminToken)));
    expect(companies).toHaveLength(5);
    expect(
      companies.every((c: { domain: string; industry: string; size: string }) => c.domain && c.industry && c.size),
    ).toBe(true);
    expect(companies.map((c: { people: number }) => c.people)).toEqual([1, 2, 2, 1, 1]); // Contoso, Fabrikam, Northwind, …;
    for (const c of companies)
      expect(
        (await json(t.app.request(`/v1/admin/companies/${c.id}/suggestions`, as(t.adminToken)))).contacts,
      ).toHaveLength(1);
  });
});
