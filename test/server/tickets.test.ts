import { describe, expect, it } from 'vitest';
import { cleanTrackingNumber, newTrackingNumber } from '../../server/tickets/tracking-number.ts';
import { as, pageview, post, testApp } from './test-app.ts';

const withToken = (token: string, init: RequestInit = {}) => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), 'x-ticket-token': token },
});

async function openTicket(t: Awaited<ReturnType<typeof testApp>>, extra: Record<string, unknown> = {}) {
  const res = await t.app.request(
    '/v1/tickets',
    post({
      site: t.siteKey,
      email: 'Sara@Example.com',
      name: 'Sara',
      subject: 'Lamp arrived broken',
      body: 'The shade is cracked.',
      category: 'complaint',
      ...extra,
    }),
  );
  expect(res.status).toBe(201);
  const created = (await res.json()) as { trackingNumber: string; token: string };
  const id = String(
    (await t.db.execute({ sql: 'SELECT id FROM tickets WHERE tracking_number = ?', args: [created.trackingNumber] }))
      .rows[0]!.id,
  );
  return { ...created, id };
}

describe('tickets', () => {
  it('answers “find my request” with 404, not a 5xx, where email is not set up', async () => {
    const { app, siteKey } = await testApp();
    const res = await app.request('/v1/tickets/find', post({ site: siteKey, email: 'sara@example.com' }));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('makes readable, unguessable tracking numbers', () => {
    const n = newTrackingNumber();
    expect(n).toMatch(/^LL-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(new Set(Array.from({ length: 1000 }, newTrackingNumber)).size).toBe(1000);
    expect(cleanTrackingNumber('ll 7k3m 9qxo')).toBe('LL-7K3M-9QX0');
  });

  it('opens a complaint, links a new contact, and reads the thread only with the token', async () => {
    const t = await testApp();
    const { trackingNumber, token, id } = await openTicket(t);
    const { rows } = await t.db.execute(
      'SELECT t.contact_id, c.email, c.origin, t.token_hash FROM tickets t JOIN contacts c ON c.id = t.contact_id',
    );
    expect(rows[0]).toMatchObject({ email: 'sara@example.com', origin: 'ticket' });
    expect(String(rows[0]!.token_hash)).not.toContain(token);
    const thread = await (
      await t.app.request(`/v1/tickets/${trackingNumber}?site=${t.siteKey}`, withToken(token))
    ).json();
    expect(thread).toMatchObject({
      trackingNumber,
      subject: 'Lamp arrived broken',
      category: 'complaint',
      status: 'open',
      messages: [{ author: 'visitor', body: 'The shade is cracked.' }],
    });
    expect(JSON.stringify(thread)).not.toContain(id);

    const wrong = await t.app.request(
      `/v1/tickets/${trackingNumber}?site=${t.siteKey}`,
      withToken('tt_' + 'x'.repeat(32)),
    );
    const none = await t.app.request(`/v1/tickets/${trackingNumber}?site=${t.siteKey}`);
    const unknown = await t.app.request(`/v1/tickets/LL-0000-0000?site=${t.siteKey}`, withToken(token));
    for (const r of [wrong, none, unknown]) {
      expect(r.status).toBe(404);
      expect(await r.json()).toEqual({ error: { code: 'not_found', message: 'no such ticket' } });
    }
    const { createSite } = await import('../../server/db/sites.ts');
    const other = await createSite(t.writes, { name: 'Other' });
    expect((await t.app.request(`/v1/tickets/${trackingNumber}?site=${other.siteKey}`, withToken(token))).status).toBe(
      404,
    );
  });

  it('never shows internal notes to the visitor', async () => {
    const t = await testApp();
    const { trackingNumber, token, id } = await openTicket(t);
    await t.app.request(
      `/v1/admin/tickets/${id}/messages`,
      as(t.adminToken, 'POST', { body: 'Customer sounds upset, offer a refund', internal: true }),
    );
    await t.app.request(
      `/v1/admin/tickets/${id}/messages`,
      as(t.adminToken, 'POST', { body: 'Sorry! A new lamp is on its way.' }),
    );
    const thread = await (
      await t.app.request(`/v1/tickets/${trackingNumber}?site=${t.siteKey}`, withToken(token))
    ).json();
    expect(thread.messages.map((m: { body: string }) => m.body)).toEqual([
      'The shade is cracked.',
      'Sorry! A new lamp is on its way.',
    ]);
    expect(JSON.stringify(thread)).not.toContain('refund');
    const admin = await (await t.app.request(`/v1/admin/tickets/${id}`, as(t.adminToken))).json();
    expect(admin.messages.map((m: { internal: boolean }) => m.internal)).toEqual([false, true, false]);
  });

  it('records first response and resolution times; the visitor replies, then rates once solved', async () => {
    const t = await testApp();
    const { trackingNumber, token, id } = await openTicket(t);
    const created = Number(
      (await t.db.execute({ sql: 'SELECT created_at FROM tickets WHERE id = ?', args: [id] })).rows[0]!.created_at,
    );
    const rate = () =>
      t.app.request(
        `/v1/tickets/${trackingNumber}/rating`,
        withToken(token, post({ site: t.siteKey, rating: 5, comment: 'Quick and kind' })),
      );
    expect((await rate()).status).toBe(409);

    await t.app.request(
      `/v1/admin/tickets/${id}/messages`,
      as(t.adminToken, 'POST', { body: 'Looking into it', internal: true }),
    );
    let ticket = await (await t.app.request(`/v1/admin/tickets/${id}`, as(t.adminToken))).json();
    expect(ticket.firstResponseAt).toBeNull();
    await t.app.request(
      `/v1/admin/tickets/${id}/messages`,
      as(t.adminToken, 'POST', { body: 'A new lamp ships today.' }),
    );
    ticket = await (await t.app.request(`/v1/admin/tickets/${id}`, as(t.adminToken))).json();
    expect(ticket.status).toBe('pending');
    expect(ticket.firstResponseAt).toBeGreaterThanOrEqual(created);

    expect(
      (
        await t.app.request(
          `/v1/tickets/${trackingNumber}/messages`,
          withToken(token, post({ site: t.siteKey, body: 'Thanks!' })),
        )
      ).status,
    ).toBe(201);
    ticket = await (await t.app.request(`/v1/admin/tickets/${id}`, as(t.adminToken))).json();
    expect(ticket).toMatchObject({ status: 'open', awaitingReply: true });

    ticket = await (
      await t.app.request(`/v1/admin/tickets/${id}`, as(t.adminToken, 'PATCH', { status: 'solved', priority: 'high' }))
    ).json();
    expect(ticket).toMatchObject({ status: 'solved', priority: 'high' });
    expect(ticket.solvedAt).toBeGreaterThanOrEqual(ticket.firstResponseAt);
    expect((await rate()).status).toBe(201);
    const thread = await (
      await t.app.request(`/v1/tickets/${trackingNumber}?site=${t.siteKey}`, withToken(token))
    ).json();
    expect(thread.rating).toBe(5);

    await t.app.request(`/v1/admin/tickets/${id}`, as(t.adminToken, 'PATCH', { status: 'closed' }));
    expect(
      (
        await t.app.request(
          `/v1/tickets/${trackingNumber}/messages`,
          withToken(token, post({ site: t.siteKey, body: 'One more thing' })),
        )
      ).status,
    ).toBe(409);
  });

  it('lists the inbox with filters and counts; viewers cannot answer', async () => {
    const t = await testApp();
    const a = await openTicket(t);
    await openTicket(t, { category: 'question', subject: 'Do you ship to Oman?', email: 'omar@example.com' });
    const rep = await t.tokenFor('rep');
    const viewer = await t.tokenFor('viewer');
    await t.app.request(`/v1/admin/tickets/${a.id}/messages`, as(rep, 'POST', { body: 'On it' }));
    const page = await (await t.app.request('/v1/admin/tickets', as(viewer))).json();
    expect(page.tickets).toHaveLength(2);
    expect(page.counts).toEqual({ open: 1, awaitingReply: 1 });
    const complaints = await (await t.app.request('/v1/admin/tickets?category=complaint', as(viewer))).json();
    expect(complaints.tickets.map((x: { subject: string }) => x.subject)).toEqual(['Lamp arrived broken']);
    const search = await (await t.app.request('/v1/admin/tickets?q=oman', as(viewer))).json();
    expect(search.tickets).toHaveLength(1);
    expect((await t.app.request(`/v1/admin/tickets/${a.id}/messages`, as(viewer, 'POST', { body: 'x' }))).status).toBe(
      403,
    );
    expect((await t.app.request(`/v1/admin/tickets/${a.id}`, as(rep, 'PATCH', { assigneeId: 999 }))).status).toBe(400);
  });

  it('puts tickets and feedback on the contact timeline, and queues ticket webhooks', async () => {
    const t = await testApp();
    await t.app.request(
      '/v1/admin/webhooks',
      as(t.adminToken, 'POST', {
        url: 'https://hooks.example/x',
        events: ['ticket.created', 'ticket.replied', 'ticket.solved'],
      }),
    );
    await t.app.request('/v1/events', post({ site: t.siteKey, events: [pageview()] }));
    const { id } = await openTicket(t, { visitor: 'visitor-0001' });
    await t.app.request(
      '/v1/feedback',
      post({ site: t.siteKey, visitor: 'visitor-0001', nps: 9, comment: 'Love the lamps' }),
    );
    await t.app.request(
      `/v1/admin/tickets/${id}/messages`,
      as(t.adminToken, 'POST', { body: 'Replaced', status: 'solved' }),
    );
    const contactId = String((await t.db.execute('SELECT contact_id FROM tickets')).rows[0]!.contact_id);
    const { items } = await (await t.app.request(`/v1/admin/contacts/${contactId}/timeline`, as(t.adminToken))).json();
    expect(items.map((i: { kind: string }) => i.kind)).toEqual(expect.arrayContaining(['ticket', 'feedback', 'event']));
    const { rows } = await t.db.execute('SELECT event_type FROM deliveries ORDER BY id');
    expect(rows.map((r) => r.event_type)).toEqual(['ticket.created', 'ticket.replied', 'ticket.solved']);
  });

  it('validates feedback and rate-limits ticket creation', async () => {
    const t = await testApp({ trustProxy: { mode: 'forwarded' } });
    expect((await t.app.request('/v1/feedback', post({ site: t.siteKey, rating: 6 }))).status).toBe(400);
    expect((await t.app.request('/v1/feedback', post({ site: t.siteKey, rating: 4, nps: 8 }))).status).toBe(400);
    expect((await t.app.request('/v1/feedback', post({ site: t.siteKey, rating: 4 }))).status).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (
          await t.app.request(
            '/v1/tickets',
            post({ site: t.siteKey, subject: 's', body: 'b' }, { 'x-forwarded-for': '198.51.100.3' }),
          )
        ).status,
      );
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
  });
});
