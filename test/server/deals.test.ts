import type { InStatement } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { createSite } from '../../server/db/sites.ts';
import { seedDemo } from '../../server/demo/seed-demo.ts';
import { boardStatements } from '../../server/deals/board.ts';
import { dealListQuery } from '../../server/schemas/deals.ts';
import { as, eventId, pageview, post, testApp } from './test-app.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A test app, its Sales pipeline (made on first use) and JSON callers. */
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
  const move = (id: string, body: Json) => call(`/v1/admin/deals/${id}/move`, 'POST', body);
  const column = async (name: string, query = '') =>
    (await call(`/v1/admin/deals?pipeline=${sales.id}&stage=${stage(name)}${query}`)).body.deals.map(
      (d: Json) => d.title,
    );
  const contact = async (body: Json = { name: 'Ana', email: 'ana@example.com' }) =>
    (await call('/v1/admin/contacts', 'POST', body)).body;
  const count = async (sql: string, args: (string | number)[] = []) =>
    Number((await t.db.execute({ sql, args })).rows[0]!.n);
  const hook = () =>
    t.writes.run([
      {
        sql: `INSERT INTO webhooks (site_id, url, secret, created_at)
              SELECT id, 'https://hooks.example/in', 'x', 0 FROM sites WHERE key = ?`,
        args: [t.siteKey],
      },
    ]);
  /** A company of site `siteKey` (the companies API is another part's). */
  const company = async (name: string, domain: string | null = null, siteKey = t.siteKey) => {
    const id = crypto.randomUUID();
    await t.writes.run([
      {
        sql: `INSERT INTO companies (id, site_id, name, domain, created_at, updated_at)
              SELECT ?, id, ?, ?, 0, 0 FROM sites WHERE key = ?`,
        args: [id, name, domain, siteKey],
      },
    ]);
    return id;
  };
  const queued = async () =>
    (await t.db.execute('SELECT event_type, payload FROM deliveries ORDER BY id')).rows.map((r) => ({
      type: String(r.event_type),
      data: JSON.parse(String(r.payload)).data as Json,
    }));
  return { ...t, call, sales, stage, deal, move, column, contact, count, hook, company, queued };
}

/** Today in `tz`, as YYYY-MM-DD. */
const today = (tz: string) => new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(new Date());

