import type { Client, InStatement, InValue } from '@libsql/client';

/**
 * The sales data of the reports bench, written straight into the tables in multi-row INSERTs: ten owners, two
 * pipelines ("Sales": 4 open stages + won + lost, 70 % of the deals; "Partners": 2 open + won + lost) and
 * `deals` deals created over the `days` before `end` — 40 % open (closing from a month ago to ten months
 * ahead of `now`), 35 % won, 25 % lost (closed 1–90 days after creation, with a reason) — with first-touch
 * sources, campaigns and affiliates, 5 % in EUR, a quarter with their own probability. Deterministic.
 */
export async function seedDeals(
  db: Client,
  o: { siteId: number; deals: number; end: number; days?: number; now?: number },
): Promise<{ pipelines: string[]; owners: number[] }> {
  const DAY = 86_400_000;
  const days = o.days ?? 365;
  const now = o.now ?? Date.now();
  let seed = 23;
  const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const id = (kind: number, n: number) => `00000000-0000-4000-8${kind}00-${n.toString(16).padStart(12, '0')}`;
  const owners: number[] = [];
  for (let i = 0; i < 10; i++) {
    const { rows } = await db.execute({
      sql: "INSERT INTO users (site_id, name, email, role, created_at) VALUES (?, ?, ?, 'rep', 0) RETURNING id",
      args: [o.siteId, `Rep ${i + 1}`, `rep${i + 1}@bench.test`],
    });
    owners.push(Number(rows[0]!.id));
  }
  const layouts = [
    { name: 'Sales', share: 0.7, stages: [10, 25, 50, 75] },
    { name: 'Partners', share: 0.3, stages: [20, 60] },
  ];
  const setup: InStatement[] = [];
  const stagesOf: { pipeline: string; open: string[]; won: string; lost: string; share: number }[] = [];
  let n = 0;
  for (const [p, l] of layouts.entries()) {
    const pipeline = id(1, p);
    setup.push({
      sql: 'INSERT INTO pipelines (id, site_id, name, position, created_at, updated_at) VALUES (?, ?, ?, ?, 0, 0)',
      args: [pipeline, o.siteId, l.name, p],
    });
    const all = [
      ...l.stages.map((prob, i) => [`Stage ${i + 1}`, prob, 'open'] as const),
      ['Won', 100, 'won'] as const,
      ['Lost', 0, 'lost'] as const,
    ];
    const ids = all.map(() => id(2, n++));
    for (const [i, [name, prob, kind]] of all.entries())
      setup.push({
        sql: `INSERT INTO pipeline_stages (id, site_id, pipeline_id, name, position, probability, kind)
              VALUES (?, ?, ?, ?, ?, ?, ?)`,
        args: [ids[i]!, o.siteId, pipeline, name, i, prob, kind],
      });
    stagesOf.push({ pipeline, open: ids.slice(0, -2), won: ids.at(-2)!, lost: ids.at(-1)!, share: l.share });
  }
  await db.batch(setup, 'write');
  const touches = [
    ['google', 'cpc', 'spring-sale', null],
    ['google', 'organic', null, null],
    ['newsletter', 'email', 'april', null],
    ['partner-x', 'affiliate', null, 'partner-x'],
    ['facebook', 'paid-social', 'spring-sale', null],
    [null, null, null, null],
  ] as const;
  const reasons = ['price', 'timing', 'competitor', 'no budget', null] as const;
  const COLUMNS = 20;
  const PER_INSERT = Math.floor(30_000 / COLUMNS);
  const rows: InValue[][] = [];
  for (let i = 0; i < o.deals; i++) {
    const p = rnd() < stagesOf[0]!.share ? stagesOf[0]! : stagesOf[1]!;
    const created = o.end - Math.floor(rnd() * days * DAY);
    const r = rnd();
    const status = r < 0.4 ? 'open' : r < 0.75 ? 'won' : 'lost';
    const stage = status === 'open' ? pick(p.open) : status === 'won' ? p.won : p.lost;
    const closedAt = status === 'open' ? null : Math.min(o.end - 1, created + Math.floor((1 + rnd() * 89) * DAY));
    const closeDate = new Date(status === 'open' ? now + Math.floor((rnd() * 330 - 30) * DAY) : closedAt!)
      .toISOString()
      .slice(0, 10);
    const [source, medium, campaign, affiliate] = pick(touches);
    rows.push([
      id(3, i),
      o.siteId,
      `Deal ${i}`,
      Math.floor(500 + rnd() * 5_000_000),
      rnd() < 0.05 ? 'EUR' : 'USD',
      p.pipeline,
      stage,
      i,
      status,
      rnd() < 0.25 ? Math.floor(rnd() * 101) : null,
      rnd() < 0.9 ? pick(owners) : null,
      closeDate,
      status === 'lost' ? pick(reasons) : null,
      source,
      medium,
      campaign,
      affiliate,
      closedAt ?? created,
      closedAt,
      created,
    ]);
  }
  const statements: InStatement[] = [];
  for (let i = 0; i < rows.length; i += PER_INSERT) {
    const chunk = rows.slice(i, i + PER_INSERT);
    statements.push({
      sql: `INSERT INTO deals (id, site_id, title, amount, currency, pipeline_id, stage_id, position, status,
              probability, owner_id, close_date, lost_reason, source, medium, campaign, affiliate, stage_changed_at,
              closed_at, created_at, updated_at)
            VALUES ${chunk.map(() => `(${Array(COLUMNS).fill('?').join(', ')}, 0)`).join(', ')}`,
      args: chunk.flat(),
    });
  }
  await db.batch(statements, 'write');
  return { pipelines: stagesOf.map((s) => s.pipeline), owners };
}
