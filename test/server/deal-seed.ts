import type { Client } from '@libsql/client';

let n = 0;
/** A UUID-shaped id, unique per call (pipelines, stages and deals are keyed by UUIDs). */
export const dealUuid = () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`;

/** A deal row; what is left out gets a plain default (open, USD, no owner or touch). */
export interface SeedDeal {
  stage: string;
  amount: number;
  currency?: string;
  status?: 'open' | 'won' | 'lost';
  probability?: number | null;
  closeDate?: string | null;
  createdAt?: number;
  closedAt?: number | null;
  ownerId?: number | null;
  source?: string | null;
  campaign?: string | null;
  affiliate?: string | null;
  lostReason?: string | null;
}

/**
 * Writes pipelines, stages and deals straight into the database, as the deals API would store them, so the
 * reports can be tested on exact rows: `pipeline(name, stages)` returns the pipeline's id and its stages' ids by
 * name; `deal({...})` returns the deal's id.
 */
export function dealSeeder(db: Client, siteId: number) {
  let position = 0;
  const stageOf = new Map<string, { id: string; pipeline: string; kind: string }>();
  return {
    async pipeline(name: string, stages: [name: string, probability: number, kind?: 'open' | 'won' | 'lost'][]) {
      const id = dealUuid();
      await db.execute({
        sql: 'INSERT INTO pipelines (id, site_id, name, position, created_at, updated_at) VALUES (?, ?, ?, ?, 0, 0)',
        args: [id, siteId, name, position++],
      });
      const ids: Record<string, string> = {};
      for (const [i, [stage, probability, kind = 'open']] of stages.entries()) {
        ids[stage] = dealUuid();
        stageOf.set(ids[stage], { id: ids[stage], pipeline: id, kind });
        await db.execute({
          sql: `INSERT INTO pipeline_stages (id, site_id, pipeline_id, name, position, probability, kind)
                VALUES (?, ?, ?, ?, ?, ?, ?)`,
          args: [ids[stage], siteId, id, stage, i, probability, kind],
        });
      }
      return { id, stages: ids };
    },
    async deal(d: SeedDeal) {
      const id = dealUuid();
      const stage = stageOf.get(d.stage)!;
      const status = d.status ?? (stage.kind as 'open' | 'won' | 'lost');
      const created = d.createdAt ?? Date.now();
      await db.execute({
        sql: `INSERT INTO deals (id, site_id, title, amount, currency, pipeline_id, stage_id, status, probability,
                owner_id, close_date, lost_reason, source, campaign, affiliate, stage_changed_at, closed_at,
                created_at, updated_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        args: [
          id,
          siteId,
          `Deal ${id.slice(-4)}`,
          d.amount,
          d.currency ?? 'USD',
          stage.pipeline,
          stage.id,
          status,
          d.probability ?? null,
          d.ownerId ?? null,
          d.closeDate ?? null,
          d.lostReason ?? null,
          d.source ?? null,
          d.campaign ?? null,
          d.affiliate ?? null,
          d.closedAt ?? created,
          d.closedAt ?? null,
          created,
          d.closedAt ?? created,
        ],
      });
      return id;
    },
  };
}

/** The numeric id of the site with key `siteKey`. */
export async function siteIdOf(db: Client, siteKey: string): Promise<number> {
  const { rows } = await db.execute({ sql: 'SELECT id FROM sites WHERE key = ?', args: [siteKey] });
  return Number(rows[0]!.id);
}

/** A user of the site (the owner of deals), by name; returns the user's id. */
export async function seedUser(db: Client, siteId: number, name: string): Promise<number> {
  const { rows } = await db.execute({
    sql: "INSERT INTO users (site_id, name, email, role, created_at) VALUES (?, ?, ?, 'rep', 0) RETURNING id",
    args: [siteId, name, `${name.toLowerCase()}@sales.test`],
  });
  return Number(rows[0]!.id);
}
