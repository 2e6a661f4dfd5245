import { describe, expect, it } from 'vitest';
import { roundedRatio } from '../../server/reports/surveys.ts';
import { as, eventId, post, testApp } from './test-app.ts';

/**
 * Hand-computed seed, reported for 2026-03-01 – 2026-03-04 in Asia/Dubai (UTC+4): the window is
 * [2026-02-28T20:00Z, 2026-03-03T20:00Z).
 *
 * NPS survey (promoters 9–10, passives 7–8, detractors 0–6):
 *  #1 ann 10 "Fast"  03-01 19:30Z (Dubai 03-01 23:30)   news   repeat customer (Vase, then Lamp)
 *  #2 ann  9         03-01 20:30Z (Dubai 03-02 00:30)   news   repeat
 *  #3 bob  8         03-02 08:00Z                       news   first purchase (Desk)
 *  #4 bob  6 "Slow"  03-02 09:00Z                       news   first
 *  #5 x1   0 "Broken" 03-02 10:00Z                      direct anonymous
 *  #6 x2   7         03-03 10:00Z                       direct anonymous
 *  #7 x3   8         03-03 11:00Z                       direct anonymous
 *  #8 x4  10         03-03 12:00Z                       direct anonymous
 *  out: x5 0 at 03-03 20:30Z (Dubai 03-04: after the window)
 * Totals: promoters 3, passives 3, detractors 2 of 8 → NPS 100 × 1 ÷ 8 = 12.5 → 13 (halves away from zero).
 * Days in Dubai: 03-01 #1 → 100; 03-02 #2–#5 → p1 d2 of 4 → −25; 03-03 #6–#8 → p1 of 3 → 33.3 → 33.
 * (In UTC #2 would fall on 03-01.)
 * By source: news #1–#4 → p2 d1 of 4 → 25; direct #5–#8 → p1 d1 of 4 → 0.
 * By repeat: repeat (ann) → 100; first (bob) → p0 d1 of 2 → −50; none → 0.
 * By product: Lamp (ann's latest before answering) 100, Desk −50, none 0.
 *
 * CSAT survey: 5, 4, 4, 2, 1, 4, 5, 4 (anonymous, 03-02 12:00Z + n minutes) → 29 ÷ 8 = 3.625 → 362.5 → 363.
 * Choice survey "Why" (multiple, other): [price], [price, quality], [quality], other "Radio", [friend] "My sister"
 * → price 2/5, quality 2/5, friend 1/5, other 1/5.
 */
