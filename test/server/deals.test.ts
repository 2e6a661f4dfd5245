import { describe, expect, it } from 'vitest';
import { as, eventId, pageview, post, testApp } from './test-app.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A test app with its Sales pipeline and a JSON caller. */
async function board() {
  const t = await testApp();
  const call = async (path: string, method = 'GET', body?: unknown, token = t.adminToken) => {
    const res = await t.app.request(path, as(token, method, body));
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Json };
  };
  const { pipelines } = (await call('/v1/admin/pipelines')).body;
  const sales = pipelines[0] as { id: string; stages: { id: string; name: string; kind: string }[] };
  const stage = (name: string) => sales.stages.find((s) => s.name === name)!.id;
  const deal = async (body: Json, token = t.adminToken) => {
    const res = await call('/v1/admin/deals', 'POST', body, token);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const column = async (name: string, query = '') =>
    (await call(`/v1/admin/deals?pipeline=${sales.id}&stage=${stage(name)}${query}`)).body.deals.map(
      (d: Json) => d.title,
    );
  return { ...t, call, sales, stage, deal, column };
}

describe('pipelines', () => {
  it('gives a site one “Sales” pipeline with the default stages on first use, and the lost reasons', async () => {
    const { call, sales } = await board();
    expect(sales.stages.map((s) => [s.name, s.kind])).toEqual([
      ['Qualified', 'open'],
      ['Meeting', 'open'],
      ['Proposal', 'open'],
      ['Negotiation', 'open'],
      ['Won', 'won'],
      ['Lost', 'lost'],
    ]);
    const again = (await call('/v1/admin/pipelines')).body;
    expect(again.pipelines).toHaveLength(1);
    expect(again.lostReasons).toContain('Price');
  });
});

describe('deals', () => {
  it('creates a deal in the first open stage, in the site’s currency, owned by its creator', async () => {
    const { call, deal, stage } = await board();
    const created = await deal({ title: 'Acme renewal', amount: 120_000 });
    expect(created).toMatchObject({
      title: 'Acme renewal',
      amount: 120_000,
      currency: 'USD',
      stageId: stage('Qualified'),
      status: 'open',
      probability: 20,
      probabilityOverride: null,
      weighted: 24_000,
      contact: null,
      closeDate: null,
    });
    const detail = (await call(`/v1/admin/deals/${created.id}`)).body;
    expect(detail.stageChanges).toMatchObject([{ fromStageId: null, toStageId: stage('Qualified') }]);
  });

  it('moves deals between and inside columns, writing one row a move', async () => {
    const { call, deal, stage, column, db } = await board();
    const [a, b, c] = [await deal({ title: 'A' }), await deal({ title: 'B' }), await deal({ title: 'C' })];
    expect(await column('Qualified')).toEqual(['A', 'B', 'C']);
    const moved = await call(`/v1/admin/deals/${c.id}/move`, 'POST', { stageId: stage('Qualified'), position: 0 });
    expect(moved.status).toBe(200);
    expect(await column('Qualified')).toEqual(['C', 'A', 'B']);
    const positions = async () =>
      Object.fromEntries(
        (await db.execute('SELECT title, position FROM deals')).rows.map((r) => [r.title, r.position]),
      );
    const before = await positions();
    await call(`/v1/admin/deals/${a.id}/move`, 'POST', { stageId: stage('Qualified'), position: 2 });
    expect(await column('Qualified')).toEqual(['C', 'B', 'A']);
    const after = await positions();
    expect([after.B, after.C]).toEqual([before.B, before.C]);
    await call(`/v1/admin/deals/${b.id}/move`, 'POST', { stageId: stage('Proposal'), position: 0 });
    expect(await column('Qualified')).toEqual(['C', 'A']);
    expect(await column('Proposal')).toEqual(['B']);
  });
});
