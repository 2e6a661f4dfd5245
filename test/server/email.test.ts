import { afterEach, describe, expect, it } from 'vitest';
import { deliverDueEmails, queueDailyDigests, queueDueTasks } from '../../server/email/outbox.ts';
import { httpMailer } from '../../server/email/mailer.ts';
import { render } from '../../server/email/templates.ts';
import { smtpMailer } from '../../server/email/smtp.ts';
import { smtp } from './smtp-server.ts';
import { as, eventId, post, testApp } from './test-app.ts';

let servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function setup() {
  const mail = await smtp();
  servers.push(mail);
  const t = await testApp({ emailEnabled: true, origins: ['https://shop.example'] });
  await t.app.request(
    '/v1/admin/settings',
    as(t.adminToken, 'PATCH', {
      adminUrl: 'https://shop.example/admin',
      emailFrom: 'help@shop.example',
      accent: '#0a7c59',
    }),
  );
  const mailer = smtpMailer(`smtp://127.0.0.1:${mail.port}`);
  const deliver = (now?: number) =>
    deliverDueEmails({
      db: t.db,
      writes: t.writes,
      mailer,
      from: 'Leadline <no-reply@localhost>',
      now: now ? () => now : undefined,
    });
  return { ...t, mail, deliver };
}

describe('email notifications', () => {
  it('sends the visitor a confirmation whose link opens the thread, and staff replies with a working link', async () => {
    const t = await setup();
    const res = await t.app.request(
      '/v1/tickets',
      post({
        site: t.siteKey,
        email: 'Sara@Example.com',
        name: 'Sara',
        subject: 'Lamp arrived broken',
        body: 'The shade is cracked.',
        category: 'complaint',
        url: 'https://shop.example/help?x=1#top',
      }),
    );
    const { trackingNumber } = await res.json();
    expect(await t.deliver()).toBe(1);
    const [confirmation] = t.mail.received;
    expect(confirmation!.to).toMatchObject({ text: 'sara@example.com' });
    expect(confirmation!.from!.value[0]).toMatchObject({ name: 'Test shop', address: 'help@shop.example' });
    expect(confirmation!.subject).toBe(`We received your request ${trackingNumber}`);
    const link = /https:\/\/shop\.example\/help\?x=1#ll-ticket=(LL-[0-9A-Z-]+)~(tt_[\w-]+)/.exec(confirmation!.text!)!;
    expect(link[1]).toBe(trackingNumber);
    expect(String(confirmation!.html)).toContain('#0a7c59');
    const open = await t.app.request(`/v1/tickets/${trackingNumber}?site=${t.siteKey}`, {
      headers: { 'x-ticket-token': link[2]! },
    });
    expect(open.status).toBe(200);

    const { tickets } = await (await t.app.request('/v1/admin/tickets', as(t.adminToken))).json();
    await t.app.request(
      `/v1/admin/tickets/${tickets[0].id}/messages`,
      as(t.adminToken, 'POST', { body: 'A new lamp ships today.' }),
    );
    await t.app.request(
      `/v1/admin/tickets/${tickets[0].id}/messages`,
      as(t.adminToken, 'POST', { body: 'Internal: refund?', internal: true }),
    );
    await t.deliver();
    const reply = t.mail.received.at(-1)!;
    expect(t.mail.received).toHaveLength(2);
    expect(reply.subject).toBe(`New reply to your request ${trackingNumber}`);
    expect(reply.text).toContain('A new lamp ships today.');
    expect(reply.text).not.toContain('refund');
    const token = /#ll-ticket=[^~]+~(tt_[\w-]+)/.exec(reply.text!)![1]!;
    expect(
      (await t.app.request(`/v1/tickets/${trackingNumber}?site=${t.siteKey}`, { headers: { 'x-ticket-token': token } }))
        .status,
    ).toBe(200);
  });

  it('never links an email to a URL a visitor gave unless it is on one of the site’s allowed origins', async () => {
    const t = await setup();
    const ticket = (url: string, email = 'victim@example.com') =>
      t.app.request('/v1/tickets', post({ site: t.siteKey, email, subject: 'Your order', body: 'Sign in again', url }));
    expect((await ticket('https://evil.example/login')).status).toBe(201);
    const { tickets } = await (await t.app.request('/v1/admin/tickets', as(t.adminToken))).json();
    await t.app.request(`/v1/admin/tickets/${tickets[0].id}/messages`, as(t.adminToken, 'POST', { body: 'Hello' }));
    await t.app.request('/v1/tickets/find', post({ site: t.siteKey, email: 'victim@example.com' }));
    const queued = await t.db.execute("SELECT template, data FROM emails WHERE to_email = 'victim@example.com'");
    expect(queued.rows.map((r) => r.template).sort()).toEqual(['ticket_confirmation', 'ticket_link', 'ticket_reply']);
    expect(JSON.stringify(queued.rows)).not.toMatch(/evil\.example|ll-ticket/);
    await t.deliver();
    expect(t.mail.received.map((m) => `${m.text}${m.html}`).join('')).not.toContain('evil.example');

    // The site's own origin, however the visitor spells it, keeps its link (made as the email is sent).
    await ticket('https://SHOP.example:443/help', 'sara@example.com');
    await t.deliver();
    const toSara = t.mail.received
      .filter((m) => JSON.stringify(m.to).includes('sara@example.com'))
      .map((m) => m.text)
      .join('');
    expect(toSara).toMatch(/https:\/\/shop\.example\/help#ll-ticket=LL-/);

    // With no allowed origins, no visitor-supplied URL is the site's: the email has no link.
    const open = await testApp({ emailEnabled: true });
    const fromShop = {
      site: open.siteKey,
      email: 'a@example.com',
      subject: 's',
      body: 'b',
      url: 'https://shop.example',
    };
    await open.app.request('/v1/tickets', post(fromShop));
    const sent: string[] = [];
    await deliverDueEmails({
      db: open.db,
      writes: open.writes,
      mailer: { send: async (m) => void sent.push(`${m.text}${m.html}`) },
      from: 'x@localhost',
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).not.toMatch(/shop\.example|ll-ticket/);
  });

  it('writes Arabic mail right to left', async () => {
    const t = await setup();
    await t.app.request(
      '/v1/tickets',
      post({
        site: t.siteKey,
        email: 'noura@example.com',
        name: 'نورة',
        subject: 'المصباح مكسور',
        body: 'الغطاء مشقوق',
        locale: 'ar',
        url: 'https://shop.example/',
      }),
    );
    await t.deliver();
    const [m] = t.mail.received;
    expect(m!.subject).toMatch(/^استلمنا طلبك LL-/);
    expect(String(m!.html)).toMatch(/<html lang="ar" dir="rtl">/);
    expect(m!.text).toContain('مرحبًا نورة');
  });

  it('tells reps about new leads, unless they switched it off', async () => {
    const t = await setup();
    const rep = await t.tokenFor('rep');
    const viewer = await t.tokenFor('viewer');
    void viewer;
    await t.app.request(
      '/v1/leads',
      post({
        site: t.siteKey,
        form: 'contact',
        id: eventId(),
        fields: { name: 'Ana <b>', email: 'ana@example.com' },
        elapsedMs: 5000,
      }),
    );
    await t.deliver();
    expect(t.mail.received.map((m) => (m.to && 'text' in m.to ? m.to.text : ''))).toEqual(['rep@example.test']);
    expect(t.mail.received[0]!.subject).toBe('New lead: Ana <b>');
    expect(String(t.mail.received[0]!.html)).toContain('Ana &lt;b&gt;');
    expect(t.mail.received[0]!.text).toContain('https://shop.example/admin#/contacts');

    const prefs = await (await t.app.request('/v1/admin/me/notifications', as(rep, 'PUT', { new_lead: false }))).json();
    expect(prefs).toMatchObject({ new_lead: false, new_ticket: true, daily_digest: false });
    await t.app.request(
      '/v1/leads',
      post({
        site: t.siteKey,
        form: 'contact',
        id: eventId(),
        fields: { name: 'Bo', email: 'bo@example.com' },
        elapsedMs: 5000,
      }),
    );
    await t.deliver();
    expect(t.mail.received).toHaveLength(1);
  });

  it('retries while the SMTP server is down and delivers once it is back, once', async () => {
    const mail = await smtp();
    const port = mail.port;
    await mail.close();
    const t = await testApp({ emailEnabled: true, origins: ['https://shop.example'] });
    await t.app.request(
      '/v1/tickets',
      post({ site: t.siteKey, email: 'sara@example.com', subject: 'Hi', body: 'Hello', url: 'https://shop.example/' }),
    );
    const mailer = smtpMailer(`smtp://127.0.0.1:${port}`);
    const deliver = (now: number) =>
      deliverDueEmails({ db: t.db, writes: t.writes, mailer, from: 'x@localhost', now: () => now });
    let now = Date.now();
    expect(await deliver(now)).toBe(1);
    const failed = (await t.db.execute('SELECT status, attempts, last_error FROM emails')).rows[0]!;
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await deliver(now)).toBe(0); // not due yet: backoff
    const back = await smtp(port);
    servers.push(back);
    now += 61_000;
    expect(await deliver(now)).toBe(1);
    now += 3_600_000;
    expect(await deliver(now)).toBe(0);
    expect(back.received).toHaveLength(1);
    expect((await t.db.execute('SELECT status, attempts FROM emails')).rows[0]).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
    const log = await (await t.app.request('/v1/admin/emails', as(t.adminToken))).json();
    expect(log.emails).toMatchObject([
      { template: 'ticket_confirmation', to: 'sara@example.com', status: 'sent', attempts: 2 },
    ]);
  });

  it('sends “find my request” links only by email, and reminds assignees of due tasks', async () => {
    const t = await setup();
    await t.app.request(
      '/v1/tickets',
      post({
        site: t.siteKey,
        email: 'sara@example.com',
        subject: 'Order 1001',
        body: 'Where is it?',
        url: 'https://shop.example/',
      }),
    );
    await t.deliver();
    const find = await t.app.request('/v1/tickets/find', post({ site: t.siteKey, email: 'SARA@example.com' }));
    expect(find.status).toBe(202);
    expect(await find.json()).toEqual({ ok: true });
    const nobody = await t.app.request('/v1/tickets/find', post({ site: t.siteKey, email: 'nobody@example.com' }));
    expect(await nobody.json()).toEqual({ ok: true });
    await t.deliver();
    expect(t.mail.received.map((m) => m.subject)).toEqual([
      'We received your request ' + /LL-[\w-]+/.exec(t.mail.received[0]!.subject!)![0],
      'Your requests at Test shop',
    ]);

    const rep = await t.tokenFor('rep');
    const contact = await (
      await t.app.request('/v1/admin/contacts', as(rep, 'POST', { name: 'Ana', email: 'ana@example.com' }))
    ).json();
    await t.app.request(
      `/v1/admin/contacts/${contact.id}/tasks`,
      as(rep, 'POST', { title: 'Call Ana back', dueAt: Date.now() + 5 * 60_000 }),
    );
    expect(await queueDueTasks(t.db, t.writes)).toBe(1);
    expect(await queueDueTasks(t.db, t.writes)).toBe(0);
    await t.deliver();
    expect(t.mail.received.at(-1)!.subject).toBe('Task due: Call Ana back');
  });

  it('tells the team in words, not codes: the ticket category and “a visitor” in the email’s language', async () => {
    const t = await setup();
    await t.tokenFor('rep');
    const ticket = { site: t.siteKey, subject: 'Broken lamp', body: 'It arrived cracked.', category: 'order_problem' };
    await t.app.request('/v1/tickets', post(ticket));
    await t.deliver();
    const team = t.mail.received.find((m) => m.subject!.startsWith('New request'))!;
    expect(team.text).toContain('A visitor opened a request (order problem):');
    expect(team.text).not.toContain('order_problem');

    const data = {
      trackingNumber: 'LL-2YQ3-190Z',
      subject: 'مصباح',
      body: '…',
      category: 'order_problem',
      contact: null,
    };
    const site = { name: 'متجر', accent: null };
    expect(render('new_ticket', 'ar', data, site).text).toContain('فتح زائر طلبًا من نوع مشكلة في طلب:');
    expect(render('new_ticket', 'ur', data, site).text).toContain('ایک وزیٹر نے آرڈر کا مسئلہ کی درخواست کھولی');
    expect(render('new_ticket', 'en', { ...data, category: 'something_new' }, site).text).toContain('(something_new)');
  });

  it('sends a daily digest once a day to those who asked for it', async () => {
    const t = await setup();
    const rep = await t.tokenFor('rep');
    await t.tokenFor('viewer');
    await t.app.request('/v1/admin/me/notifications', as(rep, 'PUT', { daily_digest: true }));
    const now = Date.now();
    expect(await queueDailyDigests(t.db, t.writes, now)).toBe(1);
    expect(await queueDailyDigests(t.db, t.writes, now + 3_600_000)).toBe(1); // the same day: the dedupe key holds
    await t.deliver();
    expect(t.mail.received.map((m) => m.subject)).toEqual(['Your day at Test shop']);
  });

  it('can send through an HTTP email API (Workers)', async () => {
    const calls: { url: string; body: Record<string, unknown>; auth: string | null }[] = [];
    const mailer = httpMailer('https://api.resend.test/emails', 're_key', (async (url: string, init: RequestInit) => {
      calls.push({ url, body: JSON.parse(String(init.body)), auth: new Headers(init.headers).get('authorization') });
      return new Response('{}', { status: 200 });
    }) as typeof fetch);
    await mailer.send({
      from: 'a@shop.example',
      to: 'b@example.com',
      subject: 'Hi',
      text: 'Hello',
      html: '<p>Hello</p>',
    });
    expect(calls).toEqual([
      {
        url: 'https://api.resend.test/emails',
        auth: 'Bearer re_key',
        body: { from: 'a@shop.example', to: ['b@example.com'], subject: 'Hi', text: 'Hello', html: '<p>Hello</p>' },
      },
    ]);
  });
});
