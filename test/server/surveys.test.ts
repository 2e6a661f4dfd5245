import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createSite } from '../../server/db/sites.ts';
import { deliverDueEmails } from '../../server/email/outbox.ts';
import type { Mailer } from '../../server/email/mailer.ts';
import { as, eventId, pageview, post, testApp, workerRun } from './test-app.ts';

const DAY = 86_400_000;
const UA = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
};

const nps = {
  name: 'NPS after purchase',
  kind: 'nps',
  question: { en: 'How likely are you to recommend us?', ar: 'ما مدى احتمال أن توصي بنا؟' },
};
const choice = {
  name: 'Why did you buy?',
  kind: 'choice',
  question: { en: 'What made you buy?' },
  choices: [
    { id: 'price', label: { en: 'Price', ar: 'السعر', ur: 'قیمت' } },
    { id: 'quality', label: { en: 'Quality' } },
    { id: 'friend', label: { en: 'A friend' } },
  ],
  other: true,
};

type T = Awaited<ReturnType<typeof testApp>>;

async function create(t: T, body: Record<string, unknown>, token = t.adminToken) {
  const res = await t.app.request('/v1/admin/surveys', as(token, 'POST', body));
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string } & Record<string, unknown>;
}

const answer = (t: T, surveyId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.app.request(
    `/v1/surveys/${surveyId}/answers`,
    post({ site: t.siteKey, id: crypto.randomUUID(), ...body }, { ...UA, ...headers }),
  );

const prompt = async (t: T, visitor: string, token?: string) => {
  const res = await t.app.request(
    `/v1/surveys/prompt?site=${t.siteKey}&visitor=${visitor}${token ? `&token=${token}` : ''}`,
  );
  expect(res.status).toBe(200);
  return (await res.json()) as { survey: { id: string } | null; context?: string; token?: string };
};

/**
 * Moves the clock `days` forward: the fake system time on Node; in the Workers run (whose clock the test cannot
 * move) every stored survey time moves back instead, which is the same to the rules.
 */
async function later(t: T, days: number) {
  if (!workerRun()) {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + days * DAY);
    return;
  }
  for (const [table, column] of [
    ['survey_answers', 'created_at'],
    ['survey_dismissals', 'created_at'],
    ['tickets', 'solved_at'],
  ])
    await t.db.execute({ sql: `UPDATE ${table} SET ${column} = ${column} - ?`, args: [days * DAY] });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('public survey endpoints', () => {
  it('serves an active survey of the site with CORS; 404 for unknown, inactive and other sites’ ids', async () => {
    const t = await testApp({ origins: ['https://shop.example'] });
    const s = await create(t, choice);
    const res = await t.app.request(`/v1/surveys/${s.id}?site=${t.siteKey}`, {
      headers: { origin: 'https://shop.example' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(await res.json()).toEqual({
      id: s.id,
      kind: 'choice',
      question: { en: 'What made you buy?' },
      choices: choice.choices,
      multiple: false,
      other: true,
      why: true,
      capDays: 90,
    });
    const refused = await t.app.request(`/v1/surveys/${s.id}?site=${t.siteKey}`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(refused.status).toBe(403);
    expect((await t.app.request(`/v1/surveys/${crypto.randomUUID()}?site=${t.siteKey}`)).status).toBe(404);
    expect((await t.app.request(`/v1/surveys/not-a-uuid?site=${t.siteKey}`)).status).toBe(400);
    expect((await t.app.request(`/v1/surveys/${s.id}?site=pk_unknownsite123`)).status).toBe(404);
    const other = await createSite(t.writes, { name: 'Other', origins: [] });
    expect((await t.app.request(`/v1/surveys/${s.id}?site=${other.siteKey}`)).status).toBe(404);
    const answered = await t.app.request(
      `/v1/surveys/${s.id}/answers`,
      post({ site: other.siteKey, id: crypto.randomUUID(), choice: ['price'] }, UA),
    );
    expect(answered.status).toBe(404);
    await t.app.request(`/v1/admin/surveys/${s.id}`, as(t.adminToken, 'PATCH', { active: false }));
    expect((await t.app.request(`/v1/surveys/${s.id}?site=${t.siteKey}`)).status).toBe(404);
    expect((await answer(t, s.id, { choice: ['price'] })).status).toBe(404);
    expect((await t.db.execute('SELECT count(*) AS n FROM survey_answers')).rows[0]!.n).toBe(0);
  });

  it('checks answers against the survey: score ranges by kind, known choices, one unless multiple', async () => {
    const t = await testApp();
    const n = await create(t, nps);
    const csat = await create(t, { name: 'CSAT', kind: 'csat', question: { en: 'Happy?' } });
    const c = await create(t, choice);
    const multi = await create(t, { ...choice, name: 'Many', multiple: true });
    await t.app.request('/v1/admin/settings', as(t.adminToken, 'PATCH', { rateLimits: { feedback: 100 } }));
    const bad = async (id: string, body: Record<string, unknown>) => {
      const res = await answer(t, id, body);
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('validation_failed');
    };
    await bad(n.id, { score: 11 });
    await bad(n.id, { score: -1 });
    await bad(n.id, { score: 7.5 });
    await bad(n.id, {});
    await bad(n.id, { score: 7, choice: ['price'] });
    await bad(csat.id, { score: 0 });
    await bad(csat.id, { score: 6 });
    await bad(c.id, { choice: ['nope'] });
    await bad(c.id, { choice: ['price', 'quality'] });
    await bad(c.id, { choice: ['price'], other: 'also' });
    await bad(c.id, { score: 3, choice: ['price'] });
    await bad(c.id, {});
    await bad(multi.id, { choice: ['price', 'price'] });
    await bad(n.id, { score: 9, comment: 'x'.repeat(2001) });
    expect((await answer(t, n.id, { score: 0 })).status).toBe(201);
    expect((await answer(t, n.id, { score: 10, comment: 'Great' })).status).toBe(201);
    expect((await answer(t, csat.id, { score: 5 })).status).toBe(201);
    expect((await answer(t, csat.id, { score: 1 })).status).toBe(201);
    expect((await answer(t, c.id, { other: 'An ad on the radio' })).status).toBe(201);
    expect((await answer(t, multi.id, { choice: ['price', 'quality'], other: 'x' })).status).toBe(201);
    expect((await t.db.execute('SELECT count(*) AS n FROM survey_answers')).rows[0]!.n).toBe(6);
  });

  it('refuses malformed, oversized and wrongly typed bodies with a 4xx and stores nothing', async () => {
    const t = await testApp();
    const s = await create(t, nps);
    const url = `/v1/surveys/${s.id}/answers`;
    const raw = (body: string, headers: Record<string, string> = {}) =>
      t.app.request(url, { method: 'POST', headers: { 'content-type': 'text/plain', ...UA, ...headers }, body });
    expect((await raw('{"site":')).status).toBe(400);
    expect((await raw('[]')).status).toBe(400);
    expect((await raw(JSON.stringify({ site: t.siteKey, id: 'nope', score: 5 }))).status).toBe(400);
    const big = await raw(
      JSON.stringify({ site: t.siteKey, id: crypto.randomUUID(), score: 5, comment: 'x'.repeat(20_000) }),
    );
    expect(big.status).toBe(413);
    expect((await raw('{}', { 'content-type': 'application/xml' })).status).toBe(415);
    const dismiss = await t.app.request(
      `/v1/surveys/${s.id}/dismiss`,
      post({ site: t.siteKey, visitor: 'x'.repeat(2000) }),
    );
    expect(dismiss.status).toBe(413);
    expect((await t.db.execute('SELECT count(*) AS n FROM survey_answers')).rows[0]!.n).toBe(0);
  });

  it('stores a resent answer id once, with one webhook, and rate-limits by address', async () => {
    const t = await testApp();
    const s = await create(t, nps);
    await t.writes.run([
      {
        sql: `INSERT INTO webhooks (site_id, url, secret, events, created_at)
              SELECT id, 'https://hooks.example/x', 'secret', '["survey.answered"]', 0 FROM sites`,
        args: [],
      },
    ]);
    const id = crypto.randomUUID();
    const body = { id, score: 9, comment: 'Fast delivery', visitor: 'visitor-0001' };
    const results = await Promise.all([answer(t, s.id, body), answer(t, s.id, body)]);
    expect(results.map((r) => r.status)).toEqual([201, 201]);
    expect((await answer(t, s.id, { ...body, score: 2 })).status).toBe(201);
    const { rows } = await t.db.execute('SELECT score, comment FROM survey_answers');
    expect(rows).toEqual([expect.objectContaining({ score: 9, comment: 'Fast delivery' })]);
    const deliveries = await t.db.execute('SELECT event_type, payload FROM deliveries');
    expect(deliveries.rows).toHaveLength(1);
    const payload = JSON.parse(String(deliveries.rows[0]!.payload));
    expect(payload).toMatchObject({
      type: 'survey.answered',
      data: {
        answer: { id, score: 9, comment: 'Fast delivery', choices: [], source: 'direct' },
        survey: { id: s.id, kind: 'nps', name: 'NPS after purchase' },
        contact: null,
      },
    });
    await t.app.request('/v1/admin/settings', as(t.adminToken, 'PATCH', { rateLimits: { feedback: 5 } }));
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await answer(t, s.id, { score: 5 })).status);
    expect(statuses).toEqual([201, 201, 429]);
    const over = await t.app.request(
      `/v1/surveys/${s.id}/dismiss`,
      post({ site: t.siteKey, visitor: 'visitor-0001' }, UA),
    );
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('stores the session’s attribution; identify joins an anonymous answer to the contact', async () => {
    const t = await testApp();
    const s = await create(t, nps);
    await t.app.request(
      '/v1/events',
      post(
        {
          site: t.siteKey,
          events: [pageview({ url: 'https://shop.example/?utm_source=news&utm_medium=email&utm_campaign=dec' })],
        },
        UA,
      ),
    );
    expect(
      (await answer(t, s.id, { score: 3, visitor: 'visitor-0001', session: 'session-0001', comment: 'Slow' })).status,
    ).toBe(201);
    const before = await t.db.execute('SELECT contact_id, source, medium, campaign FROM survey_answers');
    expect(before.rows[0]).toMatchObject({ contact_id: null, source: 'news', medium: 'email', campaign: 'dec' });
    await t.app.request(
      '/v1/events',
      post(
        {
          site: t.siteKey,
          events: [pageview({ id: eventId(), type: 'identify', props: { email: 'sara@example.com' } })],
        },
        UA,
      ),
    );
    const contact = (await t.db.execute("SELECT id FROM contacts WHERE email = 'sara@example.com'")).rows[0]!.id;
    const after = await t.db.execute('SELECT contact_id FROM survey_answers');
    expect(after.rows[0]!.contact_id).toBe(contact);
    const timeline = await (
      await t.app.request(`/v1/admin/contacts/${contact}/timeline?kinds=tickets`, as(t.adminToken))
    ).json();
    expect(timeline.items).toEqual([
      expect.objectContaining({
        kind: 'survey_answer',
        data: expect.objectContaining({ survey: 'NPS after purchase', kind: 'nps', score: 3, comment: 'Slow' }),
      }),
    ]);
    const exported = await (await t.app.request(`/v1/admin/contacts/${contact}/export`, as(t.adminToken))).json();
    expect(exported.surveyAnswers).toEqual([expect.objectContaining({ score: 3, comment: 'Slow' })]);
  });

  it('prompts a visits survey on the Nth session, capped by answers and dismissals (clock moved)', async () => {
    const t = await testApp();
    const s = await create(t, { ...nps, trigger: 'visits', visitsN: 2, capDays: 30 });
    const visit = (session: string, extra: Record<string, unknown> = {}) =>
      t.app.request(
        '/v1/events',
        post({ site: t.siteKey, events: [pageview({ id: eventId(), session, ...extra })] }, UA),
      );
    expect(await prompt(t, 'visitor-0001')).toEqual({ survey: null });
    await visit('session-0001', { type: 'identify', props: { email: 'omar@example.com' } });
    expect(await prompt(t, 'visitor-0001')).toEqual({ survey: null });
    await visit('session-0002');
    const due = await prompt(t, 'visitor-0001');
    expect(due).toMatchObject({ survey: { id: s.id, kind: 'nps' }, context: 'visits' });
    const dismissed = await t.app.request(
      `/v1/surveys/${s.id}/dismiss`,
      post({ site: t.siteKey, visitor: 'visitor-0001' }, UA),
    );
    expect(dismissed.status).toBe(204);
    expect(await t.db.execute('SELECT count(*) AS n FROM survey_answers').then((r) => r.rows[0]!.n)).toBe(0);
    expect(await prompt(t, 'visitor-0001')).toEqual({ survey: null });
    await later(t, 29);
    expect(await prompt(t, 'visitor-0001')).toEqual({ survey: null });
    await later(t, 1);
    expect((await prompt(t, 'visitor-0001')).survey?.id).toBe(s.id);
    // An answer from another browser of the same contact caps this one too.
    await visit('session-0003', { visitor: 'visitor-0002', type: 'identify', props: { email: 'omar@example.com' } });
    expect((await answer(t, s.id, { score: 8, visitor: 'visitor-0002' })).status).toBe(201);
    expect(await prompt(t, 'visitor-0001')).toEqual({ survey: null });
    await later(t, 31);
    expect((await prompt(t, 'visitor-0001')).survey?.id).toBe(s.id);
  });

  it('prompts a ticket_solved survey after a solved ticket, once per ticket, never during a chat', async () => {
    const t = await testApp();
    const s = await create(t, {
      name: 'Support CSAT',
      kind: 'csat',
      question: { en: 'How did we do?' },
      trigger: 'ticket_solved',
      capDays: 0,
    });
    const created = await t.app.request(
      '/v1/tickets',
      post(
        {
          site: t.siteKey,
          visitor: 'visitor-0001',
          email: 'lina@example.com',
          subject: 'Late order',
          body: 'Where is it?',
        },
        UA,
      ),
    );
    const { trackingNumber } = await created.json();
    const ticketId = (await t.db.execute('SELECT id FROM tickets')).rows[0]!.id as string;
    // An open ticket with a fresh message is a chat in progress.
    expect(await prompt(t, 'visitor-0001')).toEqual({ survey: null });
    const solved = await t.app.request(
      `/v1/admin/tickets/${ticketId}`,
      as(t.adminToken, 'PATCH', { status: 'solved' }),
    );
    expect(solved.status).toBe(200);
    expect(trackingNumber).toMatch(/^LL-/);
    expect(await prompt(t, 'visitor-0001')).toMatchObject({ survey: { id: s.id }, context: 'ticket' });
    expect((await answer(t, s.id, { score: 4, visitor: 'visitor-0001' })).status).toBe(201);
    expect((await t.db.execute('SELECT ticket_id, contact_id FROM survey_answers')).rows[0]!.ticket_id).toBe(ticketId);
    expect(await prompt(t, 'visitor-0001')).toEqual({ survey: null });
  });

  it('expires the ticket survey 14 days after the ticket was solved (moved clock)', async () => {
    const t = await testApp();
    await create(t, {
      name: 'Support CSAT',
      kind: 'csat',
      question: { en: 'How did we do?' },
      trigger: 'ticket_solved',
    });
    await t.app.request(
      '/v1/tickets',
      post(
        {
          site: t.siteKey,
          visitor: 'visitor-0001',
          email: 'lina@example.com',
          subject: 'Late order',
          body: 'Where is it?',
        },
        UA,
      ),
    );
    const ticketId = (await t.db.execute('SELECT id FROM tickets')).rows[0]!.id as string;
    await t.app.request(`/v1/admin/tickets/${ticketId}`, as(t.adminToken, 'PATCH', { status: 'solved' }));
    await later(t, 13);
    expect((await prompt(t, 'visitor-0001')).context).toBe('ticket');
    await later(t, 2);
    expect(await prompt(t, 'visitor-0001')).toEqual({ survey: null });
  });
});

describe('the post-purchase survey email', () => {
  async function shop() {
    const t = await testApp({ emailEnabled: true, origins: ['https://shop.example'] });
    const s = await create(t, { ...nps, trigger: 'purchase' });
    const set = await t.app.request(
      '/v1/admin/settings',
      as(t.adminToken, 'PATCH', {
        purchaseSurvey: { surveyId: s.id, pageUrl: 'https://shop.example/thanks?x=1', audience: 'consented' },
      }),
    );
    expect(set.status).toBe(200);
    const sent: Parameters<Mailer['send']>[0][] = [];
    const deliver = () =>
      deliverDueEmails({ db: t.db, writes: t.writes, mailer: { send: async (m) => void sent.push(m) }, from: 'x@x' });
    const buyer = async (email: string, consent: boolean, visitor = 'visitor-0001') => {
      const lead = {
        site: t.siteKey,
        form: 'contact',
        id: crypto.randomUUID(),
        visitor,
        fields: { email, name: email },
        consent,
      };
      expect((await t.app.request('/v1/leads', post({ ...lead, elapsedMs: 5000 }, UA))).status).toBe(201);
      return String(
        (await t.db.execute({ sql: 'SELECT id FROM contacts WHERE email = ?', args: [email] })).rows[0]!.id,
      );
    };
    const buy = async (contactId: string, productName = 'Desk') => {
      const body = { productName, unitPrice: 10000, currency: 'USD' };
      const res = await t.app.request(`/v1/admin/contacts/${contactId}/purchases`, as(t.adminToken, 'POST', body));
      expect(res.status).toBe(201);
      return (await res.json()).id as string;
    };
    return { t, s, sent, deliver, buyer, buy };
  }

  it('mails one link per purchase to consenting buyers; the link answers once, for that purchase', async () => {
    const { t, s, sent, deliver, buyer, buy } = await shop();
    const ana = await buyer('ana@example.com', true);
    const purchase = await buy(ana);
    await buy(await buyer('bo@example.com', false, 'visitor-0002'));
    await deliver();
    expect(sent.map((m) => m.to)).toEqual(['ana@example.com']);
    const [mail] = sent;
    expect(mail!.subject).toBe('How was your purchase at Test shop?');
    const link = mail!.text.match(/https:\/\/shop\.example\/thanks\?x=1&ll_survey=(st_[\w-]+)/);
    expect(link).not.toBeNull();
    const token = link![1]!;
    expect(mail!.headers?.['List-Unsubscribe']).toMatch(
      // The server's own origin (PUBLIC_URL, else the one the purchase came to: localhost here, 127.0.0.1:P in workerd).
      /^<https?:\/\/(localhost|127\.0\.0\.1:\d+)\/v1\/surveys\/unsubscribe\?t=st_/,
    );
    expect(await t.db.execute('SELECT count(*) AS n FROM survey_tokens').then((r) => r.rows[0]!.n)).toBe(1);
    expect((await t.db.execute('SELECT data FROM emails')).rows.every((r) => !String(r.data).includes(token))).toBe(
      true,
    );

    // A stranger's browser with the link is asked; the answer belongs to the buyer and the purchase.
    expect(await prompt(t, 'visitor-0099', token)).toMatchObject({ survey: { id: s.id }, context: 'purchase', token });
    expect(await prompt(t, 'visitor-0099', 'st_not-a-real-token-123')).toEqual({ survey: null });
    const id = crypto.randomUUID();
    expect((await answer(t, s.id, { id, score: 9, token, visitor: 'visitor-0099' })).status).toBe(201);
    expect((await answer(t, s.id, { id, score: 9, token, visitor: 'visitor-0099' })).status).toBe(201);
    const again = await answer(t, s.id, { score: 2, token });
    expect(again.status).toBe(409);
    expect((await t.db.execute('SELECT contact_id, purchase_id, score FROM survey_answers')).rows).toEqual([
      expect.objectContaining({ contact_id: ana, purchase_id: purchase, score: 9 }),
    ]);
    expect(await prompt(t, 'visitor-0099', token)).toEqual({ survey: null });
    const other = await create(t, nps);
    expect((await answer(t, other.id, { score: 5, token: 'st_not-a-real-token-123' })).status).toBe(404);
  });

  it('links to this server as its trusted proxy names it, never as a client’s forwarded headers do', async () => {
    const { t, sent, deliver, buyer } = await shop();
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'leadline.example' };
    const purchase = async (app: { request: typeof t.app.request }, email: string, visitor: string) => {
      const init = as(t.adminToken, 'POST', { productName: 'Desk', unitPrice: 10000, currency: 'USD' });
      const contact = await buyer(email, true, visitor);
      const res = await app.request(`/v1/admin/contacts/${contact}/purchases`, {
        ...init,
        headers: { ...init.headers, ...forwarded },
      });
      expect(res.status).toBe(201);
    };
    await purchase(t.app, 'ana@example.com', 'visitor-0001');
    // The same rule as the installation snippet's (routes/server-url.ts): behind TRUST_PROXY, the proxy's name.
    const trusted = createApp({ db: t.db, writes: t.writes, emailEnabled: true, trustProxy: { mode: 'forwarded' } });
    await purchase(trusted, 'bo@example.com', 'visitor-0002');
    await deliver();
    const unsubscribe = (to: string) => sent.find((m) => m.to === to)!.headers?.['List-Unsubscribe'];
    expect(unsubscribe('ana@example.com')).not.toMatch(/leadline\.example/);
    expect(unsubscribe('bo@example.com')).toMatch(/^<https:\/\/leadline\.example\/v1\/surveys\/unsubscribe\?t=st_/);
  });

  it('honours the unsubscribe link: a page with a button, then never another survey email to that address', async () => {
    const { t, sent, deliver, buyer, buy } = await shop();
    const ana = await buyer('ana@example.com', true);
    await buy(ana);
    await deliver();
    const url = new URL(sent[0]!.headers!['List-Unsubscribe']!.slice(1, -1));
    const pageRes = await t.app.request(`${url.pathname}${url.search}`);
    expect(pageRes.status).toBe(200);
    expect(await pageRes.text()).toContain('<form method="post"');
    expect(await t.db.execute('SELECT count(*) AS n FROM survey_optouts').then((r) => r.rows[0]!.n)).toBe(0);
    const done = await t.app.request(`${url.pathname}${url.search}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('You will not receive survey emails');
    const unknown = await t.app.request('/v1/surveys/unsubscribe?t=st_unknown-token-0000', { method: 'POST' });
    expect(unknown.status).toBe(404);
    await buy(ana, 'Lamp');
    await deliver();
    expect(sent).toHaveLength(1);
    expect(
      await t.db.execute("SELECT count(*) AS n FROM emails WHERE template = 'survey_invite'").then((r) => r.rows[0]!.n),
    ).toBe(1);
  });

  it('sends nothing when the page is not on an allowed origin, or the site did not opt in', async () => {
    const { t, s, deliver, sent, buyer, buy } = await shop();
    await t.app.request(
      '/v1/admin/settings',
      as(t.adminToken, 'PATCH', {
        purchaseSurvey: { surveyId: s.id, pageUrl: 'https://evil.example/x', audience: 'customers' },
      }),
    );
    await buy(await buyer('ana@example.com', true));
    await t.app.request('/v1/admin/settings', as(t.adminToken, 'PATCH', { purchaseSurvey: null }));
    await buy(await buyer('bo@example.com', true, 'visitor-0002'));
    await deliver();
    expect(sent).toEqual([]);
  });
});

describe('admin surveys', () => {
  it('lets owners and reps write, viewers read; other sites see nothing; checks and audits definitions', async () => {
    const t = await testApp();
    const viewer = await t.tokenFor('viewer');
    const rep = await t.tokenFor('rep');
    const integration = await t.tokenFor('integration');
    expect((await t.app.request('/v1/admin/surveys', as(viewer, 'POST', nps))).status).toBe(403);
    expect((await t.app.request('/v1/admin/surveys', as(integration))).status).toBe(403);
    expect((await t.app.request('/v1/admin/surveys')).status).toBe(401);
    const s = await create(t, nps, rep);
    expect(s).toMatchObject({ kind: 'nps', trigger: 'inline', capDays: 90, active: true, why: true, answers: 0 });
    const list = await (await t.app.request('/v1/admin/surveys', as(viewer))).json();
    expect(list.surveys.map((x: { id: string }) => x.id)).toEqual([s.id]);
    expect((await t.app.request(`/v1/admin/surveys/${s.id}`, as(viewer, 'PATCH', { name: 'x' }))).status).toBe(403);
    for (const body of [
      { ...choice, choices: [choice.choices[0]] },
      { ...nps, choices: choice.choices },
      { ...choice, choices: [choice.choices[0], choice.choices[0]] },
      { ...nps, trigger: 'visits' },
      { ...nps, question: {} },
      { ...nps, kind: 'stars' },
    ])
      expect((await t.app.request('/v1/admin/surveys', as(rep, 'POST', body))).status).toBe(400);
    expect((await t.app.request(`/v1/admin/surveys/${s.id}`, as(rep, 'PATCH', { kind: 'choice' }))).status).toBe(400);
    const patched = await t.app.request(`/v1/admin/surveys/${s.id}`, as(rep, 'PATCH', { name: 'NPS 2', capDays: 30 }));
    expect(await patched.json()).toMatchObject({ name: 'NPS 2', capDays: 30, kind: 'nps' });
    const other = await createSite(t.writes, { name: 'Other', origins: [] });
    expect((await t.app.request(`/v1/admin/surveys/${s.id}`, as(other.adminToken))).status).toBe(404);
    expect((await t.app.request(`/v1/admin/surveys/${s.id}`, as(other.adminToken, 'DELETE'))).status).toBe(404);
    expect((await (await t.app.request('/v1/admin/surveys', as(other.adminToken))).json()).surveys).toEqual([]);
    const audit = await t.db.execute("SELECT action, target FROM audit_log WHERE action LIKE 'survey.%' ORDER BY id");
    expect(audit.rows.map((r) => [r.action, r.target])).toEqual([
      ['survey.create', s.id],
      ['survey.update', s.id],
    ]);
    // A survey with answers is deactivated, not deleted; one without is deleted.
    expect((await answer(t, s.id, { score: 9 })).status).toBe(201);
    expect((await t.app.request(`/v1/admin/surveys/${s.id}`, as(rep, 'DELETE'))).status).toBe(204);
    expect(await (await t.app.request(`/v1/admin/surveys/${s.id}`, as(viewer))).json()).toMatchObject({
      active: false,
      answers: 1,
    });
    const empty = await create(t, nps);
    expect((await t.app.request(`/v1/admin/surveys/${empty.id}`, as(rep, 'DELETE'))).status).toBe(204);
    expect((await t.app.request(`/v1/admin/surveys/${empty.id}`, as(viewer))).status).toBe(404);
  });

  it('lists answers newest first with a comment search that takes any characters literally', async () => {
    const t = await testApp();
    const s = await create(t, nps);
    for (const [score, comment] of [
      [9, 'Fast delivery'],
      [3, 'Delivery was slow'],
      [7, '100% fine_ok'],
      [10, 'التوصيل سريع'],
    ] as const)
      expect((await answer(t, s.id, { score, comment })).status).toBe(201);
    const get = async (q: string) =>
      (
        await (
          await t.app.request(`/v1/admin/surveys/${s.id}/answers?q=${encodeURIComponent(q)}`, as(t.adminToken))
        ).json()
      ).answers.map((a: { comment: string }) => a.comment);
    expect((await get('delivery')).sort()).toEqual(['Delivery was slow', 'Fast delivery']);
    expect(await get('slow delivery')).toEqual(['Delivery was slow']);
    expect(await get('%')).toEqual(['100% fine_ok']);
    expect(await get('_')).toEqual(['100% fine_ok']);
    expect(await get('سريع')).toEqual(['التوصيل سريع']);
    const page = await (await t.app.request(`/v1/admin/surveys/${s.id}/answers?limit=3`, as(t.adminToken))).json();
    expect(page.answers).toHaveLength(3);
    const rest = await (
      await t.app.request(`/v1/admin/surveys/${s.id}/answers?limit=3&before=${page.next}`, as(t.adminToken))
    ).json();
    expect(rest.answers).toHaveLength(1);
    expect(rest.next).toBeNull();
    expect((await t.app.request(`/v1/admin/surveys/${s.id}/answers?limit=1000`, as(t.adminToken))).status).toBe(400);
    const c = await create(t, { ...choice, multiple: true });
    for (const body of [
      { choice: ['price'], comment: 'cheap' },
      { choice: ['price', 'quality'] },
      { other: 'radio ad' },
    ])
      expect((await answer(t, c.id, body)).status).toBe(201);
    const chose = async (id: string) =>
      (await (await t.app.request(`/v1/admin/surveys/${c.id}/answers?choice=${id}`, as(t.adminToken))).json()).answers
        .length;
    expect([await chose('price'), await chose('quality'), await chose('friend'), await chose('other')]).toEqual([
      2, 1, 0, 1,
    ]);
  });
});
