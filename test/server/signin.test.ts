import { afterEach, describe, expect, it, vi } from 'vitest';
import { deliverDueEmails } from '../../server/email/outbox.ts';
import { as, testApp } from './test-app.ts';

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI_IOS =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
type T = Awaited<ReturnType<typeof testApp>>;

/** A rep made by the owner, signed in once through their invite; answers the rep's id and session token. */
async function rep(t: T, email = 'rana@shop.example') {
  const created = await t.app.request(
    '/v1/admin/users',
    as(t.adminToken, 'POST', { name: 'Rana Rep', email, role: 'rep' }),
  );
  const { invite, user } = await created.json();
  const session = await (await t.app.request('/v1/admin/session', json({ invite }, { 'user-agent': FIREFOX }))).json();
  return { id: user.id as number, token: session.token as string };
}

/** Sends what the outbox holds now (at `now`), answering the messages. */
async function deliver(t: T, now = Date.now()) {
  const sent: { to: string; subject: string; text: string }[] = [];
  const mailer = { send: async (m: { to: string; subject: string; text: string }) => void sent.push(m) };
  await deliverDueEmails({ db: t.db, writes: t.writes, mailer, from: 'x@localhost', now: () => now });
  return sent;
}
const codeIn = (text: string) => /#signin=(sl_[A-Za-z0-9_-]+)/.exec(text)?.[1];
const status = async (t: T, token: string) => (await t.app.request('/v1/admin/me', as(token))).status;

afterEach(() => {
  vi.useRealTimers();
});

