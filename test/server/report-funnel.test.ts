import { describe, expect, it } from 'vitest';
import { as, pageview, post, testApp } from './test-app.ts';

/**
 * A: / → /pricing?plan=pro → clicks `buy` → leaves a lead → buys (customer).
 * B: clicks `buy` first, then sees /pricing (out of order: stops after step 1).
 * C: only /pricing/enterprise (matches `/pricing*`, not `/pricing`).
 */
async function seed() {
  const t = await testApp();
  const now = Date.now();
  const at = (id: string, minutesAgo: number, extra: Record<string, unknown>) =>
    pageview({ visitor: `visitor-${id}`, session: `session-${id}`, ts: now - minutesAgo * 60_000, ...extra });
  const events = [
    at('aaaa', 30, { url: 'https://shop.example/' }),
    at('aaaa', 29, { url: 'https://shop.example/pricing?plan=pro' }),
    at('aaaa', 28, { url: 'https://shop.example/pricing?plan=pro', type: 'click', name: 'buy' }),
    at('bbbb', 30, { url: 'https://shop.example/', type: 'click', name: 'buy' }),
    at('bbbb', 29, { url: 'https://shop.example/pricing' }),
    at('cccc', 30, { url: 'https://shop.example/pricing/enterprise' }),
  ];
  expect((await t.app.request('/v1/events', post({ site: t.siteKey, events }))).status).toBe(202);
  expect(
    (
      await t.app.request(
        '/v1/leads',
        post({
          site: t.siteKey,
          form: 'contact',
          id: pageview().id,
          visitor: 'visitor-aaaa',
          session: 'session-aaaa',
          fields: { name: 'A', email: 'a@shop.test' },
          elapsedMs: 5000,
        }),
      )
    ).status,
  ).toBeLessThan(300);
  const { contacts } = await (await t.app.request('/v1/admin/contacts?q=a%40shop.test', as(t.adminToken))).json();
  expect(
    (
      await t.app.request(
        `/v1/admin/contacts/${contacts[0].id}/purchases`,
        as(t.adminToken, 'POST', { productName: 'Desk', unitPrice: 100, currency: 'USD' }),
      )
    ).status,
  ).toBe(201);
  return async (steps: string) =>
    t.app.request(`/v1/admin/reports/funnel?steps=${encodeURIComponent(steps)}`, as(t.adminToken));
}

describe('funnel report', () => {
  it('counts browsers through ordered steps with drop-off', async () => {
    const funnel = await seed();
    const body = await (await funnel('url:/pricing|event:buy|stage:customer')).json();
    expect(body.rows).toEqual([
      { key: { step: 'url:/pricing', index: 0 }, visitors: 2, conversion: 1, dropOff: 0 },
      { key: { step: 'event:buy', index: 1 }, visitors: 1, conversion: 0.5, dropOff: 0.5 },
      { key: { step: 'stage:customer', index: 2 }, visitors: 1, conversion: 0.5, dropOff: 0 },
    ]);
    expect(body.totals).toEqual({ entered: 2, completed: 1, conversion: 0.5 });
    const wide = await (await funnel('url:/pricing*|event:buy')).json();
    expect(wide.rows.map((r: { visitors: number }) => r.visitors)).toEqual([3, 1]);
  });

  it('needs 2–8 well-formed steps', async () => {
    const funnel = await seed();
    expect((await funnel('url:/pricing')).status).toBe(400);
    expect((await funnel('')).status).toBe(400);
    expect((await funnel('page:/x|event:buy')).status).toBe(400);
    expect((await funnel(Array(9).fill('event:buy').join('|'))).status).toBe(400);
    expect((await funnel("url:/x' OR 1=1 --|event:buy")).status).toBe(200);
  });
});
