import { describe, expect, it } from 'vitest';
import { as, pageview, post, testApp } from './test-app.ts';

/** Reports as CSV downloads: key fields first, then metrics, cells a spreadsheet will not run. */
describe('report CSV', () => {
  it('answers rows, the series without rows, or the totals, as a safe CSV file', async () => {
    const t = await testApp();
    const D = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000;
    const day = (n: number) => new Date(D + n * 86_400_000).toISOString().slice(0, 10);
    const url = 'https://shop.example/?utm_source=%3Dcmd&utm_medium=email&utm_campaign=spring';
    const a = { visitor: 'visitor-aaaa', session: 'session-aaaa', url, ts: D + 10 * 3_600_000 };
    const events = [
      pageview(a),
      pageview({ ...a, type: 'impression', name: 'hero-ad' }),
      pageview({ ...a, type: 'impression', name: 'hero-ad' }),
      pageview({ ...a, type: 'click', name: 'hero-ad' }),
    ];
    expect((await t.app.request('/v1/events', post({ site: t.siteKey, events }))).status).toBe(202);
    const csv = async (name: string, query: string) => {
      const res = await t.app.request(
        `/v1/admin/reports/${name}?from=${day(-1)}&to=${day(2)}&tz=UTC&format=csv${query}`,
        as(t.adminToken),
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      return {
        file: res.headers.get('content-disposition'),
        lines: (await res.text())
          .replace(/^\uFEFF/, '')
          .trim()
          .split('\r\n'),
      };
    };
    const elements = await csv('elements', '');
    expect(elements.file).toBe(`attachment; filename="leadline-elements-${day(-1)}-${day(1)}.csv"`);
    expect(elements.lines).toEqual(['element,impressions,clicks,ctr', `hero-ad,2,1,${1 / 2}`]);
    const campaigns = await csv('campaigns', '');
    expect(campaigns.lines[0]).toBe(
      'source,medium,campaign,visits,visitors,leads,conversions,revenue,conversionRate,revenuePerVisit,customers,spend,costPerVisit,costPerLead,costPerCustomer,roas,currency',
    );
    expect(campaigns.lines[1]).toBe("'=cmd,email,spring,1,1,0,0,0.00,0,0.00,0,0.00,0.00,,,0,USD");
    const series = await csv('overview', '&interval=day');
    expect(series.lines[0]).toBe(
      't,visits,visitors,pageviews,leads,conversions,customers,revenue,conversionRate,currency',
    );
    expect(series.lines.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      `${day(-1)}T00:00:00.000Z,0,0,0`,
      `${day(0)}T00:00:00.000Z,1,1,1`,
      `${day(1)}T00:00:00.000Z,0,0,0`,
    ]);
    const totals = await csv('overview', '');
    expect(totals.lines).toEqual([
      'visits,visitors,pageviews,leads,conversions,customers,revenue,conversionRate,currency',
      '1,1,1,0,0,0,0.00,0,USD',
    ]);
    const bad = await t.app.request('/v1/admin/reports/elements?format=xml', as(t.adminToken));
    expect(bad.status).toBe(400);
  });
});

describe('report CSV money', () => {
  it('writes money in major units with the currency’s digits and a currency column', async () => {
    const t = await testApp();
    const contact = await (
      await t.app.request('/v1/admin/contacts', as(t.adminToken, 'POST', { email: 'buyer@example.com' }))
    ).json();
    for (const [price, currency] of [
      [24600, 'USD'],
      [1500, 'JPY'],
      [1234, 'KWD'],
    ] as const) {
      const body = { productName: 'Plan', unitPrice: price, currency, quantity: 1 };
      expect(
        (await t.app.request(`/v1/admin/contacts/${contact.id}/purchases`, as(t.adminToken, 'POST', body))).status,
      ).toBe(201);
    }
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const res = await t.app.request(
      `/v1/admin/reports/overview?from=${day(-1)}&to=${day(1)}&tz=UTC&format=csv`,
      as(t.adminToken),
    );
    const [head, line] = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const row = Object.fromEntries(head!.split(',').map((f, i) => [f, line!.split(',')[i]]));
    expect(row).toMatchObject({ revenue: '246.00', currency: 'USD', customers: '1' });
  });

  it('converts with each currency’s minor unit', async () => {
    const { majorUnits } = await import('../../server/reports/csv.ts');
    expect([majorUnits(24600, 'USD'), majorUnits(1500, 'JPY'), majorUnits(1234, 'KWD'), majorUnits(-5, 'EUR')]).toEqual(
      ['246.00', '1500', '1.234', '-0.05'],
    );
  });
});