async function seed() {
  const t = await testApp();
  const admin = (path: string, method = 'GET', body?: unknown) => t.app.request(path, as(t.adminToken, method, body));
  const events = ['ann', 'bob'].map((n) => ({
    id: eventId(),
    type: 'pageview',
    ts: Date.now() - 1000,
    visitor: `visitor-${n}`,
    session: `session-${n}`,
    url: 'https://shop.example/?utm_source=news&utm_campaign=spring',
  }));
  expect((await t.app.request('/v1/events', post({ site: t.siteKey, events }))).status).toBe(202);
  for (const n of ['ann', 'bob']) {
    const lead = { site: t.siteKey, form: 'contact', id: eventId(), visitor: `visitor-${n}`, session: `session-${n}` };
    const fields = { name: n, email: `${n}@shop.test` };
    expect((await t.app.request('/v1/leads', post({ ...lead, fields, elapsedMs: 5000 }))).status).toBe(201);
  }
  for (const [n, productName, day] of [
    ['ann', 'Vase', '2026-01-10'],
    ['ann', 'Lamp', '2026-02-01'],
    ['bob', 'Desk', '2026-02-05'],
  ] as const) {
    const body = {
      email: `${n}@shop.test`,
      productName,
      unitPrice: 1000,
      currency: 'USD',
      purchasedAt: `${day}T10:00:00Z`,
    };
    expect((await admin('/v1/admin/purchases', 'POST', body)).status).toBe(201);
  }
  const survey = async (body: Record<string, unknown>) =>
    (await (await admin('/v1/admin/surveys', 'POST', body)).json()).id as string;
  const nps = await survey({ name: 'NPS', kind: 'nps', question: { en: 'Recommend us?' } });
  const csat = await survey({ name: 'CSAT', kind: 'csat', question: { en: 'Happy?' } });
  const why = await survey({
    name: 'Why',
    kind: 'choice',
    question: { en: 'Why us?', ar: 'لماذا نحن؟' },
    multiple: true,
    other: true,
    choices: [
      { id: 'price', label: { en: 'Price', ar: 'السعر' } },
      { id: 'quality', label: { en: 'Quality' } },
      { id: 'friend', label: { en: 'A friend' } },
    ],
  });
  await admin('/v1/admin/settings', 'PATCH', { rateLimits: { feedback: 1000 } });
  const answer = async (surveyId: string, at: string, body: Record<string, unknown>) => {
    const id = crypto.randomUUID();
    const res = await t.app.request(`/v1/surveys/${surveyId}/answers`, post({ site: t.siteKey, id, ...body }));
    expect(res.status).toBe(201);
    await t.writes.run([{ sql: 'UPDATE survey_answers SET created_at = ? WHERE id = ?', args: [Date.parse(at), id] }]);
  };
  const who = (n: string) => ({
    visitor: `visitor-${n}`,
    ...(['ann', 'bob'].includes(n) && { session: `session-${n}` }),
  });
  for (const [n, score, at, comment] of [
    ['ann', 10, '2026-03-01T19:30:00Z', 'Fast'],
    ['ann', 9, '2026-03-01T20:30:00Z'],
    ['bob', 8, '2026-03-02T08:00:00Z'],
    ['bob', 6, '2026-03-02T09:00:00Z', 'Slow'],
    ['x1', 0, '2026-03-02T10:00:00Z', 'Broken'],
    ['x2', 7, '2026-03-03T10:00:00Z'],
    ['x3', 8, '2026-03-03T11:00:00Z'],
    ['x4', 10, '2026-03-03T12:00:00Z'],
    ['x5', 0, '2026-03-03T20:30:00Z'],
  ] as const)
    await answer(nps, at, { ...who(n), score, ...(comment && { comment }) });
  for (const [i, score] of [5, 4, 4, 2, 1, 4, 5, 4].entries())
    await answer(csat, `2026-03-02T12:0${i}:00Z`, { visitor: `visitor-c${i}`, score });
  for (const [i, body] of [
    { choice: ['price'] },
    { choice: ['price', 'quality'] },
    { choice: ['quality'] },
    { other: 'Radio' },
    { choice: ['friend'], comment: 'My sister' },
  ].entries())
    await answer(why, `2026-03-02T13:0${i}:00Z`, { visitor: `visitor-w${i}`, ...body });
  const report = async (query = '') => {
    const res = await admin(`/v1/admin/reports/surveys?from=2026-03-01&to=2026-03-04&tz=Asia/Dubai${query}`);
    expect(res.status).toBe(200);
    return res.json();
  };
  return { t, admin, report, nps, csat, why };
}

const none = { promoters: 0, passives: 0, detractors: 0, nps: null, csat: null };

