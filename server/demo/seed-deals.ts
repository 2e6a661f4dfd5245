import type { Client, InStatement } from '@libsql/client';
import { linkVisitor, upsertContact } from '../contacts/create.ts';
import type { Site } from '../db/sites.ts';
import type { WriteQueue } from '../db/write-queue.ts';
import { createDeal, findDeal, moveDeal, purchasesFromDeal, type DealActor } from '../deals/deals.ts';
import { createPipeline, listPipelines } from '../deals/pipelines.ts';
import type { Pipeline } from '../schemas/deals.ts';

const DAY = 86_400_000;
const people = [
  ['Layla Haddad', 'layla@northwind.example'],
  ['Tom Becker', 'tom@brightdesk.example'],
  ['Aisha Khan', 'aisha@lahoreworks.example'],
  ['Marco Rossi', 'marco@studio-rossi.example'],
  ['Yuki Tanaka', 'yuki@kaizen.example'],
  ['Omar Farouk', 'omar@nilehub.example'],
  ['Sara Lind', 'sara@fjord.example'],
  ['Daniel Okafor', 'daniel@lagosdesign.example'],
  ['Priya Nair', 'priya@kochi-co.example'],
  ['Hannah Weber', 'hannah@weber-it.example'],
] as const;
const items = [
  'Standing desks',
  'Desk lamps',
  'Office fit-out',
  'Ergonomic chairs',
  'Meeting room kit',
  'Monitor arms',
];

/** `YYYY-MM-DD` of a UTC time. */
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * The demo's contacts for deals: the site's own (up to a dozen), else demo people linked to demo browsers (their
 * first session is their first touch, so deals get a source).
 */
async function demoContacts(
  db: Client,
  writes: WriteQueue,
  site: Site,
): Promise<{ id: string; companyId: string | null }[]> {
  const read = async () =>
    (
      await db.execute({
        sql: 'SELECT id, company_id FROM contacts WHERE site_id = ? ORDER BY created_at, id LIMIT 12',
        args: [site.id],
      })
    ).rows.map((r) => ({ id: String(r.id), companyId: r.company_id == null ? null : String(r.company_id) }));
  const found = await read();
  if (found.length >= 6) return found;
  const now = Date.now();
  const statements: InStatement[] = [];
  people.forEach(([name, email], i) => {
    const visitor = `demo-visitor-${i * 5}`;
    const { contact, statements: created } = upsertContact(
      site.id,
      { name, email, company: email.split('@')[1]!.split('.')[0] },
      { origin: 'form', existing: 'keep', visitor, now: now - (40 - i) * DAY },
    );
    statements.push(...created, linkVisitor(site.id, visitor, contact, now, false));
  });
  await writes.run(statements);
  return read();
}

/** Two demo reps besides the owner, so deals have owners to filter by. */
async function demoOwners(db: Client, writes: WriteQueue, site: Site): Promise<number[]> {
  const staff = async () =>
    (
      await db.execute({
        sql: "SELECT id FROM users WHERE site_id = ? AND role IN ('owner', 'rep') ORDER BY id",
        args: [site.id],
      })
    ).rows.map((r) => Number(r.id));
  if ((await staff()).length < 3)
    await writes.run(
      [
        ['Rita Rep', 'rita@demo.leadline.test'],
        ['Karim Rep', 'karim@demo.leadline.test'],
      ].map(([name, email]) => ({
        sql: `INSERT INTO users (site_id, name, email, role, created_at) VALUES (?, ?, ?, 'rep', ?)
              ON CONFLICT (site_id, email) DO NOTHING`,
        args: [site.id, name!, email!, Date.now()],
      })),
    );
  return staff();
}

/**
 * Fills a site without deals with two pipelines ("Sales", "Renewals") and 30 deals across their stages — owners,
 * amounts, close dates, some won (with their purchases) and some lost (with reasons) — through the deals module,
 * so every rule (history, positions, purchases) holds; then dates them back over the last months. Returns the
 * number of deals made (0 when the site had some).
 */
