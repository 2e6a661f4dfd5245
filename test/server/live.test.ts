import { describe, expect, it } from 'vitest';
import { createSite } from '../../server/db/sites.ts';
import { publishDueTasks } from '../../server/live/due-tasks.ts';
import { createMemoryHub } from '../../server/live/hub.ts';
import { as, eventId, post, testApp, workerRun } from './test-app.ts';

interface Received {
  id?: string;
  event?: string;
  data?: unknown;
  comment?: string;
}

/** Reads a text/event-stream body as it arrives; `until` waits for a condition on what came so far. */
function reader(res: Response) {
  const events: Received[] = [];
  const body = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let waiters: (() => void)[] = [];
  void (async () => {
    for (;;) {
      const { done, value } = await body.read().catch(() => ({ done: true, value: undefined }));
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const e: Received = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) e.comment = line.slice(1).trim();
          else if (line.startsWith('id: ')) e.id = line.slice(4);
          else if (line.startsWith('event: ')) e.event = line.slice(7);
          else if (line.startsWith('data: ')) e.data = JSON.parse(line.slice(6));
        }
        if (e.event || e.comment) events.push(e);
      }
      for (const w of waiters) w();
    }
  })();
  return {
    events,
    /** Only the named events (no heartbeats). */
    named: () => events.filter((e) => e.event),
    async until(check: (events: Received[]) => boolean, ms = 2000): Promise<void> {
      const deadline = Date.now() + ms;
      while (!check(events)) {
        if (Date.now() > deadline) throw new Error(`stream condition not met; got ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 20);
        });
        waiters = [];
      }
    },
    close: () => body.cancel(),
  };
}

const stream = (app: Awaited<ReturnType<typeof testApp>>['app'], token: string, lastEventId?: string) =>
  app.request('/v1/admin/stream', {
    headers: { authorization: `Bearer ${token}`, ...(lastEventId && { 'last-event-id': lastEventId }) },
  });

async function openTicket(t: Awaited<ReturnType<typeof testApp>>, siteKey = t.siteKey) {
  const res = await t.app.request(
    '/v1/tickets',
    post({
      site: siteKey,
      email: 'sara@example.com',
      name: 'Sara',
      subject: 'Broken lamp',
      body: 'The shade is cracked.',
    }),
  );
  const { trackingNumber, token } = (await res.json()) as { trackingNumber: string; token: string };
  const id = String(
    (await t.db.execute({ sql: 'SELECT id FROM tickets WHERE tracking_number = ?', args: [trackingNumber] })).rows[0]!
      .id,
  );
  return { trackingNumber, token, id };
}

const visitorStream = (
  t: Awaited<ReturnType<typeof testApp>>,
  tn: string,
  token: string,
  init: { lastEventId?: string; site?: string } = {},
) =>
  t.app.request(`/v1/tickets/${tn}/stream?site=${init.site ?? t.siteKey}`, {
    headers: { 'x-ticket-token': token, ...(init.lastEventId && { 'last-event-id': init.lastEventId }) },
  });

describe('live updates: admin stream', () => {
  it('is an event stream for bearer tokens only, never a token in the URL', async () => {
    const t = await testApp();
    const res = await stream(t.app, t.adminToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    await res.body!.cancel();
    expect((await t.app.request('/v1/admin/stream')).status).toBe(401);
    const inUrl = await t.app.request(`/v1/admin/stream?token=${t.adminToken}`);
    expect(inUrl.status).toBe(401);
    expect(((await inUrl.json()) as { error: { message: string } }).error.message).toMatch(/refused in URLs/);
  });

  it("carries the site's ticket and lead events with ids, and never another site's", async () => {
    const t = await testApp();
    const other = await createSite(t.writes, { name: 'Other shop' });
    const mine = reader(await stream(t.app, t.adminToken));
    const theirs = reader(await stream(t.app, other.adminToken));

    const ticket = await openTicket(t);
    await t.app.request(
      `/v1/tickets/${ticket.trackingNumber}/messages`,
      post({ site: t.siteKey, body: 'Any news?' }, { 'x-ticket-token': ticket.token }),
    );
    const lead = await t.app.request(
      '/v1/leads',
      post({
        site: t.siteKey,
        form: 'contact',
        id: eventId(),
        fields: { email: 'lead@example.com', name: 'Lee' },
        elapsedMs: 5000,
      }),
    );
    expect(lead.status).toBe(201);
    await mine.until((e) => e.some((x) => x.event === 'lead.created'));
    const otherTicket = await openTicket(t, other.siteKey);
    await theirs.until((e) => e.some((x) => x.event === 'ticket.created'));

    const named = mine.named();
    expect(named.map((e) => e.event)).toEqual(['ticket.created', 'ticket.message', 'lead.created']);
    expect(named[0]!.data).toEqual({ ticketId: ticket.id, trackingNumber: ticket.trackingNumber });
    const messageId = String(
      (await t.db.execute({ sql: "SELECT id FROM ticket_messages WHERE body = 'Any news?'" })).rows[0]!.id,
    );
    expect(named[1]!.data).toEqual({
      ticketId: ticket.id,
      trackingNumber: ticket.trackingNumber,
      messageId,
      from: 'visitor',
      internal: false,
    });
    const contactId = String(
      (await t.db.execute("SELECT id FROM contacts WHERE email = 'lead@example.com'")).rows[0]!.id,
    );
    expect(named[2]!.data).toEqual({ contactId });
    // Every event has an id, and ids only grow.
    const seqs = named.map((e) => Number(e.id!.split('-')[1]));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(3);
    // The other site saw only its own ticket.
    expect(theirs.named().map((e) => e.data)).toEqual([
      { ticketId: otherTicket.id, trackingNumber: otherTicket.trackingNumber },
    ]);
    expect(mine.named()).toHaveLength(3);
    await mine.close();
    await theirs.close();
  });

  it('tells staff about replies, notes, status and contact changes; a notification reaches only its user', async () => {
    const t = await testApp();
    const rep = await t.tokenFor('rep');
    const repId = Number((await t.db.execute("SELECT id FROM users WHERE email = 'rep@example.test'")).rows[0]!.id);
    const owner = reader(await stream(t.app, t.adminToken));
    const repStream = reader(await stream(t.app, rep));
    const ticket = await openTicket(t);
    await t.app.request(
      `/v1/admin/tickets/${ticket.id}/messages`,
      as(t.adminToken, 'POST', { body: 'Refund?', internal: true }),
    );
    await t.app.request(
      `/v1/admin/tickets/${ticket.id}`,
      as(t.adminToken, 'PATCH', { priority: 'high', assigneeId: repId }),
    );
    const contactId = String(
      (await t.db.execute("SELECT id FROM contacts WHERE email = 'sara@example.com'")).rows[0]!.id,
    );
    await t.app.request(`/v1/admin/contacts/${contactId}`, as(t.adminToken, 'PATCH', { company: 'Lamps Ltd' }));
    await owner.until((e) => e.some((x) => x.event === 'contact.updated'));
    await repStream.until((e) => e.some((x) => x.event === 'contact.updated'));

    expect(owner.named().map((e) => e.event)).toEqual([
      'ticket.created',
      'ticket.message',
      'ticket.updated',
      'contact.updated',
    ]);
    expect(owner.named()[1]!.data).toMatchObject({ from: 'staff', internal: true });
    expect(owner.named()[2]!.data).toEqual({
      ticketId: ticket.id,
      trackingNumber: ticket.trackingNumber,
      status: 'open',
      priority: 'high',
      assigneeId: repId,
    });
    expect(owner.named()[3]!.data).toEqual({ contactId });
    const notification = repStream.named().find((e) => e.event === 'notification');
    expect(notification?.data).toEqual({
      kind: 'ticket_assigned',
      ticketId: ticket.id,
      trackingNumber: ticket.trackingNumber,
      subject: 'Broken lamp',
    });
    await owner.close();
    await repStream.close();
  });

  it('tells open pages about every contact change: bulk edits, merges and deletes too', async () => {
    const t = await testApp();
    const owner = reader(await stream(t.app, t.adminToken));
    const create = async (email: string) =>
      (
        (await (await t.app.request('/v1/admin/contacts', as(t.adminToken, 'POST', { email }))).json()) as {
          id: string;
        }
      ).id;
    const [a, b, d] = [await create('a@example.com'), await create('b@example.com'), await create('d@example.com')];
    const updatesOf = () =>
      owner
        .named()
        .filter((e) => e.event === 'contact.updated')
        .map((e) => (e.data as { contactId: string }).contactId);
    await owner.until(() => updatesOf().length === 3);
    await t.app.request('/v1/admin/contacts/bulk', as(t.adminToken, 'POST', { ids: [a, b], stage: 'prospect' }));
    await owner.until(() => updatesOf().length === 5);
    await t.app.request(`/v1/admin/contacts/${a}/merge`, as(t.adminToken, 'POST', { from: b }));
    await owner.until(() => updatesOf().length === 7);
    expect((await t.app.request(`/v1/admin/contacts/${d}`, as(t.adminToken, 'DELETE'))).status).toBe(204);
    await owner.until(() => updatesOf().length === 8);
    expect(updatesOf()).toEqual([a, b, d, a, b, b, a, d]);
    await owner.close();
  });

  it('tells open pages about deal changes: created, moved, deleted', async () => {
    const t = await testApp();
    const owner = reader(await stream(t.app, t.adminToken));
    const { pipelines } = await (await t.app.request('/v1/admin/pipelines', as(t.adminToken))).json();
    const deal = await (await t.app.request('/v1/admin/deals', as(t.adminToken, 'POST', { title: 'Big one' }))).json();
    const to = { stageId: pipelines[0].stages[1].id };
    await t.app.request(`/v1/admin/deals/${deal.id}/move`, as(t.adminToken, 'POST', to));
    await t.app.request(`/v1/admin/deals/${deal.id}`, as(t.adminToken, 'DELETE'));
    const updates = () => owner.named().filter((e) => e.event === 'deal.updated');
    await owner.until(() => updates().length === 3);
    expect(updates().map((e) => e.data)).toEqual(Array(3).fill({ dealId: deal.id, pipelineId: pipelines[0].id }));
    await owner.close();
  });

  it("a notification switched off in a user's bell never reaches their stream; another user's still does", async () => {
    const t = await testApp();
    const rep = await t.tokenFor('rep');
    const other = await t.tokenFor('owner');
    const idOf = async (email: string) =>
      Number((await t.db.execute({ sql: 'SELECT id FROM users WHERE email = ?', args: [email] })).rows[0]!.id);
    const [repId, otherId] = [await idOf('rep@example.test'), await idOf('owner@example.test')];
    const off = await t.app.request(
      '/v1/admin/me/notifications',
      as(rep, 'PUT', { inApp: { ticket_assigned: false } }),
    );
    expect((await off.json()).inApp).toEqual({
      new_lead: true,
      new_ticket: true,
      ticket_assigned: false,
      customer_reply: true,
      task_due: true,
    });
    const repStream = reader(await stream(t.app, rep));
    const otherStream = reader(await stream(t.app, other));
    const first = await openTicket(t);
    const second = await openTicket(t);
    await t.app.request(`/v1/admin/tickets/${first.id}`, as(t.adminToken, 'PATCH', { assigneeId: repId }));
    await t.app.request(`/v1/admin/tickets/${second.id}`, as(t.adminToken, 'PATCH', { assigneeId: otherId }));
    await otherStream.until((e) => e.some((x) => x.event === 'notification'));
    // Both tickets' updates reached the rep (the lists stay live); the notification did not.
    await repStream.until((e) => e.filter((x) => x.event === 'ticket.updated').length === 2);
    expect(repStream.named().filter((e) => e.event === 'notification')).toEqual([]);
    expect(otherStream.named().find((e) => e.event === 'notification')?.data).toMatchObject({ ticketId: second.id });

    // Switched on again, the next assignment rings.
    await t.app.request('/v1/admin/me/notifications', as(rep, 'PUT', { inApp: { ticket_assigned: true } }));
    const third = await openTicket(t);
    await t.app.request(`/v1/admin/tickets/${third.id}`, as(t.adminToken, 'PATCH', { assigneeId: repId }));
    await repStream.until((e) => e.some((x) => x.event === 'notification'));
    expect(repStream.named().find((e) => e.event === 'notification')?.data).toMatchObject({ ticketId: third.id });
    await repStream.close();
    await otherStream.close();
  });

  it('keeps the in-app switches beside the email ones: each changes only itself', async () => {
    const t = await testApp();
    const rep = await t.tokenFor('rep');
    await t.app.request('/v1/admin/me/notifications', as(rep, 'PUT', { inApp: { new_lead: false } }));
    const both = await t.app.request(
      '/v1/admin/me/notifications',
      as(rep, 'PUT', { new_lead: false, task_due: false }),
    );
    expect(await both.json()).toEqual({
      new_lead: false,
      new_ticket: true,
      ticket_assigned: true,
      customer_reply: true,
      task_due: false,
      daily_digest: false,
      inApp: { new_lead: false, new_ticket: true, ticket_assigned: true, customer_reply: true, task_due: true },
    });
    // Another user's switches are their own.
    const owner = await (await t.app.request('/v1/admin/me/notifications', as(t.adminToken))).json();
    expect(owner.inApp.new_lead).toBe(true);
    expect(owner.new_lead).toBe(true);
    const bad = await t.app.request('/v1/admin/me/notifications', as(rep, 'PUT', { inApp: { daily_digest: false } }));
    expect(bad.status).toBe(400);
  });

  it('replays what a reconnect missed after Last-Event-ID; an id of another server process asks for a reload', async () => {
    const t = await testApp();
    const ticket = await openTicket(t);
    const contactId = String(
      (await t.db.execute("SELECT id FROM contacts WHERE email = 'sara@example.com'")).rows[0]!.id,
    );
    const first = reader(await stream(t.app, t.adminToken));
    await t.app.request(`/v1/admin/contacts/${contactId}`, as(t.adminToken, 'PATCH', { company: 'A' }));
    await first.until((e) => e.some((x) => x.event === 'contact.updated'));
    const lastSeen = first.named()[0]!.id!;
    await first.close();

    await t.app.request(`/v1/admin/tickets/${ticket.id}`, as(t.adminToken, 'PATCH', { priority: 'high' }));
    await t.app.request(`/v1/admin/contacts/${contactId}`, as(t.adminToken, 'PATCH', { company: 'B' }));
    const again = reader(await stream(t.app, t.adminToken, lastSeen));
    await again.until((e) => e.filter((x) => x.event).length >= 2);
    expect(again.named().map((e) => e.event)).toEqual(['ticket.updated', 'contact.updated']);
    expect(again.named().map((e) => e.id)).not.toContain(lastSeen);
    await again.close();

    const stranger = reader(await stream(t.app, t.adminToken, 'zzzz-1'));
    await stranger.until((e) => e.some((x) => x.event === 'sync'));
    expect(stranger.named()).toHaveLength(1);
    expect(stranger.named()[0]!.id).toMatch(/^[0-9a-z]+-\d+$/);
    await stranger.close();
  });

  it('lets a browser on another origin send Last-Event-ID (CORS preflight)', async () => {
    const t = await testApp();
    const pre = await t.app.request('/v1/admin/stream', {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-headers': 'authorization, last-event-id' },
    });
    expect(pre.headers.get('access-control-allow-headers')).toContain('last-event-id');
    const pub = await t.app.request('/v1/tickets/LL-0000-0000/stream', {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example' },
    });
    expect(pub.headers.get('access-control-allow-headers')).toContain('last-event-id');
  });

  // The hub's own options (ring size, heartbeat interval, stream cap) are set on the Node app only.
  if (!workerRun()) {
    it('asks for a reload when Last-Event-ID is older than the ring', async () => {
      const t = await testApp({ live: createMemoryHub({ ringSize: 3 }) });
      const ticket = await openTicket(t);
      const contactId = String(
        (await t.db.execute("SELECT id FROM contacts WHERE email = 'sara@example.com'")).rows[0]!.id,
      );
      const change = (company: string) =>
        t.app.request(`/v1/admin/contacts/${contactId}`, as(t.adminToken, 'PATCH', { company }));
      const first = reader(await stream(t.app, t.adminToken));
      await change('A');
      await first.until((e) => e.some((x) => x.event === 'contact.updated'));
      const lastSeen = first.named()[0]!.id!;
      await first.close();
      await t.app.request(`/v1/admin/tickets/${ticket.id}`, as(t.adminToken, 'PATCH', { priority: 'high' }));
      for (const company of ['B', 'C', 'D']) await change(company);
      // The ring of 3 holds B, C, D: the ticket change after `lastSeen` is gone.
      const late = reader(await stream(t.app, t.adminToken, lastSeen));
      await late.until((e) => e.length >= 4);
      expect(late.named().map((e) => e.event)).toEqual([
        'sync',
        'contact.updated',
        'contact.updated',
        'contact.updated',
      ]);
      await late.close();
    });

    it('announces task.due once, as the due time passes, to the assignee only', async () => {
      const hub = createMemoryHub();
      const t = await testApp({ live: hub });
      const rep = await t.tokenFor('rep');
      const repId = Number((await t.db.execute("SELECT id FROM users WHERE email = 'rep@example.test'")).rows[0]!.id);
      const contact = (await (
        await t.app.request('/v1/admin/contacts', as(t.adminToken, 'POST', { email: 'ana@example.com' }))
      ).json()) as { id: string };
      const due = Date.now() + 60_000;
      const task = (await (
        await t.app.request(
          `/v1/admin/contacts/${contact.id}/tasks`,
          as(t.adminToken, 'POST', { title: 'Call Ana', dueAt: due, assigneeId: repId }),
        )
      ).json()) as { id: string };
      const repStream = reader(await stream(t.app, rep));
      const owner = reader(await stream(t.app, t.adminToken));
      expect(await publishDueTasks(t.db, hub, due - 30_000, due - 1)).toBe(0);
      expect(await publishDueTasks(t.db, hub, due - 1, due + 30_000)).toBe(1);
      expect(await publishDueTasks(t.db, hub, due + 30_000, due + 60_000)).toBe(0);
      await repStream.until((e) => e.some((x) => x.event === 'task.due'));
      expect(
        repStream
          .named()
          .filter((e) => e.event === 'task.due')
          .map((e) => e.data),
      ).toEqual([{ taskId: task.id, contactId: contact.id, title: 'Call Ana', dueAt: due }]);
      expect(owner.named().filter((e) => e.event === 'task.due')).toEqual([]);
      await repStream.close();
      await owner.close();
    });

    it('sends a comment heartbeat at the interval, and frees the stream when the client goes', async () => {
      const hub = createMemoryHub({ heartbeatMs: 40 });
      const t = await testApp({ live: hub });
      const res = reader(await stream(t.app, t.adminToken));
      expect(hub.streams).toBe(1);
      await res.until((e) => e.filter((x) => x.comment === 'heartbeat').length >= 2, 1000);
      expect(res.named()).toEqual([]);
      await res.close();
      expect(hub.streams).toBe(0);
    });

    it('answers 503 + Retry-After when the hub is full (clients poll instead), and when the runtime has none', async () => {
      const t = await testApp({ live: createMemoryHub({ maxStreams: 1 }) });
      const one = await stream(t.app, t.adminToken);
      const two = await stream(t.app, t.adminToken);
      expect(two.status).toBe(503);
      expect(two.headers.get('retry-after')).toBe('30');
      await one.body!.cancel();
      expect((await stream(t.app, t.adminToken)).status).toBe(200);
      const none = await testApp({ live: null });
      const res = await stream(none.app, none.adminToken);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    });
  }
});

describe("live updates: the visitor's ticket stream", () => {
  it('shows staff replies and status as the thread does, never internal notes', async () => {
    const t = await testApp();
    await t.writes.run([{ sql: "UPDATE users SET name = 'Sara Khan' WHERE role = 'owner'", args: [] }]);
    const ticket = await openTicket(t);
    const visitor = reader(await visitorStream(t, ticket.trackingNumber, ticket.token));
    await t.app.request(
      `/v1/admin/tickets/${ticket.id}/messages`,
      as(t.adminToken, 'POST', { body: 'Secret: offer a refund', internal: true }),
    );
    await t.app.request(
      `/v1/admin/tickets/${ticket.id}/messages`,
      as(t.adminToken, 'POST', { body: 'A new lamp is on its way.' }),
    );
    await t.app.request(
      `/v1/tickets/${ticket.trackingNumber}/messages`,
      post({ site: t.siteKey, body: 'Thanks!' }, { 'x-ticket-token': ticket.token }),
    );
    await visitor.until(
      (e) => e.filter((x) => x.event === 'message').length === 2 && e.filter((x) => x.event === 'status').length === 2,
    );

    const thread = (await (
      await t.app.request(`/v1/tickets/${ticket.trackingNumber}?site=${t.siteKey}`, {
        headers: { 'x-ticket-token': ticket.token },
      })
    ).json()) as {
      messages: unknown[];
    };
    const messages = visitor
      .named()
      .filter((e) => e.event === 'message')
      .map((e) => e.data);
    // Exactly the thread's last two messages (the staff reply with a first name only, then the visitor's).
    expect(messages).toEqual(thread.messages.slice(1));
    expect(messages[0]).toMatchObject({ author: 'staff', staffName: 'Sara', body: 'A new lamp is on its way.' });
    expect(JSON.stringify(visitor.events)).not.toContain('Secret');
    // Replying made it pending; the visitor's answer reopened it.
    expect(
      visitor
        .named()
        .filter((e) => e.event === 'status')
        .map((e) => e.data),
    ).toEqual([{ status: 'pending' }, { status: 'open' }]);
    await visitor.close();
  });

  it("replays a ticket's missed messages with Last-Event-ID, and carries nothing of other tickets", async () => {
    const t = await testApp();
    const mine = await openTicket(t);
    const other = await openTicket(t);
    const first = reader(await visitorStream(t, mine.trackingNumber, mine.token));
    await t.app.request(
      `/v1/admin/tickets/${mine.id}/messages`,
      as(t.adminToken, 'POST', { body: 'One', status: 'pending' }),
    );
    await first.until((e) => e.some((x) => x.event === 'message'));
    const lastSeen = first.events.filter((e) => e.id).at(-1)!.id!;
    await first.close();
    await t.app.request(
      `/v1/admin/tickets/${other.id}/messages`,
      as(t.adminToken, 'POST', { body: 'For the other ticket' }),
    );
    await t.app.request(`/v1/admin/tickets/${mine.id}/messages`, as(t.adminToken, 'POST', { body: 'Two' }));
    const again = reader(await visitorStream(t, mine.trackingNumber, mine.token, { lastEventId: lastSeen }));
    await again.until((e) => e.some((x) => x.event === 'message'));
    expect(
      again
        .named()
        .filter((e) => e.event === 'message')
        .map((e) => (e.data as { body: string }).body),
    ).toEqual(['Two']);
    await again.close();
  });

  it('opens with presence: the median first response of the last 30 days, once three tickets were answered', async () => {
    const t = await testApp();
    const tickets = [await openTicket(t), await openTicket(t), await openTicket(t)];
    const presence = async () => {
      const s = reader(await visitorStream(t, tickets[0]!.trackingNumber, tickets[0]!.token));
      await s.until((e) => e.some((x) => x.event === 'presence'));
      await s.close();
      expect(s.named()[0]!.event).toBe('presence');
      expect(s.named()[0]!.id).toMatch(/^[0-9a-z]+-\d+$/);
      return s.named()[0]!.data;
    };
    expect(await presence()).toEqual({ typicalReplyMinutes: null });
    const minutes = [4, 10, 30];
    await t.writes.run(
      tickets.map((x, i) => ({
        sql: 'UPDATE tickets SET first_response_at = created_at + ? WHERE id = ?',
        args: [minutes[i]! * 60_000, x.id],
      })),
    );
    expect(await presence()).toEqual({ typicalReplyMinutes: 10 });
  });

  it('shows "Sara is replying…" to the visitor and to colleagues, never replayed', async () => {
    const t = await testApp();
    await t.writes.run([{ sql: "UPDATE users SET name = 'Sara Khan' WHERE role = 'owner'", args: [] }]);
    const rep = await t.tokenFor('rep');
    const ticket = await openTicket(t);
    const visitor = reader(await visitorStream(t, ticket.trackingNumber, ticket.token));
    const colleague = reader(await stream(t.app, rep));
    const typing = await t.app.request(`/v1/admin/tickets/${ticket.id}/typing`, as(t.adminToken, 'POST'));
    expect(typing.status).toBe(204);
    await visitor.until((e) => e.some((x) => x.event === 'typing'));
    await colleague.until((e) => e.some((x) => x.event === 'ticket.typing'));
    expect(visitor.named().find((e) => e.event === 'typing')!.data).toEqual({ staffName: 'Sara' });
    const ownerId = Number((await t.db.execute("SELECT id FROM users WHERE role = 'owner'")).rows[0]!.id);
    expect(colleague.named().find((e) => e.event === 'ticket.typing')!.data).toEqual({
      ticketId: ticket.id,
      userId: ownerId,
      name: 'Sara Khan',
    });
    const before = visitor.named().find((e) => e.event === 'presence')!.id!;
    await visitor.close();
    await colleague.close();
    const again = reader(await visitorStream(t, ticket.trackingNumber, ticket.token, { lastEventId: before }));
    await again.until((e) => e.some((x) => x.event === 'presence'));
    await t.app.request(`/v1/admin/tickets/${ticket.id}/messages`, as(t.adminToken, 'POST', { body: 'Done' }));
    await again.until((e) => e.some((x) => x.event === 'message'));
    expect(again.named().map((e) => e.event)).not.toContain('typing');
    await again.close();
    // Only staff who may answer, only their site's tickets.
    expect(
      (await t.app.request(`/v1/admin/tickets/${ticket.id}/typing`, as(await t.tokenFor('viewer'), 'POST'))).status,
    ).toBe(403);
    const other = await createSite(t.writes, { name: 'Other shop' });
    expect((await t.app.request(`/v1/admin/tickets/${ticket.id}/typing`, as(other.adminToken, 'POST'))).status).toBe(
      404,
    );
  });

  it('answers 404 for a wrong token, another site or an unknown number, like the thread', async () => {
    const t = await testApp();
    const other = await createSite(t.writes, { name: 'Other shop' });
    const ticket = await openTicket(t);
    expect((await visitorStream(t, ticket.trackingNumber, `tt_${'x'.repeat(32)}`)).status).toBe(404);
    expect((await t.app.request(`/v1/tickets/${ticket.trackingNumber}/stream?site=${t.siteKey}`)).status).toBe(404);
    expect((await visitorStream(t, ticket.trackingNumber, ticket.token, { site: other.siteKey })).status).toBe(404);
    expect((await visitorStream(t, 'LL-0000-0000', ticket.token)).status).toBe(404);
    expect((await visitorStream(t, 'not-a-number', ticket.token)).status).toBe(400);
    const ok = await visitorStream(t, ticket.trackingNumber, ticket.token);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    await ok.body!.cancel();
  });
});
