import { describe, expect, it } from 'vitest';
import { safeCell } from '../../server/csv.ts';
import { as, eventId, pageview, post, testApp } from './test-app.ts';

const csv = (token: string, text: string, query = '') =>
  [
    '/v1/admin/contacts/import' + query,
    { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: text },
  ] as const;

describe('settings and audit log', () => {
  it('lets owners change settings, validated, and serves them to the widgets', async () => {
    const { app, siteKey, adminToken, tokenFor } = await testApp();
    expect((await app.request('/v1/admin/settings', as(await tokenFor('rep')))).status).toBe(403);
    const before = await (await app.request('/v1/admin/settings', as(adminToken))).json();
    expect(before).toMatchObject({
      timeZone: 'UTC',
      currency: 'USD',
      affiliateParams: ['ref', 'aff', 'via'],
      rateLimits: { leads: 10, events: 0 },
    });
    expect(
      (await app.request('/v1/admin/settings', as(adminToken, 'PATCH', { timeZone: 'Mars/Olympus' }))).status,
    ).toBe(400);
    expect(
      (await app.request('/v1/admin/settings', as(adminToken, 'PATCH', { allowedOrigins: ['shop.example'] }))).status,
    ).toBe(400);
    // Tracking consent and vitals sampling are script attributes (data-consent, data-vitals), not settings.
    expect((await app.request('/v1/admin/settings', as(adminToken, 'PATCH', { consent: 'required' }))).status).toBe(
      400,
    );
    expect((await app.request('/v1/admin/settings', as(adminToken, 'PATCH', { vitalsSampling: 0.5 }))).status).toBe(
      400,
    );
    const after = await (
      await app.request(
        '/v1/admin/settings',
        as(adminToken, 'PATCH', {
          timeZone: 'Asia/Dubai',
          currency: 'AED',
          allowedOrigins: ['https://shop.example'],
          affiliateParams: ['partner'],
          rateLimits: { leads: 3 },
        }),
      )
    ).json();
    expect(after).toMatchObject({
      timeZone: 'Asia/Dubai',
      currency: 'AED',
      affiliateParams: ['partner'],
      rateLimits: { leads: 3, tickets: 5 },
    });
    expect(await (await app.request('/v1/admin/settings', as(adminToken))).json()).toEqual(after);
    const config = await (
      await app.request(`/v1/config?site=${siteKey}`, { headers: { origin: 'https://shop.example' } })
    ).json();
    expect(config).toMatchObject({ site: { name: 'Test shop' } });
    expect(
      (await app.request(`/v1/config?site=${siteKey}`, { headers: { origin: 'https://other.example' } })).status,
    ).toBe(403);
    // The new affiliate parameter is used by ingest.
    await app.request(
      '/v1/events',
      post(
        { site: siteKey, events: [pageview({ url: 'https://shop.example/?partner=acme' })] },
        { origin: 'https://shop.example' },
      ),
    );
    const { sessions } = await (await app.request('/v1/admin/events', as(adminToken))).json();
    expect(Object.values(sessions)[0]).toMatchObject({ affiliate: 'acme', source: 'acme' });
    const { entries } = await (await app.request('/v1/admin/audit-log', as(adminToken))).json();
    expect(entries[0]).toMatchObject({ action: 'settings.update', userName: 'Owner' });
  });

  it('records stage and owner changes, tokens and users in the audit log', async () => {
    const { app, adminToken, tokenFor } = await testApp();
    const contact = await (
      await app.request('/v1/admin/contacts', as(adminToken, 'POST', { email: 'a@example.com' }))
    ).json();
    await app.request(`/v1/admin/contacts/${contact.id}`, as(adminToken, 'PATCH', { stage: 'prospect' }));
    await tokenFor('rep');
    const { tokens } = await (await app.request('/v1/admin/tokens', as(adminToken))).json();
    await app.request(`/v1/admin/tokens/${tokens.at(-1).id}`, as(adminToken, 'DELETE'));
    const { entries } = await (await app.request('/v1/admin/audit-log', as(adminToken))).json();
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['token.revoke', 'contact.update']);
    expect(entries[1]).toMatchObject({ target: contact.id, detail: { stage: 'prospect' } });
  });
});

describe('canned replies', () => {
  it('keeps per-locale replies that reps manage', async () => {
    const { app, adminToken, tokenFor } = await testApp();
    const rep = await tokenFor('rep');
    const made = await (
      await app.request(
        '/v1/admin/canned-replies',
        as(rep, 'POST', { locale: 'ar', title: 'شكر', body: 'شكرًا لتواصلك معنا.' }),
      )
    ).json();
    await app.request(
      '/v1/admin/canned-replies',
      as(rep, 'POST', { locale: 'en', title: 'Thanks', body: 'Thanks for writing.' }),
    );
    const ar = await (await app.request('/v1/admin/canned-replies?locale=ar', as(adminToken))).json();
    expect(ar.replies.map((r: { title: string }) => r.title)).toEqual(['شكر']);
    expect(
      (await app.request(`/v1/admin/canned-replies/${made.id}`, as(await tokenFor('viewer'), 'DELETE'))).status,
    ).toBe(403);
    expect((await app.request(`/v1/admin/canned-replies/${made.id}`, as(rep, 'DELETE'))).status).toBe(204);
  });
});

