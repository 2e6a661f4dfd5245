import { describe, expect, it } from 'vitest';
import { as, eventId, pageview, post, testApp } from './test-app.ts';

const lead = (siteKey: string, fields: Record<string, string>, visitor = 'visitor-0001') =>
  post({
    site: siteKey,
    form: 'contact',
    id: eventId(),
    visitor,
    session: 'session-0001',
    url: 'https://shop.example/contact',
    fields: { name: 'N', ...fields },
    elapsedMs: 5000,
  });

describe('admin contacts', () => {
  it('lets reps create, read and update contacts; 409 on a taken email', async () => {
    const { app, tokenFor } = await testApp();
    const rep = await tokenFor('rep');
    const res = await app.request(
      '/v1/admin/contacts',
      as(rep, 'POST', {
        email: 'Sam@Example.com',
        name: 'Sam',
        phone: '+1 555 0100',
        tags: ['vip', 'vip', 'expo'],
        fields: { budget: '10k' },
      }),
    );
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({
      email: 'sam@example.com',
      stage: 'lead',
      origin: 'manual',
      tags: ['vip', 'expo'],
      fields: { budget: '10k' },
      stageHistory: [{ from: null, to: 'lead', reason: 'manual' }],
    });
    expect((await app.request('/v1/admin/contacts', as(rep, 'POST', { email: 'sam@example.com' }))).status).toBe(409);

    const updated = await (
      await app.request(
        `/v1/admin/contacts/${created.id}`,
        as(rep, 'PATCH', { company: 'Acme', fields: { size: 12 }, stage: 'prospect' }),
      )
    ).json();
    expect(updated).toMatchObject({ company: 'Acme', fields: { budget: '10k', size: 12 }, stage: 'prospect' });
    expect(updated.stageHistory.map((h: { to: string }) => h.to)).toEqual(['lead', 'prospect']);
    expect((await app.request(`/v1/admin/contacts/${crypto.randomUUID()}`, as(rep))).status).toBe(404);
  });

  it('keeps viewers read-only and integration tokens out', async () => {
    const { app, tokenFor, adminToken } = await testApp();
    const { id } = await (
      await app.request('/v1/admin/contacts', as(adminToken, 'POST', { email: 'v@example.com' }))
    ).json();
    const viewer = await tokenFor('viewer');
    expect((await app.request(`/v1/admin/contacts/${id}`, as(viewer))).status).toBe(200);
    expect((await app.request('/v1/admin/contacts', as(viewer, 'POST', { email: 'w@example.com' }))).status).toBe(403);
    expect((await app.request(`/v1/admin/contacts/${id}`, as(viewer, 'PATCH', { name: 'x' }))).status).toBe(403);
    expect(
      (await app.request(`/v1/admin/contacts/${id}/activities`, as(viewer, 'POST', { kind: 'call' }))).status,
    ).toBe(403);
    expect((await app.request('/v1/admin/contacts', as(await tokenFor('integration')))).status).toBe(403);
  });

  it('searches, filters and paginates', async () => {
    const { app, adminToken } = await testApp();
    for (const [i, name] of ['Ana Lima', 'Bruno Costa', 'Carla Dias', 'Ana Sousa'].entries())
      await app.request(
        '/v1/admin/contacts',
        as(adminToken, 'POST', {
          email: `p${i}@example.com`,
          name,
          tags: i % 2 ? ['vip'] : [],
          stage: i === 3 ? 'customer' : 'lead',
        }),
      );
    const names = async (q: string) =>
      (await (await app.request(`/v1/admin/contacts?${q}`, as(adminToken))).json()).contacts
        .map((c: { name: string }) => c.name)
        .sort();
    expect(await names('q=ana')).toEqual(['Ana Lima', 'Ana Sousa']);
    expect(await names('q=100%25')).toEqual([]);
    expect(await names('tag=vip')).toEqual(['Ana Sousa', 'Bruno Costa']);
    expect(await names('stage=customer')).toEqual(['Ana Sousa']);
    const page1 = await (await app.request('/v1/admin/contacts?limit=3', as(adminToken))).json();
    const page2 = await (
      await app.request(`/v1/admin/contacts?limit=3&cursor=${page1.nextCursor}`, as(adminToken))
    ).json();
    expect([...page1.contacts, ...page2.contacts].map((c: { name: string }) => c.name).sort()).toEqual([
      'Ana Lima',
      'Ana Sousa',
      'Bruno Costa',
      'Carla Dias',
    ]);
    expect(page2.nextCursor).toBeNull();
  });

  it('logs activities; the first one makes a lead a prospect', async () => {
    const { app, siteKey, tokenFor, db } = await testApp();
    await app.request('/v1/leads', lead(siteKey, { email: 'ana@example.com' }));
    const id = String((await db.execute('SELECT id FROM contacts')).rows[0]!.id);
    const rep = await tokenFor('rep');
    const res = await app.request(
      `/v1/admin/contacts/${id}/activities`,
      as(rep, 'POST', { kind: 'call', subject: 'Intro call', outcome: 'interested', durationMinutes: 15 }),
    );
    expect(res.status).toBe(201);
    await app.request(`/v1/admin/contacts/${id}/activities`, as(rep, 'POST', { kind: 'note', body: 'Wants a quote' }));
    const detail = await (await app.request(`/v1/admin/contacts/${id}`, as(rep))).json();
    expect(detail.stage).toBe('prospect');
    expect(detail.stageHistory.map((h: { reason: string }) => h.reason)).toEqual(['form', 'activity']);
    const { activities } = await (await app.request(`/v1/admin/contacts/${id}/activities`, as(rep))).json();
    expect(activities.map((a: { kind: string }) => a.kind)).toEqual(['note', 'call']);
    expect((await app.request(`/v1/admin/contacts/${id}/activities`, as(rep, 'POST', { kind: 'fax' }))).status).toBe(
      400,
    );
  });

  it('makes a lead who comes back in a new session a prospect', async () => {
    const { app, siteKey, db } = await testApp();
    await app.request('/v1/events', post({ site: siteKey, events: [pageview({ ts: Date.now() - 120_000 })] }));
    await app.request('/v1/leads', lead(siteKey, { email: 'ana@example.com' }));
    await app.request(
      '/v1/events',
      post({ site: siteKey, events: [pageview({ session: 'session-0001', ts: Date.now() - 1000 })] }),
    );
    expect((await db.execute('SELECT stage FROM contacts')).rows[0]!.stage).toBe('lead');
    await app.request(
      '/v1/events',
      post({ site: siteKey, events: [pageview({ session: 'session-0002', ts: Date.now() })] }),
    );
    expect((await db.execute('SELECT stage FROM contacts')).rows[0]!.stage).toBe('prospect');
    expect((await db.execute('SELECT reason FROM stage_history ORDER BY id')).rows.map((r) => r.reason)).toEqual([
      'form',
      'return_visit',
    ]);
  });

  it('shows one timeline: anonymous visits before the lead, the submission, activities, stage changes', async () => {
    const { app, siteKey, adminToken, db } = await testApp();
    const t = Date.now() - 600_000;
    await app.request(
      '/v1/events',
      post({
        site: siteKey,
        events: [
          pageview({ ts: t, url: 'https://shop.example/?utm_source=news' }),
          pageview({ ts: t + 1000, type: 'click', name: 'pricing-49', props: { price: 4900, currency: 'USD' } }),
        ],
      }),
    );
    await app.request('/v1/leads', lead(siteKey, { email: 'ana@example.com', message: 'Hello' }));
    const id = String((await db.execute('SELECT id FROM contacts')).rows[0]!.id);
    await app.request(
      `/v1/admin/contacts/${id}/activities`,
      as(adminToken, 'POST', { kind: 'call', outcome: 'booked demo' }),
    );
    const { items, nextCursor } = await (await app.request(`/v1/admin/contacts/${id}/timeline`, as(adminToken))).json();
    expect(nextCursor).toBeNull();
    expect(
      items.map(
        (i: { kind: string; data: { type?: string; to?: string } }) => `${i.kind}:${i.data.type ?? i.data.to ?? ''}`,
      ),
    ).toEqual([
      'stage_change:prospect',
      'activity:',
      'stage_change:lead',
      'form_submit:form_submit',
      'event:click',
      'event:pageview',
    ]);
    const submit = items.find((i: { kind: string }) => i.kind === 'form_submit');
    expect(submit.data.fields).toMatchObject({ email: 'ana@example.com', message: 'Hello' });
    const page = await (await app.request(`/v1/admin/contacts/${id}/timeline?limit=2`, as(adminToken))).json();
    const rest = await (
      await app.request(`/v1/admin/contacts/${id}/timeline?limit=10&cursor=${page.nextCursor}`, as(adminToken))
    ).json();
    expect([...page.items, ...rest.items].map((i: { id: string }) => i.id)).toEqual(
      items.map((i: { id: string }) => i.id),
    );
  });

  it('filters the timeline by kinds on the server, pages within the filter, and refuses unknown kinds', async () => {
    const { app, siteKey, adminToken, db } = await testApp();
    const t = Date.now() - 600_000;
    await app.request(
      '/v1/events',
      post({
        site: siteKey,
        events: [0, 1, 2].map((n) =>
          pageview({ ts: t + n * 1000, url: `https://shop.example/p${n}?utm_source=google&utm_medium=cpc` }),
        ),
      }),
    );
    await app.request('/v1/leads', lead(siteKey, { email: 'ana@example.com' }));
    const id = String((await db.execute('SELECT id FROM contacts')).rows[0]!.id);
    await app.request(`/v1/admin/contacts/${id}/activities`, as(adminToken, 'POST', { kind: 'call' }));
    const get = async (query: string) => app.request(`/v1/admin/contacts/${id}/timeline?${query}`, as(adminToken));
    const kinds = (items: { kind: string }[]) => [...new Set(items.map((i) => i.kind))].sort();

    const views = await (await get('kinds=pageviews')).json();
    expect(views.items).toHaveLength(3);
    expect(kinds(views.items)).toEqual(['event']);
    expect(views.items[0].data).toMatchObject({ type: 'pageview', source: 'google', medium: 'cpc' });
    expect(views.items[0].data.session).toBeTruthy();
    const first = await (await get('kinds=pageviews&limit=2')).json();
    expect(first.items).toHaveLength(2);
    const rest = await (await get(`kinds=pageviews&limit=2&cursor=${first.nextCursor}`)).json();
    expect(rest.nextCursor).toBeNull();
    expect([...first.items, ...rest.items].map((i: { id: string }) => i.id)).toEqual(
      views.items.map((i: { id: string }) => i.id),
    );

    expect(kinds((await (await get('kinds=activities')).json()).items)).toEqual(['activity', 'stage_change']);
    expect(kinds((await (await get('kinds=forms,activities')).json()).items)).toEqual([
      'activity',
      'form_submit',
      'stage_change',
    ]);
    expect((await (await get('kinds=tickets,purchases')).json()).items).toEqual([]);
    expect(kinds((await (await get('')).json()).items)).toEqual(['activity', 'event', 'form_submit', 'stage_change']);
    for (const bad of ['kinds=pageview', 'kinds=', 'kinds=forms,,tickets', 'kinds=events'])
      expect((await get(bad)).status, bad).toBe(400);
  });

  it('merges a duplicate: browsers, submissions, activities and the further stage move over', async () => {
    const { app, siteKey, adminToken, db } = await testApp();
    await app.request('/v1/leads', lead(siteKey, { email: 'ana@work.example', company: 'Acme' }, 'visitor-work'));
    await app.request('/v1/leads', lead(siteKey, { email: 'ana@home.example' }, 'visitor-home'));
    const ids = Object.fromEntries(
      (await db.execute('SELECT id, email FROM contacts')).rows.map((r) => [String(r.email), String(r.id)]),
    );
    const into = ids['ana@work.example']!;
    const from = ids['ana@home.example']!;
    await app.request(`/v1/admin/contacts/${from}`, as(adminToken, 'PATCH', { phone: '+351 900 000 000' }));
    await app.request(
      `/v1/admin/contacts/${from}/activities`,
      as(adminToken, 'POST', { kind: 'email', subject: 'Quote' }),
    );
    const merged = await (
      await app.request(`/v1/admin/contacts/${into}/merge`, as(adminToken, 'POST', { from }))
    ).json();
    expect(merged).toMatchObject({
      email: 'ana@work.example',
      company: 'Acme',
      phone: '+351 900 000 000',
      stage: 'prospect',
    });
    expect(merged.visitors.sort()).toEqual(['visitor-home', 'visitor-work']);
    expect((await db.execute('SELECT count(*) AS n FROM contacts')).rows[0]!.n).toBe(1);
    expect(
      (await db.execute('SELECT count(*) AS n FROM lead_submissions WHERE contact_id = ?', [into])).rows[0]!.n,
    ).toBe(2);
    expect((await app.request(`/v1/admin/contacts/${from}`, as(adminToken))).status).toBe(404);
  });

  it('deletes a contact and what belongs to it (owners only)', async () => {
    const { app, siteKey, adminToken, tokenFor, db } = await testApp();
    await app.request('/v1/leads', lead(siteKey, { email: 'gone@example.com' }));
    const id = String((await db.execute('SELECT id FROM contacts')).rows[0]!.id);
    expect((await app.request(`/v1/admin/contacts/${id}`, as(await tokenFor('rep'), 'DELETE'))).status).toBe(403);
    expect((await app.request(`/v1/admin/contacts/${id}`, as(adminToken, 'DELETE'))).status).toBe(204);
    for (const t of ['contacts', 'contact_visitors', 'stage_history', 'lead_submissions'])
      expect((await db.execute(`SELECT count(*) AS n FROM ${t}`)).rows[0]!.n, t).toBe(0);
  });
});