describe('surveys report', () => {
  it('gives exact NPS, CSAT and choice shares per survey, and an NPS series by day in the site’s zone', async () => {
    const { report, nps, csat, why } = await seed();
    const body = await report('&interval=day');
    expect(body.rows).toEqual([
      {
        key: { survey: csat },
        name: 'CSAT',
        kind: 'csat',
        answers: 8,
        ...none,
        csat: 363,
        comments: 0,
        share: 1,
        choices: [],
      },
      {
        key: { survey: nps },
        name: 'NPS',
        kind: 'nps',
        answers: 8,
        promoters: 3,
        passives: 3,
        detractors: 2,
        nps: 13,
        csat: null,
        comments: 3,
        share: 1,
        choices: [],
      },
      {
        key: { survey: why },
        name: 'Why',
        kind: 'choice',
        answers: 5,
        ...none,
        comments: 1,
        share: 1,
        choices: [
          { choice: 'price', label: 'Price', answers: 2, share: 0.4 },
          { choice: 'quality', label: 'Quality', answers: 2, share: 0.4 },
          { choice: 'friend', label: 'A friend', answers: 1, share: 0.2 },
          { choice: 'other', label: 'other', answers: 1, share: 0.2 },
        ],
      },
    ]);
    expect(body.totals).toEqual({
      answers: 21,
      promoters: 3,
      passives: 3,
      detractors: 2,
      nps: 13,
      csat: 363,
      comments: 4,
    });
    expect(body.series.map((s: { t: string; nps: number | null; answers: number }) => [s.t, s.answers, s.nps])).toEqual(
      [
        ['2026-02-28T20:00:00.000Z', 1, 100],
        ['2026-03-01T20:00:00.000Z', 4 + 8 + 5, -25],
        ['2026-03-02T20:00:00.000Z', 3, 33],
      ],
    );
    expect(body.comments).toEqual([
      {
        survey: nps,
        group: 'promoter',
        label: 'promoter',
        answers: 1,
        latest: [{ id: expect.any(String), score: 10, comment: 'Fast', at: Date.parse('2026-03-01T19:30:00Z') }],
      },
      {
        survey: nps,
        group: 'detractor',
        label: 'detractor',
        answers: 2,
        latest: [
          { id: expect.any(String), score: 0, comment: 'Broken', at: Date.parse('2026-03-02T10:00:00Z') },
          { id: expect.any(String), score: 6, comment: 'Slow', at: Date.parse('2026-03-02T09:00:00Z') },
        ],
      },
      {
        survey: why,
        group: 'friend',
        label: 'A friend',
        answers: 1,
        latest: [{ id: expect.any(String), score: null, comment: 'My sister', at: Date.parse('2026-03-02T13:04:00Z') }],
      },
    ]);
  });

  it('splits by source, first or repeat customer, product bought, segment and choice', async () => {
    const { admin, report, nps, why } = await seed();
    const npsOf = async (query: string) =>
      (await report(`&survey=${nps}${query}`)).rows.map(
        (r: { key: Record<string, unknown>; nps: number; answers: number }) => [r.key, r.answers, r.nps],
      );
    expect(await npsOf('&by=source')).toEqual([
      [{ survey: nps, source: 'direct' }, 4, 0],
      [{ survey: nps, source: 'news' }, 4, 25],
    ]);
    expect(await npsOf('&by=campaign')).toEqual([
      [{ survey: nps, campaign: 'spring' }, 4, 25],
      [{ survey: nps, campaign: null }, 4, 0],
    ]);
    expect(await npsOf('&by=repeat')).toEqual([
      [{ survey: nps, customer: 'first' }, 2, -50],
      [{ survey: nps, customer: 'none' }, 4, 0],
      [{ survey: nps, customer: 'repeat' }, 2, 100],
    ]);
    expect(await npsOf('&by=product')).toEqual([
      [{ survey: nps, product: 'Desk' }, 2, -50],
      [{ survey: nps, product: 'Lamp' }, 2, 100],
      [{ survey: nps, product: null }, 4, 0],
    ]);
    const segment = { name: 'Repeat buyers', definition: { rules: [{ field: 'purchases', op: 'gte', value: 2 }] } };
    const { id: segmentId } = await (await admin('/v1/admin/segments', 'POST', segment)).json();
    expect(await npsOf('&by=segment')).toEqual([[{ survey: nps, segment: 'Repeat buyers' }, 2, 100]]);
    expect(await npsOf(`&segment=${segmentId}`)).toEqual([[{ survey: nps }, 2, 100]]);
    expect(await npsOf('&source=news')).toEqual([[{ survey: nps }, 4, 25]]);
    const choices = (await report(`&survey=${why}&by=choice`)).rows.map(
      (r: { key: { choice: string }; answers: number; share: number }) => [r.key.choice, r.answers, r.share],
    );
    expect(choices).toEqual([
      ['friend', 1, 0.2],
      ['other', 1, 0.2],
      ['price', 2, 0.4],
      ['quality', 2, 0.4],
    ]);
  });

  it('downloads as CSV like every report, and refuses a dimension another report does not have', async () => {
    const { admin, nps } = await seed();
    const res = await admin(
      `/v1/admin/reports/surveys?from=2026-03-01&to=2026-03-04&tz=Asia/Dubai&survey=${nps}&by=source&format=csv`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe('survey,source,name,kind,answers,promoters,passives,detractors,nps,csat,comments,share');
    expect(lines[2]).toBe(`${nps},news,NPS,nps,4,2,1,1,25,,2,0.5`);
    expect((await admin('/v1/admin/reports/demographics?by=product')).status).toBe(400);
    expect((await admin('/v1/admin/reports/surveys?survey=nope')).status).toBe(400);
  });

  it('rounds halves away from zero, in integers', () => {
    expect(roundedRatio(1250, 100)).toBe(13);
    expect(roundedRatio(-1250, 100)).toBe(-13);
    expect(roundedRatio(100, 3)).toBe(33);
    expect(roundedRatio(-200, 3)).toBe(-67);
    expect(roundedRatio(0, 7)).toBe(0);
  });
});
