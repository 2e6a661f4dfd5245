import { describe, expect, it } from 'vitest';
import { deliverDueWebhooks, signature } from '../../server/jobs/webhooks.ts';
import { nonPublicAddresses, publicAddresses, publicUrls, refusedUrls } from './webhook-targets.ts';
import { assertPublicTarget, isPublicAddress, RefusedTarget } from '../../server/net/private-address.ts';
import { as, eventId, post, testApp } from './test-app.ts';

const lead = (siteKey: string, email: string) =>
  post({ site: siteKey, form: 'contact', id: eventId(), fields: { name: 'Ana', email }, elapsedMs: 5000 });

/** A stand-in for the receiving server: records requests, answers from a list. */
function receiver(statuses: number[] = []) {
  const received: { url: string; headers: Record<string, string>; body: string }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    received.push({ url, headers: Object.fromEntries(new Headers(init.headers).entries()), body: String(init.body) });
    return new Response('ok', { status: statuses.shift() ?? 200 });
  }) as typeof globalThis.fetch;
  return { received, fetch, resolve: async () => ['203.0.113.10'] };
}

describe('webhooks', () => {
  it('refuses every spelling of a non-public target when saved, and only those', async () => {
    const { app, adminToken } = await testApp();
    for (const url of refusedUrls) {
      await expect(assertPublicTarget(url), url).rejects.toBeInstanceOf(RefusedTarget);
      const res = await app.request('/v1/admin/webhooks', as(adminToken, 'POST', { url }));
      expect(res.status, url).toBe(400);
      expect((await res.json()).error.code, url).toBe('validation_failed');
    }
    for (const url of publicUrls) await expect(assertPublicTarget(url), url).resolves.toBeUndefined();
    const saved = await app.request('/v1/admin/webhooks', as(adminToken, 'POST', { url: 'https://hooks.example/x' }));
    const { id } = await saved.json();
    const metadata = 'http://[::ffff:a9fe:a9fe]/';
    const moved = await app.request(`/v1/admin/webhooks/${id}`, as(adminToken, 'PATCH', { url: metadata }));
    expect(moved.status).toBe(400);
  });

  it('tells public addresses from every other kind, as DNS answers them', async () => {
    for (const ip of nonPublicAddresses) expect(isPublicAddress(ip), ip).toBe(false);
    for (const ip of publicAddresses) expect(isPublicAddress(ip), ip).toBe(true);
    const target = 'https://hooks.example/x';
    await expect(assertPublicTarget(target, async () => ['203.0.113.10', '10.0.0.5'])).rejects.toThrow(RefusedTarget);
    await expect(assertPublicTarget(target, async () => ['::ffff:7f00:1'])).rejects.toThrow(RefusedTarget);
    await expect(assertPublicTarget(target, async () => ['203.0.113.10'])).resolves.toBeUndefined();
  });

  it('queues lead.created and contact.stage_changed, signs and delivers them', async () => {
    const { app, db, writes, siteKey, adminToken } = await testApp();
    const created = await (
      await app.request(
        '/v1/admin/webhooks',
        as(adminToken, 'POST', {
          url: 'https://hooks.example/leadline',
          events: ['lead.created', 'contact.stage_changed'],
        }),
      )
    ).json();
    expect(created.secret).toMatch(/^whsec_/);
    expect((await (await app.request('/v1/admin/webhooks', as(adminToken))).json()).webhooks[0]).not.toHaveProperty(
      'secret',
    );

    await app.request('/v1/leads', lead(siteKey, 'ana@example.com'));
    const id = String((await db.execute('SELECT id FROM contacts')).rows[0]!.id);
    await app.request(`/v1/admin/contacts/${id}/activities`, as(adminToken, 'POST', { kind: 'call' }));

    const r = receiver();
    expect(await deliverDueWebhooks({ db, writes, fetch: r.fetch, resolve: r.resolve })).toBe(2);
    expect(r.received.map((x) => x.headers['leadline-event'])).toEqual(['lead.created', 'contact.stage_changed']);
    const [leadCreated, stageChanged] = r.received.map((x) => JSON.parse(x.body));
    expect(leadCreated).toMatchObject({
      type: 'lead.created',
      data: { form: 'contact', contact: { id, email: 'ana@example.com', stage: 'lead' } },
    });
    expect(stageChanged).toMatchObject({
      type: 'contact.stage_changed',
      data: { from: 'lead', to: 'prospect', reason: 'activity', contact: { id } },
    });
    const sig = r.received[0]!.headers['leadline-signature']!;
    const t = Number(/t=(\d+)/.exec(sig)![1]);
    expect(sig).toBe(await signature(created.secret, r.received[0]!.body, t));

    // Nothing left to send.
    expect(await deliverDueWebhooks({ db, writes, fetch: r.fetch, resolve: r.resolve })).toBe(0);
    const log = await (await app.request(`/v1/admin/webhooks/${created.id}/deliveries`, as(adminToken))).json();
    expect(log.deliveries.map((d: { status: string }) => d.status)).toEqual(['delivered', 'delivered']);
  });

  it('retries failures with backoff, gives up after 10 attempts, and can be retried by hand', async () => {
    const { app, db, writes, siteKey, adminToken } = await testApp();
    const hook = await (
      await app.request(
        '/v1/admin/webhooks',
        as(adminToken, 'POST', { url: 'https://hooks.example/x', events: ['lead.created'] }),
      )
    ).json();
    await app.request('/v1/leads', lead(siteKey, 'a@example.com'));
    const r = receiver(Array(20).fill(500));
    let now = Date.now();
    for (let i = 0; i < 12; i++) {
      await deliverDueWebhooks({ db, writes, fetch: r.fetch, resolve: r.resolve, now: () => now });
      now += 7 * 3_600_000;
    }
    expect(r.received).toHaveLength(10);
    const [failed] = (await (await app.request(`/v1/admin/webhooks/${hook.id}/deliveries`, as(adminToken))).json())
      .deliveries;
    expect(failed).toMatchObject({ status: 'failed', attempts: 10, lastStatus: 500, lastError: 'answered 500' });
    const retried = await (await app.request(`/v1/admin/deliveries/${failed.id}/retry`, as(adminToken, 'POST'))).json();
    expect(retried.status).toBe('pending');
    const ok = receiver([200]);
    await deliverDueWebhooks({ db, writes, fetch: ok.fetch, resolve: ok.resolve });
    expect(ok.received).toHaveLength(1);
  });

  it('does not deliver to a target that resolves to a private address', async () => {
    const { app, db, writes, siteKey, adminToken } = await testApp();
    await app.request('/v1/admin/webhooks', as(adminToken, 'POST', { url: 'https://rebind.example/x' }));
    await app.request('/v1/leads', lead(siteKey, 'a@example.com'));
    const r = receiver();
    await deliverDueWebhooks({ db, writes, fetch: r.fetch, resolve: async () => ['127.0.0.1'] });
    expect(r.received).toHaveLength(0);
    const { rows } = await db.execute('SELECT status, last_error FROM deliveries');
    expect(rows[0]).toMatchObject({ status: 'pending', last_error: 'delivery failed' });
  });
});