describe('sign-in by emailed link', () => {
  it('sends a one-use link to a user of the site, and the same 202 for anyone else', async () => {
    const t = await testApp({ emailEnabled: true, origins: ['https://shop.example'] });
    await rep(t);
    const fromAdmin = { origin: 'https://shop.example' };
    const ask = (email: string, extra: Record<string, unknown> = {}, headers = fromAdmin) =>
      t.app.request(
        '/v1/admin/signin/link',
        json({ site: t.siteKey, email, page: 'https://shop.example/team?x=1#/tasks', ...extra }, headers),
      );

    const known = await ask('Rana@Shop.example', { locale: 'ar' });
    const unknown = await ask('nobody@shop.example');
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(await unknown.json()).toEqual(await known.json());
    // The outbox holds the user id, never a code.
    const { rows } = await t.db.execute("SELECT to_email, locale, data FROM emails WHERE template = 'signin_link'");
    expect(rows.map((r) => [r.to_email, r.locale])).toEqual([['rana@shop.example', 'ar']]);
    expect(String(rows[0]!.data)).not.toContain('sl_');

    const [mail] = await deliver(t);
    expect(mail!.to).toBe('rana@shop.example');
    expect(mail!.subject).toBe('تسجيل الدخول إلى Test shop');
    expect(mail!.text).toContain('https://shop.example/team?x=1#signin=sl_');
    const link = codeIn(mail!.text)!;

    const session = await t.app.request('/v1/admin/session', json({ link }, { 'user-agent': SAFARI_IOS }));
    expect(session.status).toBe(201);
    const { token, expiresAt, user } = await session.json();
    expect(user).toMatchObject({ email: 'rana@shop.example', role: 'rep' });
    expect(expiresAt - Date.now()).toBeGreaterThan(29 * DAY);
    expect(await status(t, token)).toBe(200);
    const again = await t.app.request('/v1/admin/session', json({ link }));
    expect(again.status).toBe(401);
    expect((await again.json()).error.message).toMatch(/sign-in link is unknown, used or expired/);
    // A link code is not an invite code.
    expect((await t.app.request('/v1/admin/session', json({ invite: link }))).status).toBe(400);
  });

  it('expires a link 15 minutes after it was sent', async () => {
    const t = await testApp({ emailEnabled: true, origins: ['https://shop.example'] });
    await rep(t);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-03-01T09:00:00Z'));
    const ask = () =>
      t.app.request(
        '/v1/admin/signin/link',
        json(
          { site: t.siteKey, email: 'rana@shop.example', page: 'https://shop.example/admin' },
          { origin: 'https://shop.example' },
        ),
      );
    expect((await ask()).status).toBe(202);
    const late = codeIn((await deliver(t))[0]!.text)!;
    vi.setSystemTime(Date.now() + 15 * 60_000 + 1);
    expect((await t.app.request('/v1/admin/session', json({ link: late }))).status).toBe(401);

    expect((await ask()).status).toBe(202);
    const timely = codeIn((await deliver(t))[0]!.text)!;
    vi.setSystemTime(Date.now() + 14 * 60_000);
    expect((await t.app.request('/v1/admin/session', json({ link: timely }))).status).toBe(201);
  });

  it('leads only to the admin URL or an allowed origin the request came from', async () => {
    const t = await testApp({ emailEnabled: true, origins: ['https://shop.example'] });
    await rep(t);
    const ask = (page: string, origin?: string) =>
      t.app.request(
        '/v1/admin/signin/link',
        json({ site: t.siteKey, email: 'rana@shop.example', page }, origin ? { origin } : {}),
      );
    expect((await ask('https://evil.example/phish', 'https://evil.example')).status).toBe(403);
    expect((await ask('https://shop.example/admin', 'https://evil.example')).status).toBe(403);
    expect((await ask('https://shop.example/admin')).status).toBe(403);
    expect(await deliver(t)).toEqual([]);

    // (Refused asks count towards the address's 3 in 15 minutes: the rest asks for another user.)
    await rep(t, 'sami@shop.example');
    await t.app.request(
      '/v1/admin/settings',
      as(t.adminToken, 'PATCH', { adminUrl: 'https://crm.shop.example/leadline#/contacts' }),
    );
    const viaSettings = { site: t.siteKey, email: 'sami@shop.example', page: 'https://evil.example/phish' };
    expect(
      (await t.app.request('/v1/admin/signin/link', json(viaSettings, { origin: 'https://evil.example' }))).status,
    ).toBe(202);
    const [mail] = await deliver(t);
    expect(mail!.text).toMatch(/https:\/\/crm\.shop\.example\/leadline#signin=sl_/);
    expect(mail!.text).not.toContain('evil');
  });

  it('limits requests per address, and needs email delivery', async () => {
    const t = await testApp({ emailEnabled: true, origins: ['https://shop.example'] });
    const ask = (email: string) =>
      t.app.request(
        '/v1/admin/signin/link',
        json({ site: t.siteKey, email, page: 'https://shop.example/a' }, { origin: 'https://shop.example' }),
      );
    for (let i = 0; i < 3; i++) expect((await ask('x@shop.example')).status).toBe(202);
    const limited = await ask('x@shop.example');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();
    expect((await ask('y@shop.example')).status).toBe(202);

    const off = await testApp({ emailEnabled: false });
    expect(await (await off.app.request('/v1/admin/signin/methods')).json()).toEqual({ link: false, password: true });
    expect(await (await t.app.request('/v1/admin/signin/methods')).json()).toEqual({ link: true, password: true });
    expect(
      (await off.app.request('/v1/admin/signin/link', json({ site: off.siteKey, email: 'x@shop.example' }))).status,
    ).toBe(404);
    expect(
      (await off.app.request('/v1/admin/signin/link', json({ site: off.siteKey, email: 'not an email' }))).status,
    ).toBe(400);
  });
});

describe('sign-in by password', () => {
  const signIn = (t: T, email: string, password: string, ip = '203.0.113.1', ua = FIREFOX) =>
    t.app.request(
      '/v1/admin/session',
      json({ site: t.siteKey, email, password }, { 'x-forwarded-for': ip, 'user-agent': ua }),
    );

  it('signs in with a password the user set, answering a wrong one like an unknown address', async () => {
    const t = await testApp({ trustProxy: { mode: 'forwarded' } });
    const r = await rep(t);
    expect((await signIn(t, 'rana@shop.example', 'anything at all')).status).toBe(401); // no password yet
    expect((await t.app.request('/v1/admin/me/password', as(r.token, 'PUT', { password: 'short' }))).status).toBe(400);
    expect(
      (await t.app.request('/v1/admin/me/password', as(r.token, 'PUT', { password: 'correct horse battery' }))).status,
    ).toBe(204);

    const ok = await signIn(t, 'RANA@shop.example', 'correct horse battery');
    expect(ok.status).toBe(201);
    const { token, user } = await ok.json();
    expect(user.role).toBe('rep');
    expect(await status(t, token)).toBe(200);

    const wrong = await signIn(t, 'rana@shop.example', 'correct horse battery!');
    const unknown = await signIn(t, 'nobody@shop.example', 'correct horse battery');
    const otherSite = await t.app.request(
      '/v1/admin/session',
      json({ site: 'pk_nosuchsite000', email: 'rana@shop.example', password: 'correct horse battery' }),
    );
    expect([wrong.status, unknown.status, otherSite.status]).toEqual([401, 401, 401]);
    const bodies = await Promise.all([wrong.json(), unknown.json(), otherSite.json()]);
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
    expect(bodies[0]).toEqual({ error: { code: 'unauthorized', message: 'wrong email or password' } });

    // Stored as scrypt with a salt of its own; never in the audit log or the error log.
    const { rows } = await t.db.execute('SELECT password_hash FROM users WHERE password_hash IS NOT NULL');
    expect(String(rows[0]!.password_hash)).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    const audit = await t.db.execute('SELECT action, detail FROM audit_log');
    expect(JSON.stringify(audit.rows)).not.toContain('horse');
    expect(audit.rows.map((a) => a.action)).toContain('user.password_set');
    expect(t.logged).toEqual([]);
  });

  it('changes a password only with the current one, and ends the other sessions', async () => {
    const t = await testApp({ trustProxy: { mode: 'forwarded' } });
    const r = await rep(t);
    await t.app.request('/v1/admin/me/password', as(r.token, 'PUT', { password: 'first password here' }));
    const other = (await (await signIn(t, 'rana@shop.example', 'first password here')).json()).token;
    const noCurrent = await t.app.request(
      '/v1/admin/me/password',
      as(r.token, 'PUT', { password: 'second password here' }),
    );
    expect(noCurrent.status).toBe(400);
    expect((await noCurrent.json()).error.issues[0].path).toEqual(['current']);
    expect(
      (
        await t.app.request(
          '/v1/admin/me/password',
          as(r.token, 'PUT', { current: 'nope nope nope', password: 'second password here' }),
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await t.app.request(
          '/v1/admin/me/password',
          as(r.token, 'PUT', { current: 'first password here', password: 'second password here' }),
        )
      ).status,
    ).toBe(204);
    expect(await status(t, r.token)).toBe(200);
    expect(await status(t, other)).toBe(401);
    expect((await signIn(t, 'rana@shop.example', 'first password here')).status).toBe(401);
    expect((await signIn(t, 'rana@shop.example', 'second password here')).status).toBe(201);
  });

  it('limits attempts per account and per address', async () => {
    const t = await testApp({ trustProxy: { mode: 'forwarded' } });
    const r = await rep(t);
    await t.app.request('/v1/admin/me/password', as(r.token, 'PUT', { password: 'correct horse battery' }));
    // Per account: 10 in 15 minutes, whichever addresses they come from; then even the right password waits.
    for (let i = 0; i < 10; i++)
      expect((await signIn(t, 'rana@shop.example', `guess ${i}`, `198.51.100.${i}`)).status).toBe(401);
    const limited = await signIn(t, 'rana@shop.example', 'correct horse battery', '198.51.100.77');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(60);
    // Per address: 20 a minute, whichever accounts.
    for (let i = 0; i < 20; i++)
      expect((await signIn(t, `someone${i}@shop.example`, 'guess', '192.0.2.9')).status).toBe(401);
    expect((await signIn(t, 'owner@shop.example', 'guess', '192.0.2.9')).status).toBe(429);
  });
});

describe('sessions', () => {
  it('slide: still valid after 13 hours and after 29 days of daily use; over after 30 idle days', async () => {
    const t = await testApp();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-03-01T09:00:00Z'));
    const r = await rep(t);
    const idle = await rep(t, 'ida@shop.example');
    vi.setSystemTime(Date.now() + 13 * HOUR);
    expect(await status(t, r.token)).toBe(200);
    for (let day = 1; day <= 29; day++) {
      vi.setSystemTime(Date.parse('2026-03-01T09:00:00Z') + day * DAY);
      expect(await status(t, r.token)).toBe(200);
      await t.writes.idle();
    }
    const { sessions } = await (await t.app.request('/v1/admin/me/sessions', as(r.token))).json();
    expect(sessions[0].expiresAt).toBe(Date.now() + 30 * DAY);
    vi.setSystemTime(Date.parse('2026-03-01T09:00:00Z') + 30 * DAY + 1);
    expect(await status(t, idle.token)).toBe(401); // made with the other, never used
    expect(await status(t, r.token)).toBe(200);
    await t.writes.idle();
    vi.setSystemTime(Date.now() + 30 * DAY - 1);
    expect(await status(t, r.token)).toBe(200);
    await t.writes.idle();
    vi.setSystemTime(Date.now() + 30 * DAY + 1);
    expect(await status(t, r.token)).toBe(401);
  });

  it('writes a use at most once an hour', async () => {
    const t = await testApp();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-03-01T09:00:00Z'));
    const r = await rep(t);
    const lastUsed = async () =>
      Number((await t.db.execute('SELECT last_used_at FROM tokens WHERE session = 1')).rows[0]!.last_used_at);
    const start = await lastUsed();
    vi.setSystemTime(Date.now() + 59 * 60_000);
    await status(t, r.token);
    await t.writes.idle();
    expect(await lastUsed()).toBe(start);
    vi.setSystemTime(Date.now() + 2 * 60_000);
    await status(t, r.token);
    await t.writes.idle();
    expect(await lastUsed()).toBe(Date.now());
  });

  it('lists my sessions with their device, and ends one or the current one', async () => {
    const t = await testApp({ trustProxy: { mode: 'forwarded' } });
    const r = await rep(t);
    await t.app.request('/v1/admin/me/password', as(r.token, 'PUT', { password: 'correct horse battery' }));
    const phone = (
      await (
        await t.app.request(
          '/v1/admin/session',
          json(
            { site: t.siteKey, email: 'rana@shop.example', password: 'correct horse battery' },
            { 'user-agent': SAFARI_IOS },
          ),
        )
      ).json()
    ).token;
    const { sessions, hasPassword } = await (await t.app.request('/v1/admin/me/sessions', as(r.token))).json();
    expect(hasPassword).toBe(true);
    expect(sessions.map((s: { device: string; current: boolean }) => [s.device, s.current]).sort()).toEqual([
      ['Firefox · Windows', true],
      ['Safari · iOS', false],
    ]);
    const other = sessions.find((s: { current: boolean }) => !s.current);
    // Not my session: the same 404 as none at all.
    const owner = (await (await t.app.request('/v1/admin/me/sessions', as(t.adminToken))).json()).sessions;
    expect(owner).toEqual([]);
    expect((await t.app.request(`/v1/admin/me/sessions/${other.id}`, as(t.adminToken, 'DELETE'))).status).toBe(404);
    expect(await status(t, phone)).toBe(200);
    expect((await t.app.request(`/v1/admin/me/sessions/${other.id}`, as(r.token, 'DELETE'))).status).toBe(204);
    expect(await status(t, phone)).toBe(401);
    // Signing out ends the session on the server; an API token is not a session.
    expect((await t.app.request('/v1/admin/me/sessions/current', as(r.token, 'DELETE'))).status).toBe(204);
    expect(await status(t, r.token)).toBe(401);
    expect((await t.app.request('/v1/admin/me/sessions/current', as(t.adminToken, 'DELETE'))).status).toBe(409);
    expect((await t.app.request('/v1/admin/me/sessions/nope', as(t.adminToken, 'DELETE'))).status).toBe(400);
  });

  it('owners sign a user out everywhere; reps cannot force anyone out', async () => {
    const t = await testApp();
    const r = await rep(t);
    const second = await rep(t, 'sami@shop.example');
    const repApi = await t.tokenFor('rep');
    const { users } = await (await t.app.request('/v1/admin/users', as(t.adminToken))).json();
    const ownerId = users.find((u: { role: string }) => u.role === 'owner').id;
    expect((await t.app.request(`/v1/admin/users/${ownerId}/signout-everywhere`, as(r.token, 'POST'))).status).toBe(
      403,
    );
    expect((await t.app.request(`/v1/admin/users/${second.id}/reset-signin`, as(r.token, 'POST', {}))).status).toBe(
      403,
    );
    expect((await t.app.request(`/v1/admin/users/${r.id}/signout-everywhere`, as(t.adminToken, 'POST'))).status).toBe(
      204,
    );
    expect(await status(t, r.token)).toBe(401);
    expect(await status(t, second.token)).toBe(200);
    expect(await status(t, repApi)).toBe(200); // API tokens stay
    expect((await t.app.request('/v1/admin/users/9999/signout-everywhere', as(t.adminToken, 'POST'))).status).toBe(404);
    // Sessions are listed per user, not among the API tokens.
    const { tokens } = await (await t.app.request('/v1/admin/tokens', as(t.adminToken))).json();
    expect(tokens.map((k: { label: string | null }) => k.label)).not.toContain('admin session');
  });

  it('owners reset a user’s sign-in: password cleared, sessions ended, a new link emailed', async () => {
    const t = await testApp({ emailEnabled: true, origins: ['https://shop.example'] });
    const r = await rep(t);
    await t.app.request('/v1/admin/me/password', as(r.token, 'PUT', { password: 'correct horse battery' }));
    const reset = await t.app.request(`/v1/admin/users/${r.id}/reset-signin`, {
      ...as(t.adminToken, 'POST', { sendLink: true, page: 'https://shop.example/admin' }),
      headers: {
        authorization: `Bearer ${t.adminToken}`,
        'content-type': 'application/json',
        origin: 'https://shop.example',
      },
    });
    expect(await reset.json()).toEqual({ linkSent: true });
    expect(await status(t, r.token)).toBe(401);
    const password = await t.app.request(
      '/v1/admin/session',
      json({ site: t.siteKey, email: 'rana@shop.example', password: 'correct horse battery' }),
    );
    expect(password.status).toBe(401);
    const [mail] = await deliver(t);
    expect((await t.app.request('/v1/admin/session', json({ link: codeIn(mail!.text) }))).status).toBe(201);
    const quiet = await t.app.request(`/v1/admin/users/${r.id}/reset-signin`, as(t.adminToken, 'POST', {}));
    expect(await quiet.json()).toEqual({ linkSent: false });
    expect((await t.app.request('/v1/admin/users/9999/reset-signin', as(t.adminToken, 'POST', {}))).status).toBe(404);
  });
});
