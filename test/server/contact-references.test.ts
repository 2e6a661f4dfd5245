import { createClient, type Client } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { contactReferences } from '../../server/contacts/references.ts';
import { migrate } from '../../server/db/migrate.ts';
import { createSite } from '../../server/db/sites.ts';
import { createBatchingWriteQueue, type WriteQueue } from '../../server/db/write-queue.ts';
import { as, eventId, pageview, post, testApp } from './test-app.ts';

const count = async (db: Client, sql: string, args: (string | number)[] = []) =>
  Number((await db.execute({ sql, args })).rows[0]!.n);

/**
 * One contact with a row in every table that references contacts: browser and
 * events, a form submission, stage history, a ticket (and its emails), an
 * activity, a task, a purchase, feedback and a webhook delivery.
 */
async function personWithEverything(t: Awaited<ReturnType<typeof testApp>>, email: string, visitor: string) {
  const { app, db, siteKey, adminToken } = t;
  const session = `${visitor}-session`;
  const name = `${email.split('@')[0]} Secret`;
  await app.request('/v1/events', post({ site: siteKey, events: [pageview({ visitor, session })] }));
  await app.request(
    '/v1/leads',
    post({ site: siteKey, form: 'contact', id: eventId(), visitor, session, fields: { name, email }, elapsedMs: 5000 }),
  );
  const id = String((await db.execute({ sql: 'SELECT id FROM contacts WHERE email = ?', args: [email] })).rows[0]!.id);
  const ticket = await app.request(
    '/v1/tickets',
    post({
      site: siteKey,
      visitor,
      email,
      name,
      subject: 'Broken order',
      body: `private ticket text of ${email}`,
      url: 'https://shop.example/help',
    }),
  );
  expect(ticket.status).toBe(201);
  const ticketId = String(
    (await db.execute({ sql: 'SELECT id FROM tickets WHERE contact_id = ?', args: [id] })).rows[0]!.id,
  );
  expect(
    (await app.request(`/v1/admin/tickets/${ticketId}/messages`, as(adminToken, 'POST', { body: 'We are on it' })))
      .status,
  ).toBe(201);
  expect(
    (
      await app.request(
        `/v1/admin/contacts/${id}/activities`,
        as(adminToken, 'POST', { kind: 'call', subject: 'Called' }),
      )
    ).status,
  ).toBe(201);
  expect(
    (await app.request(`/v1/admin/contacts/${id}/tasks`, as(adminToken, 'POST', { title: 'Call back' }))).status,
  ).toBe(201);
  const bought = { productName: 'Plan', unitPrice: 4900, currency: 'USD' };
  expect((await app.request(`/v1/admin/contacts/${id}/purchases`, as(adminToken, 'POST', bought))).status).toBe(201);
  expect((await app.request('/v1/feedback', post({ site: siteKey, visitor, rating: 2, comment: 'slow' }))).status).toBe(
    201,
  );
  const survey = await (
    await app.request(
      '/v1/admin/surveys',
      as(adminToken, 'POST', { name: 'NPS', kind: 'nps', question: { en: 'Recommend us?' } }),
    )
  ).json();
  const answered = post({ site: siteKey, id: crypto.randomUUID(), visitor, score: 9, comment: `says ${email}` });
  expect((await app.request(`/v1/surveys/${survey.id}/answers`, answered)).status).toBe(201);
  expect((await app.request(`/v1/surveys/${survey.id}/dismiss`, post({ site: siteKey, visitor }))).status).toBe(204);
  await surveyLink(t, id);
  return { id, ticketId };
}

/** The post-purchase survey link of the contact's latest purchase. */
async function surveyLink(t: Awaited<ReturnType<typeof testApp>>, contactId: string) {
  await t.writes.run([
    {
      sql: `INSERT INTO survey_tokens (token_hash, site_id, survey_id, purchase_id, contact_id, created_at)
            SELECT hex(randomblob(32)), p.site_id, (SELECT id FROM surveys LIMIT 1), p.id, p.contact_id, 0
            FROM purchases p WHERE p.contact_id = ? ORDER BY p.purchased_at DESC LIMIT 1`,
      args: [contactId],
    },
  ]);
}

