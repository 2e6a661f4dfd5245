import { describe, expect, it } from 'vitest';
import { as, pageview, post, testApp } from './test-app.ts';

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Visitors in totals are distinct over the window, never the sum of per-row uniques: ana comes
 * through two campaigns and two affiliates (two rows each), bo through one. Every session carries
 * an affiliate, so all reports see the same three sessions of two visitors.
 */
describe('report visitor totals', () => {
  it('agree across overview, campaigns, affiliates and demographics for one window', async () => {
    const t = await testApp();
    for (const name of ['blog', 'coupons'])
      expect(
        (
          await t.app.request(
            '/v1/admin/affiliates',
            as(t.adminToken, 'POST', { name, commissionType: 'percent', commissionValue: 0 }),
          )
        ).status,
      ).toBe(201);
    const visit = (who: string, n: number, campaign: string, ref: string) =>
      pageview({
        visitor: `visitor-${who}`,
        session: `session-${who}-${n}`,
        ts: Date.now() - 3_600_000 + n,
        url: `https://shop.example/?utm_source=news&utm_campaign=${campaign}&ref=${ref}`,
      });
    const events = [
      visit('ana', 1, 'spring', 'blog'),
      visit('ana', 2, 'summer', 'coupons'),
      visit('bo', 3, 'spring', 'blog'),
    ];
    expect((await t.app.request('/v1/events', post({ site: t.siteKey, events }))).status).toBe(202);
    const report = async (name: string, extra = '') =>
      (await t.app.request(`/v1/admin/reports/${name}?from=${day(-1)}&to=${day(1)}${extra}`, as(t.adminToken))).json();
    const [overview, campaigns, affiliates, devices] = await Promise.all([
      report('overview'),
      report('campaigns'),
      report('affiliates'),
      report('demographics', '&by=source'),
    ]);
    const rowSum = (r: { rows: { visitors: number }[] }) => r.rows.reduce((n, row) => n + row.visitors, 0);
    expect(rowSum(campaigns)).toBe(3);
    expect(rowSum(affiliates)).toBe(3);
    expect(overview.totals.visitors).toBe(2);
    expect(campaigns.totals.visitors).toBe(2);
    expect(affiliates.totals.visitors).toBe(2);
    expect(devices.totals.visitors).toBe(2);
    expect(campaigns.totals.visits).toBe(3);
  });
});