describe('CSV export and import', () => {
  it('guards cells against formula injection', () => {
    expect(['=1+1', '+33 1', '-x', '@SUM(A1)', 'plain', null].map(safeCell)).toEqual([
      "'=1+1",
      "'+33 1",
      "'-x",
      "'@SUM(A1)",
      'plain',
      '',
    ]);
  });

  it('exports the filtered contacts as CSV, audited', async () => {
    const { app, adminToken } = await testApp();
    await app.request(
      '/v1/admin/contacts',
      as(adminToken, 'POST', { email: 'x@example.com', name: '=HYPERLINK("http://evil")', tags: ['vip'] }),
    );
    await app.request('/v1/admin/contacts', as(adminToken, 'POST', { email: 'y@example.com', name: 'Plain' }));
    const res = await app.request('/v1/admin/contacts.csv?tag=vip', as(adminToken));
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await res.text();
    const lines = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'id,email,name,phone,company,stage,tags,source,medium,campaign,affiliate,created_at,updated_at',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const { entries } = await (await app.request('/v1/admin/audit-log', as(adminToken))).json();
    expect(entries[0]).toMatchObject({ action: 'contacts.export', detail: { rows: 1 } });
  });

  it('imports with a mapping and a dry run, reports bad rows, and is idempotent by email', async () => {
    const { app, adminToken, db } = await testApp();
    const file =
      'E-mail,Full name,Company,Plan,Skip\r\nana@example.com,Ana Lima,Lima & Co,pro,x\r\nnot-an-email,Bad Row,,basic,\r\nomar@example.com,Omar,,basic,\r\n';
    const mapping = encodeURIComponent(
      JSON.stringify({
        'E-mail': 'email',
        'Full name': 'name',
        Company: 'company',
        Plan: 'custom:plan',
        Skip: 'ignore',
      }),
    );
    const dry = await (await app.request(...csv(adminToken, file, `?dryRun=1&mapping=${mapping}`))).json();
    expect(dry).toMatchObject({
      dryRun: true,
      created: 2,
      updated: 0,
      rejected: [{ row: 3, reason: expect.stringContaining('email') }],
    });
    expect((await db.execute('SELECT count(*) AS n FROM contacts')).rows[0]!.n).toBe(0);
    const done = await (await app.request(...csv(adminToken, file, `?mapping=${mapping}`))).json();
    expect(done).toMatchObject({ dryRun: false, created: 2, updated: 0 });
    const again = await (await app.request(...csv(adminToken, file, `?mapping=${mapping}`))).json();
    expect(again).toMatchObject({ created: 0, updated: 2 });
    const { rows } = await db.execute("SELECT name, company, fields FROM contacts WHERE email = 'ana@example.com'");
    expect(rows[0]).toMatchObject({ name: 'Ana Lima', company: 'Lima & Co', fields: '{"plan":"pro"}' });
    expect((await db.execute('SELECT count(*) AS n FROM contacts')).rows[0]!.n).toBe(2);
    expect(
      (
        await app.request('/v1/admin/contacts/import', {
          method: 'POST',
          headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(415);
  });
});

describe('GDPR export and erase', () => {
  it('exports everything about a contact and erases it with its events and messages', async () => {
    const { app, db, siteKey, adminToken, tokenFor } = await testApp();
    await app.request(
      '/v1/events',
      post({ site: siteKey, events: [pageview(), pageview({ visitor: 'someone-else', session: 'session-else' })] }),
    );
    await app.request(
      '/v1/leads',
      post({
        site: siteKey,
        form: 'contact',
        id: eventId(),
        visitor: 'visitor-0001',
        fields: { name: 'Ana', email: 'ana@example.com' },
        elapsedMs: 5000,
      }),
    );
    await app.request(
      '/v1/tickets',
      post({ site: siteKey, visitor: 'visitor-0001', subject: 'Help', body: 'My order' }),
    );
    const id = String((await db.execute("SELECT id FROM contacts WHERE email = 'ana@example.com'")).rows[0]!.id);
    const exported = await (await app.request(`/v1/admin/contacts/${id}/export`, as(adminToken))).json();
    expect(exported.contact.email).toBe('ana@example.com');
    expect(exported.events.length).toBeGreaterThanOrEqual(2); // the pageview and the form_submit
    expect(exported.tickets).toHaveLength(1);
    expect(exported.messages).toHaveLength(1);

    expect(
      (
        await app.request(
          `/v1/admin/contacts/${id}/erase`,
          as(await tokenFor('rep'), 'POST', { confirm: 'ana@example.com' }),
        )
      ).status,
    ).toBe(403);
    expect(
      (await app.request(`/v1/admin/contacts/${id}/erase`, as(adminToken, 'POST', { confirm: 'wrong' }))).status,
    ).toBe(400);
    const erased = await (
      await app.request(`/v1/admin/contacts/${id}/erase`, as(adminToken, 'POST', { confirm: 'ANA@example.com' }))
    ).json();
    expect(erased).toMatchObject({ erased: true });
    expect((await db.execute("SELECT count(*) AS n FROM events WHERE visitor = 'visitor-0001'")).rows[0]!.n).toBe(0);
    expect((await db.execute("SELECT count(*) AS n FROM events WHERE visitor = 'someone-else'")).rows[0]!.n).toBe(1);
    for (const t of ['contacts', 'tickets', 'ticket_messages', 'lead_submissions', 'contact_visitors'])
      expect((await db.execute(`SELECT count(*) AS n FROM ${t}`)).rows[0]!.n, t).toBe(0);
    const { entries } = await (await app.request('/v1/admin/audit-log', as(adminToken))).json();
    expect(entries.map((e: { action: string }) => e.action).slice(0, 2)).toEqual(['contact.erase', 'contact.export']);
  });
});