async function withWebhookAndEmail() {
  const t = await testApp({ emailEnabled: true });
  await t.app.request('/v1/admin/settings', as(t.adminToken, 'PATCH', { adminUrl: 'https://shop.example/admin' }));
  await t.writes.run([
    { sql: "INSERT INTO webhooks (site_id, url, secret, created_at) VALUES (1, 'https://hooks.example/in', 'x', 0)" },
  ]);
  await t.writes.run([{ sql: "UPDATE users SET email = 'owner@shop.example' WHERE role = 'owner'" }]);
  return t;
}

describe('the one list of tables that reference a contact', () => {
  it('names every table with a contact_id column or a foreign key to contacts, and only real ones', async () => {
    const { db } = await testApp();
    const { rows } = await db.execute(`
      SELECT m.name AS tbl, i.name AS col FROM sqlite_master m JOIN pragma_table_info(m.name) i
      WHERE m.type = 'table' AND i.name = 'contact_id'
      UNION SELECT m.name, f."from" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
      WHERE m.type = 'table' AND f."table" = 'contacts'`);
    const found = rows.map((r) => `${String(r.tbl)}.${String(r.col)}`).sort();
    expect(found.length).toBeGreaterThan(5);
    expect(contactReferences.map((r) => `${r.table}.${r.column}`).sort()).toEqual(found);
  });
});

