import type { InStatement, Row } from '@libsql/client';
import type { SpendEntry, SpendInput } from '../schemas/spend.ts';

export const toSpend = (r: Row): SpendEntry => ({
  id: String(r.id),
  source: String(r.source),
  medium: r.medium == null ? null : String(r.medium),
  campaign: r.campaign == null ? null : String(r.campaign),
  fromDay: String(r.from_day),
  toDay: String(r.to_day),
  amount: Number(r.amount),
  currency: String(r.currency),
  note: r.note == null ? null : String(r.note),
  createdAt: Number(r.created_at),
});

/**
 * The statements that store one spend entry. An entry for the same key,
 * days and currency replaces the one before (a re-sent export or a
 * corrected amount is not counted twice). The last statement returns the row.
 */
export function spendStatements(
  siteId: number,
  s: SpendInput,
  currency: string,
  id = crypto.randomUUID(),
  now = Date.now(),
): InStatement[] {
  const toDay = s.toDay ?? s.fromDay;
  const cur = s.currency ?? currency;
  return [
    {
      sql: 'DELETE FROM spend WHERE site_id = ? AND source = ? AND medium IS ? AND campaign IS ? AND from_day = ? AND to_day = ? AND currency = ?',
      args: [siteId, s.source, s.medium ?? null, s.campaign ?? null, s.fromDay, toDay, cur],
    },
    {
      sql: 'INSERT INTO spend (id, site_id, source, medium, campaign, from_day, to_day, amount, currency, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *',
      args: [
        id,
        siteId,
        s.source,
        s.medium ?? null,
        s.campaign ?? null,
        s.fromDay,
        toDay,
        s.amount,
        cur,
        s.note ?? null,
        now,
      ],
    },
  ];
}
