import { describe, expect, it } from 'vitest';
import { as, pageview, post, testApp } from './test-app.ts';

const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1';
const DESKTOP = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

/**
 * /pricing on phones: LCP 1000, 2000, 3000, 4000 (p75 nearest rank = 3000), CLS 0.05 and 0.3 (p75 = 0.3);
 * /pricing on desktop: LCP 800; / on desktop: TTFB 200 and 600 (p75 = 600).
 */
async function seed() {
  const t = await testApp();
  const vital = (session: string, url: string, name: string, value: number) =>
    pageview({
      type: 'vital',
      visitor: `visitor-${session}`,
      session: `session-${session}`,
      url,
      name,
      props: { value, rating: 'good' },
    });
  const send = async (ua: string, events: unknown[]) =>
    expect((await t.app.request('/v1/events', post({ site: t.siteKey, events }, { 'user-agent': ua }))).status).toBe(
      202,
    );
  const pricing = 'https://shop.example/pricing?utm_source=news';
  await send(
    PHONE,
    [1000, 2000, 3000, 4000]
      .map((v) => vital('phone1', pricing, 'LCP', v))
      .concat([vital('phone1', pricing, 'CLS', 0.05), vital('phone1', pricing, 'CLS', 0.3)]),
  );
  await send(DESKTOP, [
    vital('desk1', 'https://shop.example/pricing', 'LCP', 800),
    vital('desk1', 'https://shop.example/', 'TTFB', 200),
    vital('desk1', 'https://shop.example/', 'TTFB', 600),
  ]);
  return t;
}

describe('vitals report', () => {
  it('gives p75 per page path and device', async () => {
    const { app, adminToken } = await seed();
    const body = await (await app.request('/v1/admin/reports/vitals', as(adminToken))).json();
    expect(body.rows).toEqual([
      { key: { page: '/pricing', device: 'mobile' }, samples: 4, LCP: 3000, INP: null, CLS: 0.3, TTFB: null },
      { key: { page: '/', device: 'desktop' }, samples: 2, LCP: null, INP: null, CLS: null, TTFB: 600 },
      { key: { page: '/pricing', device: 'desktop' }, samples: 1, LCP: 800, INP: null, CLS: null, TTFB: null },
    ]);
    expect(body.totals).toEqual({ samples: 5, LCP: 3000, INP: null, CLS: 0.3, TTFB: 600 });
    const phones = await (await app.request('/v1/admin/reports/vitals?device=mobile', as(adminToken))).json();
    expect(phones.totals).toMatchObject({ samples: 4, LCP: 3000 });
  });
});

describe('vitals report values', () => {
  it('are the exact doubles sent, fractional or tiny (below 2^-100 read row by row)', async () => {
    const t = await testApp();
    const vital = (n: number, url: string, name: string, value: number) =>
      pageview({ type: 'vital', visitor: 'visitor-v', session: 'session-v', url, name, props: { value }, ts: n });
    const send = async (events: unknown[]) =>
      expect(
        (await t.app.request('/v1/events', post({ site: t.siteKey, events }, { 'user-agent': DESKTOP }))).status,
      ).toBe(202);
    const at = Date.now() - 60_000;
    // p75 of 3 samples (nearest rank) is the largest.
    await send([
      vital(at, 'https://shop.example/a', 'CLS', 0.1 + 0.2),
      vital(at + 1, 'https://shop.example/a', 'CLS', 1e-5),
      vital(at + 2, 'https://shop.example/a', 'CLS', 2.5e-7),
      vital(at + 3, 'https://shop.example/a', 'TTFB', 123.456),
      vital(at + 4, 'https://shop.example/a', 'TTFB', 7),
      vital(at + 5, 'https://shop.example/a', 'TTFB', 1 / 3),
      vital(at + 5, 'https://shop.example/a', 'INP', -2.75),
    ]);
    const body = await (await t.app.request('/v1/admin/reports/vitals', as(t.adminToken))).json();
    const a = {
      key: { page: '/a', device: 'desktop' },
      samples: 3,
      LCP: null,
      INP: -2.75,
      CLS: 0.1 + 0.2,
      TTFB: 123.456,
    };
    expect(body.rows).toEqual([a]);
    expect(body.totals).toEqual({ samples: 3, LCP: null, INP: -2.75, CLS: 0.1 + 0.2, TTFB: 123.456 });
    await send([vital(at + 6, 'https://shop.example/b', 'LCP', 1e-40)]);
    const tiny = await (await t.app.request('/v1/admin/reports/vitals', as(t.adminToken))).json();
    expect(tiny.rows).toEqual([
      a,
      { key: { page: '/b', device: 'desktop' }, samples: 1, LCP: 1e-40, INP: null, CLS: null, TTFB: null },
    ]);
    expect(tiny.totals).toEqual({ samples: 3, LCP: 1e-40, INP: -2.75, CLS: 0.1 + 0.2, TTFB: 123.456 });
  });
});