export async function seedDeals(db: Client, writes: WriteQueue, site: Site, random: () => number): Promise<number> {
  const { rows } = await db.execute({ sql: 'SELECT count(*) AS n FROM deals WHERE site_id = ?', args: [site.id] });
  if (Number(rows[0]!.n)) return 0;
  const deps = { db, writes };
  const contacts = await demoContacts(db, writes, site);
  const owners = await demoOwners(db, writes, site);
  const actor: DealActor = { siteId: site.id, userId: owners[0]!, site };
  const sales = (await listPipelines(deps, site.id))[0]!;
  const renewals =
    (await listPipelines(deps, site.id)).find((p) => p.name === 'Renewals') ??
    (await createPipeline(deps, actor, {
      name: 'Renewals',
      stages: [
        { name: 'Upcoming', probability: 60, kind: 'open' },
        { name: 'In talks', probability: 75, kind: 'open' },
        { name: 'Renewed', kind: 'won' },
        { name: 'Churned', kind: 'lost' },
      ],
    }));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const reasons = site.settings.lostReasons;
  const now = Date.now();
  // [pipeline, index of the stage it ends in] for each deal: more early than late, a few closed.
  const plan: [Pipeline, number][] = [
    ...[0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 2].map((s): [Pipeline, number] => [sales, s]),
    ...[0, 0, 0, 1, 1, 2, 2, 3].map((s): [Pipeline, number] => [renewals, s]),
  ];
  for (const [n, [pipeline, last]] of plan.entries()) {
    const person = contacts[n % contacts.length]!;
    const target = pipeline.stages[last]!;
    const closed = target.kind !== 'open';
    const closeAt = closed ? now - (3 + Math.floor(random() * 60)) * DAY : now + (5 + Math.floor(random() * 85)) * DAY;
    const what = pipeline === renewals ? 'Annual service renewal' : pick(items);
    const deal = await createDeal(deps, actor, {
      title: `${what} — ${n + 1}`,
      contactId: person.id,
      companyId: person.companyId,
      amount: Math.round((500 + random() * 24_500) / 50) * 5000,
      pipelineId: pipeline.id,
      ownerId: owners[n % owners.length]!,
      closeDate: day(closeAt),
      ...(random() < 0.2 && { probability: 90 }),
    });
    // Through the stages before its last one (the lost ones skip the won stage).
    const path = pipeline.stages.slice(1, last + 1).filter((s) => s.kind === 'open' || s.id === target.id);
    for (const stage of path)
      await moveDeal(deps, actor, (await findDeal(db, site.id, deal.id))!, {
        stageId: stage.id,
        ...(stage.kind === 'lost' && { lostReason: reasons.length ? pick(reasons) : 'Price' }),
        ...(closed && { closeDate: day(closeAt) }),
      });
    // Dated back: made 10–70 days before it closed (or before now), its stages spread over that time.
    const created = Math.min(closeAt, now) - (10 + Math.floor(random() * 60)) * DAY;
    const end = closed ? closeAt : now - Math.floor(random() * 5) * DAY;
    const { rows: history } = await db.execute({
      sql: 'SELECT id FROM deal_stage_changes WHERE deal_id = ? ORDER BY at, id',
      args: [deal.id],
    });
    const step = history.length > 1 ? (end - created) / (history.length - 1) : 0;
    await writes.run([
      ...history.map((h, i) => ({
        sql: 'UPDATE deal_stage_changes SET at = ? WHERE id = ?',
        args: [Math.round(created + i * step), Number(h.id)],
      })),
      {
        sql: `UPDATE deals SET created_at = ?, stage_changed_at = ?, updated_at = ?,
                closed_at = CASE WHEN closed_at IS NULL THEN NULL ELSE ? END WHERE id = ?`,
        args: [created, history.length > 1 ? end : created, end, end, deal.id],
      },
    ]);
    if (target.kind === 'won') await purchasesFromDeal(deps, actor, (await findDeal(db, site.id, deal.id))!, {});
  }
  return plan.length;
}
