import type { Client } from '@libsql/client';
import type { LiveHub } from './hub.ts';

/**
 * `task.due` for open tasks whose due time fell in (`from`, `to`]: to the
 * assignee's admin stream (or the whole site's when nobody is assigned).
 * Node calls it on an interval, Workers from the Cron Trigger, each with the
 * window since its last call, so a task is announced once.
 *
 * @example
 * await publishDueTasks(db, live, lastRun, Date.now());
 */
export async function publishDueTasks(db: Client, live: LiveHub, from: number, to: number): Promise<number> {
  const { rows } = await db.execute({
    sql: `SELECT id, site_id, contact_id, title, due_at, assignee_id FROM tasks
          WHERE done_at IS NULL AND due_at > ? AND due_at <= ? ORDER BY due_at LIMIT 1000`,
    args: [from, to],
  });
  for (const t of rows)
    await live.publish(Number(t.site_id), 'admin', {
      type: 'task.due',
      data: { taskId: String(t.id), contactId: String(t.contact_id), title: String(t.title), dueAt: Number(t.due_at) },
      ...(t.assignee_id != null && { userId: Number(t.assignee_id) }),
    });
  return rows.length;
}