describe('merge', () => {
  it('moves every reference of the duplicate, and its segment membership with it', async () => {
    const t = await withWebhookAndEmail();
    const { app, db, adminToken } = t;
    const into = (await personWithEverything(t, 'ana@work.example', 'visitor-work')).id;
    const from = (await personWithEverything(t, 'ana@home.example', 'visitor-home')).id;
    const before: Record<string, number> = {};
    const preview = await (
      await app.request(`/v1/admin/contacts/${into}/merge-preview?from=${from}`, as(adminToken))
    ).json();
    expect(preview.from.email).toBe('ana@home.example');
    for (const r of contactReferences) {
      const n = await count(db, `SELECT count(*) AS n FROM ${r.table} WHERE ${r.column} = ?`, [from]);
      expect(n, `the duplicate has ${r.table} rows`).toBeGreaterThan(0);
      expect(preview.moves[r.table], `the preview counts ${r.table}`).toBe(n);
      before[r.table] = n + (await count(db, `SELECT count(*) AS n FROM ${r.table} WHERE ${r.column} = ?`, [into]));
    }
    const segment = { name: 'Buyers', definition: { rules: [{ field: 'purchases', op: 'gte', value: 2 }] } };
    const { id: segmentId } = await (await app.request('/v1/admin/segments', as(adminToken, 'POST', segment))).json();

    expect((await app.request(`/v1/admin/contacts/${into}/merge`, as(adminToken, 'POST', { from }))).status).toBe(200);
    for (const r of contactReferences) {
      expect(await count(db, `SELECT count(*) AS n FROM ${r.table} WHERE ${r.column} = ?`, [from]), r.table).toBe(0);
      expect(await count(db, `SELECT count(*) AS n FROM ${r.table} WHERE ${r.column} = ?`, [into]), r.table).toBe(
        before[r.table],
      );
    }
    // What the views show: both tickets, both purchases, both tasks; the merged contact is in the segment.
    const timeline = await (await app.request(`/v1/admin/contacts/${into}/timeline?limit=100`, as(adminToken))).json();
    const kinds = timeline.items.map((i: { kind: string }) => i.kind);
    for (const kind of ['ticket', 'purchase', 'feedback'])
      expect(
        kinds.filter((k: string) => k === kind),
        kind,
      ).toHaveLength(2);
    const purchases = await (await app.request(`/v1/admin/contacts/${into}/purchases`, as(adminToken))).json();
    expect(purchases.purchases).toHaveLength(2);
    const members = await (await app.request(`/v1/admin/contacts?segment=${segmentId}`, as(adminToken))).json();
    expect(members.contacts.map((c: { id: string }) => c.id)).toEqual([into]);
  });

  it('answers two opposite merges racing in the write queue with one merge and a 404, losing nothing', async () => {
    // As in production (node.ts): foreign keys on; both merges read before either writes (held in the queue).
    const db = createClient({ url: ':memory:' });
    await db.execute('PRAGMA foreign_keys = ON');
    await migrate(db);
    const queue = createBatchingWriteQueue(db);
    let held: (() => void)[] | null = null;
    let heldTwo = () => {};
    const writes: WriteQueue = {
      run: async (statements) => {
        const merge = statements.some((st) => typeof st !== 'string' && st.sql.startsWith('DELETE FROM contacts'));
        if (held && merge) await new Promise<void>((go) => (held!.push(go), held!.length === 2 && heldTwo()));
        return queue.run(statements);
      },
    };
    const app = createApp({ db, writes, groupIngest: true, emailEnabled: false, log: () => {} });
    const { siteKey, adminToken } = await createSite(queue, { name: 'Race' });
    for (const [email, visitor] of [
      ['a@example.com', 'visitor-a'],
      ['b@example.com', 'visitor-b'],
    ])
      await app.request(
        '/v1/leads',
        post({ site: siteKey, form: 'contact', id: eventId(), visitor, fields: { name: 'N', email }, elapsedMs: 5000 }),
      );
    const ids = (await db.execute('SELECT id FROM contacts ORDER BY email')).rows.map((r) => String(r.id));
    const [a, b] = [ids[0]!, ids[1]!];
    held = [];
    const bothHeld = new Promise<void>((r) => (heldTwo = r));
    const answers = Promise.all([
      app.request(`/v1/admin/contacts/${a}/merge`, as(adminToken, 'POST', { from: b })),
      app.request(`/v1/admin/contacts/${b}/merge`, as(adminToken, 'POST', { from: a })),
    ]);
    await bothHeld;
    const release = held;
    held = null;
    release.forEach((go) => go());
    expect((await answers).map((r) => r.status).sort()).toEqual([200, 404]);
    expect(await count(db, 'SELECT count(*) AS n FROM contacts')).toBe(1);
    const survivor = String((await db.execute('SELECT id FROM contacts')).rows[0]!.id);
    expect(await count(db, 'SELECT count(*) AS n FROM contact_visitors WHERE contact_id = ?', [survivor])).toBe(2);
    expect(await count(db, 'SELECT count(*) AS n FROM lead_submissions WHERE contact_id = ?', [survivor])).toBe(2);
    const { entries } = await (await app.request('/v1/admin/audit-log', as(adminToken))).json();
    expect(entries.filter((e: { action: string }) => e.action === 'contact.merge')).toHaveLength(1);
  });
});

