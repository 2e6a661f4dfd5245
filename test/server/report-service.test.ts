import { describe, expect, it } from 'vitest';
import { as, testApp } from './test-app.ts';

const M = 60_000;
const T0 = Date.parse('2026-11-02T00:00:00Z');

/**
 * Tickets opened in the first week of November 2026 (UTC), written straight
 * into the real database so every duration is known:
 * | # | category  | status  | first reply | solved after | rating |
 * | 1 | complaint | solved  | 10 min      | 60 min       | 2      |
 * | 2 | complaint | open    | 30 min      | —            | —      |
 * | 3 | complaint | closed  | 50 min      | 240 min      | 4      |
 * | 4 | question  | solved  | 5 min       | 20 min       | 5      |
 * | 5 | question  | pending | —           | —            | —      |
 * and one complaint opened the week before (outside the window).
 */
async function seed() {
  const t = await testApp();
  const site = Number((await t.db.execute('SELECT id FROM sites')).rows[0]!.id);
  const rows: [string, string, number | null, number | null, number | null, number][] = [
    ['complaint', 'solved', 10, 60, 2, 0],
    ['complaint', 'open', 30, null, null, 1],
    ['complaint', 'closed', 50, 240, 4, 2],
    ['question', 'solved', 5, 20, 5, 3],
    ['question', 'pending', null, null, null, 4],
    ['complaint', 'solved', 1, 2, 1, -7],
  ];
  for (const [i, [category, status, fr, res, rating, day]] of rows.entries()) {
    const created = T0 + day * 86_400_000 + 9 * 60 * M;
    await t.db.execute({
      sql: `INSERT INTO tickets (id, site_id, tracking_number, token_hash, subject, category, status, created_at, updated_at, first_response_at, solved_at, rating)
            VALUES (?, ?, ?, 'x', 'Help', ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        `t${i}`,
        site,
        `LL-TEST-000${i}`,
        category,
        status,
        created,
        created,
        fr == null ? null : created + fr * M,
        res == null ? null : created + res * M,
        rating,
      ],
    });
  }
  const report = async (query: string) =>
    (
      await t.app.request(`/v1/admin/reports/service?${query}`, {
        headers: { authorization: `Bearer ${t.adminToken}` },
      })
    ).json();
  return { report };
}

describe('service report', () => {
  it('measures first response, resolution and satisfaction per category', async () => {
    const { report } = await seed();
    const body = await report('from=2026-11-02&to=2026-11-09&tz=UTC');
    const complaint = body.rows.find((r: { key: { category: string } }) => r.key.category === 'complaint');
    expect(complaint).toEqual({
      key: { category: 'complaint' },
      tickets: 3,
      unresolved: 1,
      answered: 3,
      solved: 2,
      firstResponseMedian: 30,
      firstResponseP90: 50,
      resolutionMedian: 60,
      resolutionP90: 240,
      ratings: 2,
      satisfaction: 3,
    });
    expect(body.rows.find((r: { key: { category: string } }) => r.key.category === 'feedback')).toMatchObject({
      tickets: 0,
      firstResponseMedian: null,
      satisfaction: null,
    });
    expect(body.totals).toEqual({
      tickets: 5,
      unresolved: 2,
      answered: 4,
      solved: 3,
      firstResponseMedian: 10,
      firstResponseP90: 50,
      resolutionMedian: 60,
      resolutionP90: 240,
      ratings: 3,
      satisfaction: 11 / 3,
    });
  });

  it('draws the backlog day by day', async () => {
    const { report } = await seed();
    const body = await report('from=2026-11-02&to=2026-11-05&tz=UTC&interval=day');
    // 2 Nov: #1 opened and solved within the hour. 3 Nov: #2 opened, still open. 4 Nov: #3 opened and solved within 4 h.
    expect(body.series).toEqual([
      { t: '2026-11-02T00:00:00.000Z', opened: 1, solved: 1, backlog: 0 },
      { t: '2026-11-03T00:00:00.000Z', opened: 1, solved: 0, backlog: 1 },
      { t: '2026-11-04T00:00:00.000Z', opened: 1, solved: 1, backlog: 1 },
    ]);
  });

  it('includes the earlier complaint when the window reaches back to it', async () => {
    const { report } = await seed();
    const body = await report('from=2026-10-26&to=2026-11-09&tz=UTC');
    expect(body.totals).toMatchObject({ tickets: 6, firstResponseMedian: 10, satisfaction: 3 });
  });
});

describe('service goals', () => {
  it("shows this week's median first response against the goal", async () => {
    const t = await testApp();
    const site = Number((await t.db.execute('SELECT id FROM sites')).rows[0]!.id);
    const now = Date.now();
    for (const [i, fr] of [20, 40, 90].entries())
      await t.db.execute({
        sql: `INSERT INTO tickets (id, site_id, tracking_number, token_hash, subject, category, status, created_at, updated_at, first_response_at) VALUES (?, ?, ?, 'x', 'Help', 'question', 'open', ?, ?, ?)`,
        args: [`g${i}`, site, `LL-GOAL-000${i}`, now - 1000, now - 1000, now - 1000 + fr * M],
      });
    expect(
      (
        await t.app.request(
          '/v1/admin/goals',
          as(t.adminToken, 'PUT', { metric: 'first_response_minutes', period: 'week', target: 30 }),
        )
      ).status,
    ).toBeLessThan(300);
    const body = await (await t.app.request('/v1/admin/reports/service?tz=UTC', as(t.adminToken))).json();
    expect(body.goals).toEqual([
      expect.objectContaining({
        metric: 'first_response_minutes',
        period: 'week',
        target: 30,
        actual: 40,
        progress: 0.75,
        met: false,
      }),
    ]);
    const monday = new Date(body.goals[0].from);
    expect([monday.getUTCDay(), monday.getUTCHours()]).toEqual([1, 0]);
    expect(Date.parse(body.goals[0].to) - Date.parse(body.goals[0].from)).toBe(7 * 86_400_000);
  });
});