describe('admin forms', () => {
  it('saves a validated form definition that the config and the leads endpoint then use', async () => {
    const { app, siteKey, adminToken, tokenFor, db } = await testApp();
    const definition = {
      consent: 'required',
      fields: [
        { name: 'email', type: 'email', required: true, label: { en: 'Email', ar: 'البريد الإلكتروني' } },
        {
          name: 'plan',
          type: 'select',
          required: true,
          label: { en: 'Plan' },
          options: [
            { value: 'basic', label: { en: 'Basic' } },
            { value: 'pro', label: { en: 'Pro' } },
          ],
        },
        { name: 'newsletter', type: 'checkbox', label: { en: 'Send me news' } },
      ],
    };
    expect(
      (await app.request('/v1/admin/forms/demo-request', as(await tokenFor('rep'), 'PUT', definition))).status,
    ).toBe(403);
    expect(
      (
        await app.request(
          '/v1/admin/forms/demo-request',
          as(adminToken, 'PUT', { fields: [{ name: 'email', type: 'text', label: { en: 'E' } }] }),
        )
      ).status,
    ).toBe(400);
    expect((await app.request('/v1/admin/forms/demo-request', as(adminToken, 'PUT', definition))).status).toBe(200);
    const config = await (await app.request(`/v1/config?site=${siteKey}`)).json();
    expect(Object.keys(config.forms).sort()).toEqual(['contact', 'demo-request']);
    expect(config.forms['demo-request'].fields[1].options).toHaveLength(2);

    const send = (fields: Record<string, unknown>, consent?: boolean) =>
      app.request(
        '/v1/leads',
        post({ site: siteKey, form: 'demo-request', id: eventId(), fields, consent, elapsedMs: 4000 }),
      );
    const noConsent = await send({ email: 'a@example.com', plan: 'pro' });
    expect(noConsent.status).toBe(400);
    expect((await noConsent.json()).error.issues[0].path).toEqual(['consent']);
    expect((await send({ email: 'a@example.com', plan: 'gold' }, true)).status).toBe(400);
    expect((await send({ email: 'a@example.com', plan: 'pro', newsletter: true, extra: 'dropped' }, true)).status).toBe(
      201,
    );
    const { rows } = await db.execute('SELECT fields, consent FROM contacts');
    expect(rows[0]).toMatchObject({ fields: '{"plan":"pro","newsletter":true}', consent: 1 });
  });
});