describe('pipelines', () => {
  it('gives a site one “Sales” pipeline with the default stages on first use, and the lost reasons', async () => {
    const t = await testApp();
    const lists = await Promise.all(
      [1, 2].map(async () => (await t.app.request('/v1/admin/pipelines', as(t.adminToken))).json()),
    );
    const { pipelines, lostReasons } = (
      await (await t.app.request('/v1/admin/pipelines', as(t.adminToken))).json()
    ).valueOf() as Json;
    expect(pipelines).toHaveLength(1);
    expect(lists.map((l) => l.pipelines[0].id)).toEqual([pipelines[0].id, pipelines[0].id]);
    expect(pipelines[0].name).toBe('Sales');
    expect(pipelines[0].stages.map((s: Json) => [s.name, s.order, s.probability, s.kind])).toEqual([
      ['Qualified', 0, 20, 'open'],
      ['Meeting', 1, 40, 'open'],
      ['Proposal', 2, 60, 'open'],
      ['Negotiation', 3, 80, 'open'],
      ['Won', 4, 100, 'won'],
      ['Lost', 5, 0, 'lost'],
    ]);
    expect(lostReasons).toContain('Price');
  });

  it('checks the stage rules: an open stage, exactly one won, a lost one, distinct names', async () => {
    const { call } = await board();
    const bad = [
      [
        { name: 'Won', kind: 'won' },
        { name: 'Lost', kind: 'lost' },
        { name: 'Also won', kind: 'won' },
      ],
      [{ name: 'Open' }, { name: 'Lost', kind: 'lost' }, { name: 'Lost 2', kind: 'lost' }],
      [{ name: 'Open' }, { name: 'Won', kind: 'won' }, { name: 'Won 2', kind: 'won' }, { name: 'L', kind: 'lost' }],
      [{ name: 'Open' }, { name: 'Won', kind: 'won' }, { name: 'Open2' }],
      [{ name: 'Open' }, { name: 'open' }, { name: 'Won', kind: 'won' }, { name: 'Lost', kind: 'lost' }],
      [
        { name: 'Open', probability: 101 },
        { name: 'Won', kind: 'won' },
        { name: 'Lost', kind: 'lost' },
      ],
    ];
    for (const stages of bad)
      expect((await call('/v1/admin/pipelines', 'POST', { name: 'X', stages })).status, JSON.stringify(stages)).toBe(
        400,
      );
    const renewals = await call('/v1/admin/pipelines', 'POST', {
      name: 'Renewals',
      stages: [
        { name: 'Due', probability: 70 },
        { name: 'Renewed', kind: 'won', probability: 10 },
        { name: 'Churned', kind: 'lost', probability: 90 },
      ],
    });
    expect(renewals.status).toBe(201);
    // A won stage is certain and a lost one hopeless, whatever is given.
    expect(renewals.body.stages.map((s: Json) => s.probability)).toEqual([70, 100, 0]);
    expect((await call('/v1/admin/pipelines', 'POST', { name: 'Renewals' })).status).toBe(409);
    const defaults = await call('/v1/admin/pipelines', 'POST', { name: 'Partners' });
    expect(defaults.body.stages).toHaveLength(6);
    // New pipelines come last unless given an order.
    expect((await call('/v1/admin/pipelines')).body.pipelines.map((p: Json) => [p.name, p.order])).toEqual([
      ['Sales', 0],
      ['Renewals', 1],
      ['Partners', 2],
    ]);
  });

  it('edits stages: kept by id, added, reordered; a stage with deals keeps its kind and is not dropped', async () => {
    const { call, sales, stage, deal } = await board();
    const path = `/v1/admin/pipelines/${sales.id}`;
    await deal({ title: 'In proposal', stageId: stage('Proposal') });
    const stages = sales.stages.map((s) => ({ id: s.id, name: s.name, kind: s.kind }));
    const [qualified, meeting, proposal, negotiation, won, lost] = stages;
    const edited = await call(path, 'PATCH', {
      name: 'New business',
      stages: [
        { ...proposal, name: 'Quote sent', probability: 55 },
        { ...qualified },
        { name: 'Trial', probability: 30 },
        won,
        lost,
        { name: 'No answer', kind: 'lost' },
      ],
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.name).toBe('New business');
    expect(edited.body.stages.map((s: Json) => [s.name, s.order, s.probability, s.kind])).toEqual([
      ['Quote sent', 0, 55, 'open'],
      ['Qualified', 1, 50, 'open'],
      ['Trial', 2, 30, 'open'],
      ['Won', 3, 100, 'won'],
      ['Lost', 4, 0, 'lost'],
      ['No answer', 5, 0, 'lost'],
    ]);
    expect(edited.body.stages[0].id).toBe(proposal!.id);
    expect(edited.body.stages.map((s: Json) => s.id)).not.toContain(meeting!.id);
    expect(edited.body.stages.map((s: Json) => s.id)).not.toContain(negotiation!.id);
    // The deal's stage cannot go while it holds the deal, nor change its kind.
    const now = edited.body.stages.map((s: Json) => ({ id: s.id, name: s.name, kind: s.kind }));
    expect((await call(path, 'PATCH', { stages: now.slice(1) })).status).toBe(409);
    expect((await call(path, 'PATCH', { stages: [{ ...now[0], kind: 'lost' }, ...now.slice(1)] })).status).toBe(409);
    // Another pipeline's stage id is not this pipeline's.
    const other = (await call('/v1/admin/pipelines', 'POST', { name: 'Other' })).body;
    expect(
      (await call(path, 'PATCH', { stages: [{ ...now[0], id: other.stages[0].id }, ...now.slice(1)] })).status,
    ).toBe(400);
  });

  it('removes a stage with its deals only into a stage of the same kind, keeping them in its history', async () => {
    const { call, sales, stage, deal, hook, queued } = await board();
    const a = await deal({ title: 'A', stageId: stage('Meeting') });
    await deal({ title: 'B', stageId: stage('Meeting') });
    await deal({ title: 'C', stageId: stage('Proposal') });
    await hook();
    const path = `/v1/admin/pipelines/${sales.id}/stages/${stage('Meeting')}`;
    expect((await call(path, 'DELETE')).status).toBe(409);
    expect((await call(`${path}?moveTo=${stage('Won')}`, 'DELETE')).status).toBe(400);
    expect((await call(`${path}?moveTo=${stage('Meeting')}`, 'DELETE')).status).toBe(400);
    const done = await call(`${path}?moveTo=${stage('Proposal')}`, 'DELETE');
    expect(done.status).toBe(200);
    expect(done.body.stages.map((s: Json) => [s.name, s.order])).toEqual([
      ['Qualified', 0],
      ['Proposal', 1],
      ['Negotiation', 2],
      ['Won', 3],
      ['Lost', 4],
    ]);
    const list = (await call(`/v1/admin/deals?stage=${stage('Proposal')}`)).body;
    expect(list.deals.map((d: Json) => d.title)).toEqual(['C', 'A', 'B']);
    const detail = (await call(`/v1/admin/deals/${a.id}`)).body;
    expect(detail.stageChanges.map((h: Json) => [h.fromStage, h.toStage])).toEqual([
      [null, null],
      [null, 'Proposal'],
    ]);
    expect((await queued()).map((d) => [d.type, d.data.deal.title])).toEqual([
      ['deal.stage_changed', 'A'],
      ['deal.stage_changed', 'B'],
    ]);
    // The won and the last lost stage stay.
    expect((await call(`/v1/admin/pipelines/${sales.id}/stages/${stage('Won')}`, 'DELETE')).status).toBe(409);
    expect((await call(`/v1/admin/pipelines/${sales.id}/stages/${stage('Lost')}`, 'DELETE')).status).toBe(409);
  });

  it('removes a pipeline without deals, never the last one; owners only', async () => {
    const { call, sales, deal, tokenFor } = await board();
    const rep = await tokenFor('rep');
    const extra = (await call('/v1/admin/pipelines', 'POST', { name: 'Extra' })).body;
    expect((await call('/v1/admin/pipelines', 'POST', { name: 'Mine' }, rep)).status).toBe(403);
    expect((await call(`/v1/admin/pipelines/${extra.id}`, 'PATCH', { name: 'Y' }, rep)).status).toBe(403);
    expect((await call(`/v1/admin/pipelines/${extra.id}`, 'DELETE', undefined, rep)).status).toBe(403);
    expect((await call(`/v1/admin/pipelines/${extra.id}`, 'GET', undefined, rep)).status).toBe(200);
    await deal({ title: 'Keeps it', pipelineId: extra.id });
    expect((await call(`/v1/admin/pipelines/${extra.id}`, 'DELETE')).status).toBe(409);
    expect((await call(`/v1/admin/pipelines/${sales.id}`, 'DELETE')).status).toBe(204);
    expect((await call(`/v1/admin/pipelines/${sales.id}`)).status).toBe(404);
    const { body } = await call('/v1/admin/deals');
    expect(body.pipelineId).toBe(extra.id);
    const gone = await call(`/v1/admin/deals/${body.deals[0].id}`, 'DELETE');
    expect(gone.status).toBe(204);
    expect((await call(`/v1/admin/pipelines/${extra.id}`, 'DELETE')).status).toBe(409);
  });
});

describe('deals', () => {
  it('creates a deal in the first open stage, in the site’s currency, owned by its creator, audited', async () => {
    const { call, deal, stage, hook, queued } = await board();
    await hook();
    const created = await deal({ title: 'Acme renewal', amount: 120_000, closeDate: '2026-12-31' });
    const me = (await call('/v1/admin/me')).body.user;
    expect(created).toMatchObject({
      title: 'Acme renewal',
      amount: 120_000,
      currency: 'USD',
      stageId: stage('Qualified'),
      status: 'open',
      probability: 20,
      probabilityOverride: null,
      weighted: 24_000,
      ownerId: me.id,
      createdBy: me.id,
      contact: null,
      company: null,
      closeDate: '2026-12-31',
      closedAt: null,
      source: null,
    });
    const detail = (await call(`/v1/admin/deals/${created.id}`)).body;
    expect(detail.stageChanges).toMatchObject([{ fromStageId: null, toStageId: stage('Qualified'), userId: me.id }]);
    expect(detail).toMatchObject({ activities: [], purchases: [] });
    expect(await queued()).toMatchObject([
      { type: 'deal.created', data: { deal: { id: created.id, stage: 'Qualified' } } },
    ]);
    const { entries } = (await call('/v1/admin/audit-log')).body;
    expect(entries[0]).toMatchObject({ action: 'deal.create', target: `deal:${created.id}` });
  });

  it('keeps the contact’s first touch as the deal’s source, and the contact and company in brief', async () => {
    const { app, siteKey, call, deal, company, writes } = await board();
    const visitor = 'visitor-deal';
    await app.request(
      '/v1/events',
      post({
        site: siteKey,
        events: [
          pageview({
            visitor,
            session: 'session-first',
            url: 'https://shop.example/?utm_source=news&utm_medium=email&utm_campaign=nov',
          }),
        ],
      }),
    );
    await app.request(
      '/v1/leads',
      post({
        site: siteKey,
        form: 'contact',
        id: eventId(),
        visitor,
        session: 'session-first',
        fields: { name: 'Bo', email: 'bo@example.com' },
        elapsedMs: 5000,
      }),
    );
    const { contacts } = (await call('/v1/admin/contacts')).body;
    const bo = contacts[0];
    const acme = await company('Acme', 'acme.example');
    const created = await deal({ title: 'Bo’s order', contactId: bo.id, companyId: acme, amount: 5000 });
    expect(created).toMatchObject({
      contact: { id: bo.id, name: 'Bo', email: 'bo@example.com' },
      company: { id: acme, name: 'Acme', domain: 'acme.example' },
      source: 'news',
      medium: 'email',
      campaign: 'nov',
      firstSession: 'session-first',
    });
    // Kept: a later visit from elsewhere and another contact do not change it.
    const other = (await call('/v1/admin/contacts', 'POST', { name: 'Cy', email: 'cy@example.com' })).body;
    const changed = await call(`/v1/admin/deals/${created.id}`, 'PATCH', { contactId: other.id });
    expect(changed.body).toMatchObject({ contactId: other.id, source: 'news', firstSession: 'session-first' });
    // A deal made without a contact takes the first linked contact's source.
    const later = await deal({ title: 'Later' });
    expect((await call(`/v1/admin/deals/${later.id}`, 'PATCH', { contactId: bo.id })).body).toMatchObject({
      source: 'news',
      campaign: 'nov',
    });
    const companyOnly = await deal({ title: 'Company deal', companyId: acme });
    expect(companyOnly).toMatchObject({ contactId: null, companyId: acme, source: null });
    // A company removed behind its back (no foreign keys enforced) leaves no brief of it.
    await writes.run([{ sql: 'DELETE FROM companies WHERE id = ?', args: [acme] }]);
    expect((await call(`/v1/admin/deals/${companyOnly.id}`)).body.company).toBeNull();
  });

  it('refuses bad input with a 400 and changes nothing', async () => {
    const { call, deal, stage, count, sales } = await board();
    const other = (await call('/v1/admin/pipelines', 'POST', { name: 'Other' })).body;
    const bad: Json[] = [
      {},
      { title: '' },
      { title: 'x'.repeat(201) },
      { title: 'T', amount: -1 },
      { title: 'T', amount: 10 ** 13 + 1 },
      { title: 'T', amount: 1.5 },
      { title: 'T', amount: '100' },
      { title: 'T', currency: 'usd' },
      { title: 'T', closeDate: '2026-13-01' },
      { title: 'T', closeDate: '2026-1-5' },
      { title: 'T', closeDate: '31/12/2026' },
      { title: 'T', probability: 101 },
      { title: 'T', contactId: 'not-an-id' },
      { title: 'T', stageId: crypto.randomUUID() },
      { title: 'T', pipelineId: other.id, stageId: stage('Qualified') },
      { title: 'T', ownerId: 999 },
      { title: 'T', unknown: 1 },
      { title: 'T', stageId: stage('Lost') },
      { title: 'T', stageId: stage('Lost'), lostReason: 'Not on the list' },
    ];
    for (const body of bad)
      expect((await call('/v1/admin/deals', 'POST', body)).status, JSON.stringify(body)).toBe(400);
    expect(await count('SELECT count(*) AS n FROM deals')).toBe(0);
    expect((await call('/v1/admin/deals', 'POST', { title: 'Max', amount: 10 ** 13 })).status).toBe(201);
    const d = await deal({ title: 'T' });
    for (const body of [
      { amount: -5 },
      { closeDate: '2026-02-30x' },
      { lostReason: 'Price' },
      { stageId: other.stages[0].id },
    ])
      expect((await call(`/v1/admin/deals/${d.id}`, 'PATCH', body)).status, JSON.stringify(body)).toBe(400);
    for (const body of [{}, { stageId: 'x' }, { stageId: other.stages[0].id }, { stageId: stage('Won'), position: -1 }])
      expect((await call(`/v1/admin/deals/${d.id}/move`, 'POST', body)).status, JSON.stringify(body)).toBe(400);
    expect((await call(`/v1/admin/deals?closeMonth=2026-13`)).status).toBe(400);
    expect((await call(`/v1/admin/deals?limit=201`)).status).toBe(400);
    expect((await call(`/v1/admin/deals?cursor=1_${d.id}`)).status).toBe(400);
    expect((await call(`/v1/admin/deals?pipeline=${sales.id}&stage=${other.stages[0].id}`)).status).toBe(400);
    expect((await call(`/v1/admin/deals?stage=${other.stages[0].id}`)).body.pipelineId).toBe(other.id);
    expect((await call(`/v1/admin/deals?pipeline=${crypto.randomUUID()}`)).status).toBe(404);
  });

  it('answers 404 for another site’s deal, contact, company, pipeline; 403 to a viewer’s writes', async () => {
    const { call, deal, writes, tokenFor, company } = await board();
    const mine = await deal({ title: 'Mine' });
    const b = await createSite(writes, { name: 'Site B' });
    const asB = (path: string, method = 'GET', body?: unknown) => call(path, method, body, b.adminToken);
    const theirs = (await asB('/v1/admin/deals', 'POST', { title: 'Theirs' })).body;
    const theirContact = (await asB('/v1/admin/contacts', 'POST', { name: 'Zed' })).body;
    const theirCompany = await company('B Corp', null, b.siteKey);
    const theirPipeline = (await asB('/v1/admin/pipelines')).body.pipelines[0];
    expect((await call(`/v1/admin/deals/${theirs.id}`)).status).toBe(404);
    expect((await call(`/v1/admin/deals/${theirs.id}`, 'PATCH', { title: 'x' })).status).toBe(404);
    expect((await call(`/v1/admin/deals/${theirs.id}/move`, 'POST', { stageId: theirs.stageId })).status).toBe(404);
    expect((await call(`/v1/admin/deals/${theirs.id}/activities`, 'POST', { kind: 'note' })).status).toBe(404);
    expect((await call(`/v1/admin/deals/${theirs.id}/purchases`, 'POST', {})).status).toBe(404);
    expect((await call(`/v1/admin/deals/${theirs.id}`, 'DELETE')).status).toBe(404);
    expect((await call('/v1/admin/deals', 'POST', { title: 'x', contactId: theirContact.id })).status).toBe(404);
    expect((await call('/v1/admin/deals', 'POST', { title: 'x', companyId: theirCompany })).status).toBe(404);
    expect((await call(`/v1/admin/deals/${mine.id}`, 'PATCH', { contactId: theirContact.id })).status).toBe(404);
    expect((await call('/v1/admin/deals', 'POST', { title: 'x', pipelineId: theirPipeline.id })).status).toBe(404);
    expect((await call(`/v1/admin/deals?pipeline=${theirPipeline.id}`)).status).toBe(404);
    expect((await call(`/v1/admin/pipelines/${theirPipeline.id}`, 'PATCH', { name: 'Mine now' })).status).toBe(404);
    expect((await call(`/v1/admin/deals/${mine.id}/move`, 'POST', { stageId: theirs.stageId })).status).toBe(400);
    expect((await asB(`/v1/admin/deals/${theirs.id}`)).body.title).toBe('Theirs');

    const viewer = await tokenFor('viewer');
    const asViewer = (path: string, method = 'GET', body?: unknown) => call(path, method, body, viewer);
    expect((await asViewer('/v1/admin/deals')).status).toBe(200);
    expect((await asViewer(`/v1/admin/deals/${mine.id}`)).status).toBe(200);
    expect((await asViewer('/v1/admin/pipelines')).status).toBe(200);
    expect((await asViewer('/v1/admin/deals', 'POST', { title: 'x' })).status).toBe(403);
    expect((await asViewer(`/v1/admin/deals/${mine.id}`, 'PATCH', { title: 'x' })).status).toBe(403);
    expect((await asViewer(`/v1/admin/deals/${mine.id}/move`, 'POST', { stageId: mine.stageId })).status).toBe(403);
    expect((await asViewer(`/v1/admin/deals/${mine.id}/activities`, 'POST', { kind: 'note' })).status).toBe(403);
    expect((await asViewer(`/v1/admin/deals/${mine.id}`, 'DELETE')).status).toBe(403);
    const integration = await tokenFor('integration');
    expect((await call('/v1/admin/deals', 'GET', undefined, integration)).status).toBe(403);
    const rep = await tokenFor('rep');
    expect((await call('/v1/admin/deals', 'POST', { title: 'By a rep' }, rep)).status).toBe(201);
    expect((await call(`/v1/admin/deals/${mine.id}`, 'DELETE', undefined, rep)).status).toBe(403);
  });

  it('moves deals between and inside columns, writing one row a move', async () => {
    const { db, deal, stage, column, move } = await board();
    const [a, b, c] = [await deal({ title: 'A' }), await deal({ title: 'B' }), await deal({ title: 'C' })];
    expect(await column('Qualified')).toEqual(['A', 'B', 'C']);
    expect((await move(c.id, { stageId: stage('Qualified'), position: 0 })).status).toBe(200);
    expect(await column('Qualified')).toEqual(['C', 'A', 'B']);
    const positions = async () =>
      Object.fromEntries(
        (await db.execute('SELECT title, position FROM deals')).rows.map((r) => [r.title, r.position]),
      );
    const before = await positions();
    await move(a.id, { stageId: stage('Qualified'), position: 2 });
    expect(await column('Qualified')).toEqual(['C', 'B', 'A']);
    const after = await positions();
    expect([after.B, after.C]).toEqual([before.B, before.C]);
    await move(b.id, { stageId: stage('Proposal'), position: 0 });
    expect(await column('Qualified')).toEqual(['C', 'A']);
    expect(await column('Proposal')).toEqual(['B']);
    await move(a.id, { stageId: stage('Proposal'), position: 0 });
    await move(c.id, { stageId: stage('Proposal'), position: 1 });
    expect(await column('Proposal')).toEqual(['A', 'C', 'B']);
    // Past the end is the end.
    await move(a.id, { stageId: stage('Proposal'), position: 99 });
    expect(await column('Proposal')).toEqual(['C', 'B', 'A']);
  });

  it('renumbers a column when two neighbours are too close to split', async () => {
    const { writes, deal, stage, column, move } = await board();
    const ids = [];
    for (const title of ['A', 'B', 'C', 'D']) ids.push((await deal({ title })).id);
    await writes.run([
      { sql: 'UPDATE deals SET position = 1 WHERE title = ?', args: ['A'] },
      { sql: 'UPDATE deals SET position = 1 + 2e-16 WHERE title = ?', args: ['B'] },
    ]);
    expect(await column('Qualified')).toEqual(['A', 'B', 'C', 'D']);
    await move(ids[3]!, { stageId: stage('Qualified'), position: 1 });
    expect(await column('Qualified')).toEqual(['A', 'D', 'B', 'C']);
    await move(ids[2]!, { stageId: stage('Qualified'), position: 1 });
    expect(await column('Qualified')).toEqual(['A', 'C', 'D', 'B']);
  });

  it('closes a deal in a won or lost stage (today in its zone) with a listed lost reason; reopens', async () => {
    const { call, deal, stage, move, hook, queued, count } = await board();
    await hook();
    for (const timeZone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      expect((await call('/v1/admin/settings', 'PATCH', { timeZone })).status).toBe(200);
      const d = await deal({ title: `Won in ${timeZone}`, amount: 1000, probability: 35, closeDate: '2030-01-01' });
      const won = await move(d.id, { stageId: stage('Won') });
      expect(won.body).toMatchObject({
        status: 'won',
        closeDate: today(timeZone),
        probability: 100,
        probabilityOverride: null,
        weighted: 1000,
      });
      expect(won.body.closedAt).toBeGreaterThan(Date.now() - 60_000);
    }
    const d = await deal({ title: 'Lost one', amount: 500 });
    expect((await move(d.id, { stageId: stage('Lost') })).status).toBe(400);
    expect((await move(d.id, { stageId: stage('Lost'), lostReason: 'Bad vibes' })).status).toBe(400);
    const lost = await move(d.id, { stageId: stage('Lost'), lostReason: 'Price', closeDate: '2026-11-30' });
    expect(lost.body).toMatchObject({ status: 'lost', lostReason: 'Price', closeDate: '2026-11-30', weighted: 0 });
    // A lost deal's reason can change, within the list.
    expect((await call(`/v1/admin/deals/${d.id}`, 'PATCH', { lostReason: 'Timing' })).body.lostReason).toBe('Timing');
    expect((await call(`/v1/admin/deals/${d.id}`, 'PATCH', { lostReason: 'Whatever' })).status).toBe(400);
    const reopened = await move(d.id, { stageId: stage('Negotiation') });
    expect(reopened.body).toMatchObject({ status: 'open', closedAt: null, lostReason: null, probability: 80 });
    // Back to won through PATCH: a move to the end of that column.
    const viaPatch = await call(`/v1/admin/deals/${d.id}`, 'PATCH', { stageId: stage('Won'), closeDate: '2026-12-01' });
    expect(viaPatch.body).toMatchObject({ status: 'won', closeDate: '2026-12-01' });
    const detail = (await call(`/v1/admin/deals/${d.id}`)).body;
    expect(detail.stageChanges.map((h: Json) => h.toStage)).toEqual(['Qualified', 'Lost', 'Negotiation', 'Won']);
    expect(await count('SELECT count(*) AS n FROM deal_stage_changes WHERE deal_id = ?', [d.id])).toBe(4);
    const events = (await queued()).filter((e) => e.data.deal.id === d.id);
    expect(events.map((e) => [e.type, e.data.from ?? e.data.fromStageId ?? null, e.data.deal.status])).toEqual([
      ['deal.created', null, 'open'],
      ['deal.stage_changed', stage('Qualified'), 'lost'],
      ['deal.lost', null, 'lost'],
      ['deal.stage_changed', stage('Lost'), 'open'],
      ['deal.stage_changed', stage('Negotiation'), 'won'],
      ['deal.won', null, 'won'],
    ]);
    const { entries } = (await call('/v1/admin/audit-log')).body;
    expect(entries.filter((e: Json) => e.target === `deal:${d.id}`).map((e: Json) => e.action)).toEqual([
      'deal.update',
      'deal.move',
      'deal.update',
      'deal.move',
      'deal.create',
    ]);
  });

  it('takes any lost reason, or none, when the site keeps no list', async () => {
    const { call, deal, stage, move } = await board();
    expect((await call('/v1/admin/settings', 'PATCH', { lostReasons: [] })).status).toBe(200);
    expect((await call('/v1/admin/pipelines')).body.lostReasons).toEqual([]);
    const a = await deal({ title: 'A' });
    expect((await move(a.id, { stageId: stage('Lost') })).body).toMatchObject({ status: 'lost', lostReason: null });
    const b = await deal({ title: 'B', stageId: stage('Lost'), lostReason: 'They moved abroad' });
    expect(b).toMatchObject({ status: 'lost', lostReason: 'They moved abroad' });
  });

  it('lists a pipeline by column with totals over the whole filtered pipeline, and pages one column', async () => {
    const { call, deal, stage, sales, tokenFor } = await board();
    const rep = await tokenFor('rep');
    const repId = (await call('/v1/admin/me', 'GET', undefined, rep)).body.user.id;
    const made = [];
    for (let i = 0; i < 5; i++)
      made.push(await deal({ title: `Q${i}`, amount: 1001 * (i + 1), closeDate: `2026-1${i % 2}-15` }));
    await deal({ title: 'Euro', amount: 7000, currency: 'EUR', closeDate: '2026-10-01' });
    await deal({ title: 'P1', amount: 3000, stageId: stage('Proposal'), probability: 33, ownerId: repId });
    await deal({ title: 'P2 acme', amount: 4001, stageId: stage('Proposal') }, rep);
    await deal({ title: 'W', amount: 9999, stageId: stage('Won') });
    const all = (await call(`/v1/admin/deals?pipeline=${sales.id}&limit=2`)).body;
    expect(all.currency).toBe('USD');
    expect(all.deals.map((d: Json) => d.title)).toEqual(['Q0', 'Q1', 'P1', 'P2 acme', 'W']);
    const col = (id: string, page = all) => page.stages.find((s: Json) => s.stageId === id);
    // Qualified: 1001+2002+3003+4004+5005 = 15015 USD, weighted at 20 %: each rounded, 200+400+601+801+1001 = 3003.
    expect(col(stage('Qualified'))).toMatchObject({
      count: 6,
      amount: 15_015,
      weighted: 3003,
      otherCurrencies: { EUR: { amount: 7000, weighted: 1400 } },
    });
    expect(col(stage('Qualified')).nextCursor).toMatch(/_/);
    // Proposal: 3000 at its own 33 % = 990; 4001 at the stage's 60 % = 2400.6 → 2401.
    expect(col(stage('Proposal'))).toMatchObject({ count: 2, amount: 7001, weighted: 3391, nextCursor: null });
    expect(col(stage('Won'))).toMatchObject({ count: 1, amount: 9999, weighted: 9999 });
    expect(col(stage('Meeting'))).toMatchObject({ count: 0, amount: 0, weighted: 0, otherCurrencies: {} });
    // The rest of one column, page by page.
    let cursor = col(stage('Qualified')).nextCursor;
    const titles = ['Q0', 'Q1'];
    while (cursor) {
      const page = (await call(`/v1/admin/deals?stage=${stage('Qualified')}&limit=2&cursor=${cursor}`)).body;
      titles.push(...page.deals.map((d: Json) => d.title));
      expect(page.stages).toHaveLength(1);
      cursor = page.stages[0].nextCursor;
    }
    expect(titles).toEqual(['Q0', 'Q1', 'Q2', 'Q3', 'Q4', 'Euro']);
    // Filters narrow the deals and the totals alike.
    const totals = async (query: string) =>
      Object.fromEntries(
        (await call(`/v1/admin/deals?${query}`)).body.stages
          .filter((s: Json) => s.count)
          .map((s: Json) => [sales.stages.find((x) => x.id === s.stageId)!.name, [s.count, s.amount]]),
      );
    expect(await totals(`owner=${repId}`)).toEqual({ Proposal: [2, 7001] });
    expect(await totals('owner=me')).toEqual({ Qualified: [6, 15_015], Won: [1, 9999] });
    expect(await totals('closeMonth=2026-11')).toEqual({ Qualified: [2, 2002 + 4004] });
    expect(await totals('status=won')).toEqual({ Won: [1, 9999] });
    expect(await totals('q=ACME')).toEqual({ Proposal: [1, 4001] });
    expect(await totals('q=%25')).toEqual({});
    expect(await totals('source=news')).toEqual({});
    // One contact's or one company's deals (the contact and company pages).
    const ana = (await call('/v1/admin/contacts', 'POST', { email: 'ana@acme.example' })).body;
    const acme = (await call('/v1/admin/companies', 'POST', { name: 'Acme', domain: 'acme.example' })).body;
    await deal({ title: 'Ana', amount: 500, contactId: ana.id, stageId: stage('Proposal') });
    await deal({ title: 'Acme', amount: 600, companyId: acme.id });
    expect(await totals(`contact=${ana.id}`)).toEqual({ Proposal: [1, 500] });
    expect(await totals(`company=${acme.id}`)).toEqual({ Qualified: [1, 600] });
    expect(await totals(`contact=${crypto.randomUUID()}`)).toEqual({});
    expect((await call('/v1/admin/deals?contact=nope')).status).toBe(400);
    expect(made).toHaveLength(5);
  });
});

describe('deal activities and purchases', () => {
  it('logs activities on a deal, on its contact’s timeline too; a company deal keeps its own', async () => {
    const { call, deal, contact, count, company } = await board();
    const ana = await contact();
    const d = await deal({ title: 'With Ana', contactId: ana.id });
    const logged = await call(`/v1/admin/deals/${d.id}/activities`, 'POST', {
      kind: 'call',
      subject: 'Intro call',
      durationMinutes: 15,
    });
    expect(logged.status).toBe(201);
    expect(logged.body).toMatchObject({ kind: 'call', subject: 'Intro call', contactId: ana.id });
    const timeline = (await call(`/v1/admin/contacts/${ana.id}/timeline?kinds=activities`)).body;
    expect(timeline.items.find((i: Json) => i.kind === 'activity').data).toMatchObject({
      subject: 'Intro call',
      dealId: d.id,
    });
    // A logged activity makes the lead a prospect.
    expect((await call(`/v1/admin/contacts/${ana.id}`)).body.stage).toBe('prospect');
    const acme = await company('Acme');
    const co = await deal({ title: 'Acme deal', companyId: acme });
    await call(`/v1/admin/deals/${co.id}/activities`, 'POST', { kind: 'meeting', subject: 'Kick-off' });
    await call(`/v1/admin/deals/${co.id}/activities`, 'POST', { kind: 'note', body: 'Budget approved', occurredAt: 1 });
    const detail = (await call(`/v1/admin/deals/${co.id}`)).body;
    expect(detail.activities.map((a: Json) => [a.kind, a.contactId])).toEqual([
      ['meeting', null],
      ['note', null],
    ]);
    expect((await call(`/v1/admin/deals/${co.id}/activities`, 'POST', { kind: 'fax' })).status).toBe(400);
    // Activities edit and delete through the one activities route.
    const id = detail.activities[1].id;
    expect((await call(`/v1/admin/activities/${id}`, 'PATCH', { body: 'Budget approved: 10k' })).status).toBe(200);
    // Deleting the deal: its own activities go, the contact's stay on the contact; the history goes.
    expect((await call(`/v1/admin/deals/${co.id}`, 'DELETE')).status).toBe(204);
    expect((await call(`/v1/admin/deals/${d.id}`, 'DELETE')).status).toBe(204);
    expect(await count('SELECT count(*) AS n FROM activities')).toBe(1);
    expect(await count('SELECT count(*) AS n FROM activities WHERE contact_id = ? AND deal_id IS NULL', [ana.id])).toBe(
      1,
    );
    expect(await count('SELECT count(*) AS n FROM deal_stage_changes')).toBe(0);
    expect((await call(`/v1/admin/deals/${d.id}`)).status).toBe(404);
  });

  it('records the purchases of a won deal once: the contact becomes a customer', async () => {
    const { call, deal, contact, stage, move, count } = await board();
    const ana = await contact();
    const d = await deal({ title: 'Annual plan', contactId: ana.id, amount: 120_000 });
    const path = `/v1/admin/deals/${d.id}/purchases`;
    expect((await call(path, 'POST', {})).status).toBe(409);
    await move(d.id, { stageId: stage('Won') });
    const made = await call(path, 'POST', {});
    expect(made.status).toBe(201);
    expect(made.body.purchases).toMatchObject([
      {
        contactId: ana.id,
        productName: 'Annual plan',
        unitPrice: 120_000,
        quantity: 1,
        total: 120_000,
        currency: 'USD',
      },
    ]);
    expect((await call(path, 'POST', {})).status).toBe(409);
    expect((await call(`/v1/admin/contacts/${ana.id}`)).body.stage).toBe('customer');
    expect(await count('SELECT count(*) AS n FROM purchases WHERE deal_id = ?', [d.id])).toBe(1);
    const detail = (await call(`/v1/admin/deals/${d.id}`)).body;
    expect(detail.purchases.map((p: Json) => p.total)).toEqual([120_000]);
    const timeline = (await call(`/v1/admin/contacts/${ana.id}/timeline?kinds=purchases`)).body;
    expect(timeline.items[0].data).toMatchObject({ productName: 'Annual plan', dealId: d.id });

    // Items, each a product or a name and price, in the deal's currency.
    const product = (await call('/v1/admin/products', 'POST', { name: 'Setup', price: 5000, currency: 'EUR' })).body;
    const bo = await contact({ name: 'Bo', email: 'bo@example.com' });
    const e = await deal({
      title: 'Bo’s order',
      contactId: bo.id,
      amount: 25_000,
      currency: 'EUR',
      stageId: stage('Won'),
    });
    const items = await call(`/v1/admin/deals/${e.id}/purchases`, 'POST', {
      items: [{ productId: product.id }, { productName: 'Licences', unitPrice: 1000, quantity: 20 }],
    });
    expect(items.status).toBe(201);
    expect(items.body.purchases.map((p: Json) => [p.productName, p.total, p.currency]).sort()).toEqual([
      ['Licences', 20_000, 'EUR'],
      ['Setup', 5000, 'EUR'],
    ]);
    // A deal without a contact has no buyer.
    const nobody = await deal({ title: 'Nobody', stageId: stage('Won') });
    expect((await call(`/v1/admin/deals/${nobody.id}/purchases`, 'POST', {})).status).toBe(409);
    expect((await call(`/v1/admin/deals/${e.id}/purchases`, 'POST', { items: [] })).status).toBe(400);
    expect((await call(`/v1/admin/deals/${e.id}/purchases`, 'POST', { items: [{ quantity: 2 }] })).status).toBe(400);
    // Deleting the deal keeps the purchases (no longer from a deal).
    expect((await call(`/v1/admin/deals/${d.id}`, 'DELETE')).status).toBe(204);
    expect(await count('SELECT count(*) AS n FROM purchases WHERE contact_id = ? AND deal_id IS NULL', [ana.id])).toBe(
      1,
    );
  });

  it('follows a contact merged into another', async () => {
    const { call, deal, contact } = await board();
    const ana = await contact();
    const dup = await contact({ name: 'Ana 2', email: 'ana2@example.com' });
    const d = await deal({ title: 'Dup’s deal', contactId: dup.id });
    expect((await call(`/v1/admin/contacts/${ana.id}/merge`, 'POST', { from: dup.id })).status).toBe(200);
    expect((await call(`/v1/admin/deals/${d.id}`)).body.contact).toMatchObject({ id: ana.id, name: 'Ana' });
  });
});

describe('the board list', () => {
  it('reads deals through the board indexes only, whatever the filters: no table walk, no full sort', async () => {
    const { db, siteKey, sales, stage, deal } = await board();
    for (let i = 0; i < 30; i++) await deal({ title: `D${i}`, amount: i, stageId: stage(i % 2 ? 'Proposal' : 'Won') });
    const siteId = Number(
      (await db.execute({ sql: 'SELECT id FROM sites WHERE key = ?', args: [siteKey] })).rows[0]!.id,
    );
    const plan = async (st: InStatement) => {
      const { sql, args = [] } = typeof st === 'string' ? { sql: st } : st;
      return (await db.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args })).rows.map((r) => String(r.detail));
    };
    const queries: Json[] = [
      {},
      { owner: 'me' },
      { owner: 'none', source: 'news' },
      { closeMonth: '2026-03', status: 'open' },
      { q: 'acme' },
      { stage: stage('Won'), cursor: `1.5_${crypto.randomUUID()}` },
    ];
    for (const given of queries) {
      const q = dealListQuery.parse(given);
      const { pages, totals } = boardStatements(
        { siteId, userId: 1 },
        sales.id,
        q.stage ? [q.stage] : sales.stages.map((s) => s.id),
        q,
      );
      for (const st of [...pages, totals]) {
        const lines = await plan(st);
        const label = `${JSON.stringify(given)}: ${lines.join(' | ')}`;
        expect(
          lines.filter((l) => l.startsWith('SCAN')),
          label,
        ).toEqual([]);
        expect(
          lines.some((l) => /^SEARCH d USING (COVERING )?INDEX deals_\w+ \(site_id=\? AND pipeline_id=\?/.test(l)),
          label,
        ).toBe(true);
      }
      if (given.closeMonth) continue;
      // A column's page is read in its order, stopping at the limit; the totals from the covering index alone.
      for (const st of pages) {
        const lines = await plan(st);
        expect(lines.join(' | ')).toMatch(
          /SEARCH d USING INDEX deals_board \(site_id=\? AND pipeline_id=\? AND stage_id=\?/,
        );
        expect(lines.filter((l) => /TEMP B-TREE FOR ORDER BY/.test(l))).toEqual([]);
      }
      if (!given.q)
        expect(await plan(totals)).toEqual([expect.stringMatching(/^SEARCH d USING COVERING INDEX deals_totals/)]);
    }
  });
});

describe('the demo', () => {
  it('seeds two pipelines of deals in every kind of stage: won with purchases, lost with reasons', async () => {
    const { db, writes, siteKey, call, count } = await board();
    await seedDemo(db, writes, siteKey);
    await seedDemo(db, writes, siteKey);
    const { pipelines } = (await call('/v1/admin/pipelines')).body;
    expect(pipelines.map((p: Json) => p.name)).toEqual(['Sales', 'Renewals']);
    expect(await count('SELECT count(*) AS n FROM deals')).toBe(30);
    const byStatus = Object.fromEntries(
      (await db.execute('SELECT status, count(*) AS n FROM deals GROUP BY status')).rows.map((r) => [r.status, r.n]),
    );
    expect(byStatus).toEqual({ open: 19, won: 6, lost: 5 });
    expect(await count("SELECT count(*) AS n FROM deals WHERE status = 'lost' AND lost_reason IS NULL")).toBe(0);
    expect(await count('SELECT count(DISTINCT deal_id) AS n FROM purchases')).toBe(6);
    expect(await count('SELECT count(DISTINCT owner_id) AS n FROM deals')).toBe(3);
    expect(await count('SELECT count(*) AS n FROM deals WHERE contact_id IS NULL OR source IS NULL')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM deals WHERE created_at > closed_at')).toBe(0);
    // Every column of the Sales board holds deals; the board's totals add up to the deals.
    const sales = (await call(`/v1/admin/deals?pipeline=${pipelines[0].id}`)).body;
    expect(sales.stages.every((s: Json) => s.count > 0)).toBe(true);
    expect(sales.stages.reduce((n: number, s: Json) => n + s.count, 0)).toBe(22);
  });
});