describe('admin contacts: sorting and bulk changes', () => {
  it('sorts by name with cursor pagination, and applies bulk stage, owner and tag changes', async () => {
    const { app, adminToken, tokenFor } = await testApp();
    const rep = await tokenFor('rep');
    const ids: string[] = [];
    for (const name of ['Zaid', 'amal', 'Basma', 'Omar', 'Dina'])
      ids.push(
        (
          await (
            await app.request(
              '/v1/admin/contacts',
              as(adminToken, 'POST', { name, email: `${name.toLowerCase()}@example.com` }),
            )
          ).json()
        ).id,
      );
    const p1 = await (await app.request('/v1/admin/contacts?sort=name&limit=2', as(rep))).json();
    const p2 = await (
      await app.request(`/v1/admin/contacts?sort=name&limit=2&cursor=${p1.nextCursor}`, as(rep))
    ).json();
    const p3 = await (
      await app.request(`/v1/admin/contacts?sort=name&limit=2&cursor=${p2.nextCursor}`, as(rep))
    ).json();
    expect([...p1.contacts, ...p2.contacts, ...p3.contacts].map((x: { name: string }) => x.name)).toEqual([
      'amal',
      'Basma',
      'Dina',
      'Omar',
      'Zaid',
    ]);
    expect(p3.nextCursor).toBeNull();
    expect((await app.request('/v1/admin/contacts?cursor=bm90LWpzb24', as(rep))).status).toBe(400);

    const { users } = await (await app.request('/v1/admin/users', as(adminToken))).json();
    const repUser = users.find((u: { role: string }) => u.role === 'rep');
    const res = await app.request(
      '/v1/admin/contacts/bulk',
      as(rep, 'POST', { ids: ids.slice(0, 3), stage: 'prospect', ownerId: repUser.id, addTag: 'expo-2026' }),
    );
    expect(res.status).toBe(200);
    await app.request('/v1/admin/contacts/bulk', as(rep, 'POST', { ids: ids.slice(0, 1), addTag: 'expo-2026' }));
    const tagged = await (await app.request('/v1/admin/contacts?tag=expo-2026&sort=name', as(rep))).json();
    expect(
      tagged.contacts.map((x: { name: string; stage: string; ownerId: number; tags: string[] }) => [
        x.name,
        x.stage,
        x.ownerId,
        x.tags,
      ]),
    ).toEqual([
      ['amal', 'prospect', repUser.id, ['expo-2026']],
      ['Basma', 'prospect', repUser.id, ['expo-2026']],
      ['Zaid', 'prospect', repUser.id, ['expo-2026']],
    ]);
    expect(
      (await app.request('/v1/admin/contacts/bulk', as(await tokenFor('viewer'), 'POST', { ids, stage: 'lost' })))
        .status,
    ).toBe(403);
  });
});
