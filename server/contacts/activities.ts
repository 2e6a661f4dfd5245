import type { Client, InValue, Row } from '@libsql/client';
import type { AppDeps } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import type { Activity, ActivityUpdate } from '../schemas/contacts.ts';
import type { Actor } from './manage.ts';

const text = (v: unknown) => (v == null ? null : String(v));

/** An `activities` row on the wire. */
const toActivity = (r: Row): Activity => ({
  id: String(r.id),
  kind: String(r.kind) as Activity['kind'],
  subject: text(r.subject),
  body: text(r.body),
  outcome: text(r.outcome),
  occurredAt: Number(r.occurred_at),
  durationMinutes: r.duration_minutes == null ? null : Number(r.duration_minutes),
  userId: r.user_id == null ? null : Number(r.user_id),
});

/** A contact's logged activities, newest first. */
export async function contactActivities(db: Client, contactId: string): Promise<Activity[]> {
  const sql = 'SELECT * FROM activities WHERE contact_id = ? ORDER BY occurred_at DESC, id DESC';
  return (await db.execute({ sql, args: [contactId] })).rows.map(toActivity);
}

const columns = {
  kind: 'kind',
  subject: 'subject',
  body: 'body',
  outcome: 'outcome',
  occurredAt: 'occurred_at',
  durationMinutes: 'duration_minutes',
} as const satisfies Record<keyof ActivityUpdate, string>;

/** Changes a logged activity of the actor's site (its kind, texts, when and how long); 404 for any other id. */
export async function updateActivity(
  { writes }: Pick<AppDeps, 'writes'>,
  { siteId }: Actor,
  id: string,
  input: ActivityUpdate,
): Promise<Activity> {
  const given = Object.entries(input).filter(([, v]) => v !== undefined) as [keyof ActivityUpdate, InValue][];
  const sets = given.map(([k]) => `${columns[k]} = ?`);
  const [r] = await writes.run([
    {
      sql: `UPDATE activities SET ${[...sets, 'id = id'].join(', ')} WHERE id = ? AND site_id = ? RETURNING *`,
      args: [...given.map(([, v]) => v), id, siteId],
    },
  ]);
  const row = r!.rows[0];
  if (!row) throw new ApiError(404, 'not_found', 'no such activity');
  return toActivity(row);
}

/** Deletes a logged activity of the actor's site; 404 for any other id. */
export async function deleteActivity({ writes }: Pick<AppDeps, 'writes'>, { siteId }: Actor, id: string) {
  const [r] = await writes.run([{ sql: 'DELETE FROM activities WHERE id = ? AND site_id = ?', args: [id, siteId] }]);
  if (!r!.rowsAffected) throw new ApiError(404, 'not_found', 'no such activity');
}