describe('delete and erase', () => {
  it('delete removes the contact’s own rows and detaches tickets, feedback and emails', async () => {
    const t = await withWebhookAndEmail();
    const { id } = await personWithEverything(t, 'ana@example.com', 'visitor-ana');
    expect((await t.app.request(`/v1/admin/contacts/${id}`, as(t.adminToken, 'DELETE'))).status).toBe(204);
    for (const r of contactReferences)
      expect(await count(t.db, `SELECT count(*) AS n FROM ${r.table} WHERE ${r.column} = ?`, [id]), r.table).toBe(0);
    expect(await count(t.db, 'SELECT count(*) AS n FROM tickets')).toBe(1);
  });

  it('erase leaves no row that names the person: email log and webhook payloads included', async () => {
    const t = await withWebhookAndEmail();
    const { app, db, adminToken } = t;
    const { id } = await personWithEverything(t, 'ana@example.com', 'visitor-ana');
    await personWithEverything(t, 'other@example.com', 'visitor-other');
    // Some deliveries went out already: their payloads must not keep the person either.
    await t.writes.run([{ sql: "UPDATE deliveries SET status = 'delivered', delivered_at = 1 WHERE id % 2 = 0" }]);
    await t.writes.run([{ sql: "UPDATE emails SET status = 'sent', sent_at = 1 WHERE id % 2 = 0" }]);
    const marks = ['ana@example.com', 'ana Secret', 'private ticket text of ana', 'visitor-ana'];
    const dump = async () => {
      const tables = (
        await db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'kb_fts%'")
      ).rows;
      const all: string[] = [];
      for (const { name } of tables)
        all.push(
          ...(await db.execute(`SELECT * FROM "${String(name)}"`)).rows.map(
            (r) => `${String(name)}: ${JSON.stringify(r)}`,
          ),
        );
      return all;
    };
    const before = await dump();
    for (const table of ['emails', 'deliveries'])
      expect(
        before.some((row) => row.startsWith(`${table}:`) && row.includes('ana@example.com')),
        table,
      ).toBe(true);

    expect(
      (await app.request(`/v1/admin/contacts/${id}/erase`, as(adminToken, 'POST', { confirm: 'ana@example.com' })))
        .status,
    ).toBe(200);
    const after = await dump();
    for (const mark of marks)
      expect(
        after.filter((row) => row.includes(mark)),
        mark,
      ).toEqual([]);
    // Only the audit log and redacted deliveries keep the contact's id (an id, not personal data).
    expect(after.filter((row) => row.includes(id)).every((row) => /^(audit_log|deliveries): /.test(row))).toBe(true);
    // The other person is untouched.
    expect(after.filter((row) => row.includes('other@example.com')).length).toBeGreaterThan(5);
  });
});

describe('user ids', () => {
  it('are never reused across sites: a removed rep stays the author of their replies', async () => {
    const { app, db, writes, siteKey, adminToken } = await testApp({ emailEnabled: false });
    // Site A: a rep answers a ticket, then is removed.
    const invited = await (
      await app.request(
        '/v1/admin/users',
        as(adminToken, 'POST', { name: 'Rita Rep', email: 'rita@a.example', role: 'rep' }),
      )
    ).json();
    const session = await (
      await app.request('/v1/admin/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ invite: invited.invite }),
      })
    ).json();
    const { trackingNumber, token } = await (
      await app.request('/v1/tickets', post({ site: siteKey, email: 'v@example.com', subject: 'Hi', body: 'Help' }))
    ).json();
    const ticketId = String((await db.execute('SELECT id FROM tickets')).rows[0]!.id);
    expect(
      (
        await app.request(
          `/v1/admin/tickets/${ticketId}/messages`,
          as(session.token, 'POST', { body: 'Hello from Rita' }),
        )
      ).status,
    ).toBe(201);
    expect((await app.request(`/v1/admin/users/${invited.user.id}`, as(adminToken, 'DELETE'))).status).toBe(204);

    // Site B: its next user must get a new id.
    const b = await createSite(writes, { name: 'Site B' });
    const bOwner = await (await app.request('/v1/admin/me', as(b.adminToken))).json();
    const bRep = await (
      await app.request(
        '/v1/admin/users',
        as(b.adminToken, 'POST', { name: 'Bob B', email: 'bob@b.example', role: 'rep' }),
      )
    ).json();
    expect([bOwner.user.id, bRep.user.id]).not.toContain(invited.user.id);

    const thread = await (await app.request(`/v1/admin/tickets/${ticketId}`, as(adminToken))).json();
    expect(thread.messages.find((m: { body: string }) => m.body === 'Hello from Rita')).toMatchObject({
      staffName: 'Former user: Rita Rep',
      userId: invited.user.id,
    });
    const visitor = await (
      await app.request(`/v1/tickets/${trackingNumber}?site=${siteKey}`, { headers: { 'x-ticket-token': token } })
    ).json();
    expect(visitor.messages.find((m: { body: string }) => m.body === 'Hello from Rita').staffName).toBe('Rita');
  });
});
