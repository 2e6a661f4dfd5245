import type { InValue, Row } from '@libsql/client';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { assertStaff } from '../contacts/staff.ts';
import { ApiError } from '../errors.ts';
import { can } from '../middleware/roles.ts';
import { contactParam } from '../middleware/contact-param.ts';
import { validate } from '../middleware/validate.ts';
import { contactId } from '../schemas/contacts.ts';
import { task, taskInput, taskListQuery, taskUpdate, type Task } from '../schemas/sales.ts';
import { routeDoc } from './route-doc.ts';

const doc = routeDoc('admin: tasks');

const toTask = (r: Row, now = Date.now()): Task => ({
  id: String(r.id),
  contactId: String(r.contact_id),
  contactName: r.contact_name == null ? null : String(r.contact_name),
  title: String(r.title),
  dueAt: r.due_at == null ? null : Number(r.due_at),
  assigneeId: r.assignee_id == null ? null : Number(r.assignee_id),
  doneAt: r.done_at == null ? null : Number(r.done_at),
  overdue: r.done_at == null && r.due_at != null && Number(r.due_at) < now,
  createdAt: Number(r.created_at),
});
const select = `SELECT t.*, coalesce(c.name, c.email) AS contact_name FROM tasks t LEFT JOIN contacts c ON c.id = t.contact_id`;

/** Follow-ups with due dates, per contact, and "my tasks" for reps (overdue first). */
export const adminTaskRoutes = () =>
  new Hono<AppEnv>()
    .get(
      '/v1/admin/tasks',
      doc('My tasks (or another user’s): overdue first, then by due date', z.object({ tasks: z.array(task) })),
      can.read,
      validate('query', taskListQuery),
      async (c) => {
        const q = c.req.valid('query');
        const args: InValue[] = [c.var.auth.site.id, q.assignee === 'me' ? c.var.auth.userId : q.assignee];
        const status =
          q.status === 'open' ? 'AND t.done_at IS NULL' : q.status === 'done' ? 'AND t.done_at IS NOT NULL' : '';
        const { rows } = await c.var.deps.db.execute({
          sql: `${select} WHERE t.site_id = ? AND t.assignee_id = ? ${status} ORDER BY t.done_at IS NOT NULL, t.due_at IS NULL, t.due_at, t.created_at LIMIT 500`,
          args,
        });
        return c.json({ tasks: rows.map((r) => toTask(r)) });
      },
    )
    .get(
      '/v1/admin/contacts/:id/tasks',
      doc('A contact’s tasks', z.object({ tasks: z.array(task) })),
      can.read,
      validate('param', z.object({ id: contactId })),
      contactParam(),
      async (c) => {
        const { rows } = await c.var.deps.db.execute({
          sql: `${select} WHERE t.site_id = ? AND t.contact_id = ? ORDER BY t.done_at IS NOT NULL, t.due_at`,
          args: [c.var.auth.site.id, c.var.contact.id],
        });
        return c.json({ tasks: rows.map((r) => toTask(r)) });
      },
    )
    .post(
      '/v1/admin/contacts/:id/tasks',
      doc('Add a task (assigned to you unless said otherwise)', task),
      can.write,
      validate('param', z.object({ id: contactId })),
      validate('json', taskInput),
      contactParam(),
      async (c) => {
        const { id } = c.var.contact;
        const input = c.req.valid('json');
        const assignee = input.assigneeId === undefined ? c.var.auth.userId : input.assigneeId;
        await assertStaff(c.var.deps.db, c.var.auth.site.id, assignee, 'assigneeId');
        const taskId = crypto.randomUUID();
        await c.var.deps.writes.run([
          {
            sql: 'INSERT INTO tasks (id, site_id, contact_id, title, due_at, assignee_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            args: [
              taskId,
              c.var.auth.site.id,
              id,
              input.title,
              input.dueAt ?? null,
              assignee,
              c.var.auth.userId,
              Date.now(),
            ],
          },
        ]);
        const { rows } = await c.var.deps.db.execute({ sql: `${select} WHERE t.id = ?`, args: [taskId] });
        return c.json(toTask(rows[0]!), 201);
      },
    )
    .patch(
      '/v1/admin/tasks/:id',
      doc('Change or complete a task', task),
      can.write,
      validate('param', z.object({ id: z.uuid() })),
      validate('json', taskUpdate),
      async (c) => {
        const { id } = c.req.valid('param');
        const input = c.req.valid('json');
        await assertStaff(c.var.deps.db, c.var.auth.site.id, input.assigneeId, 'assigneeId');
        const sets: string[] = [];
        const args: InValue[] = [];
        if (input.title !== undefined) (sets.push('title = ?'), args.push(input.title));
        if (input.dueAt !== undefined) (sets.push('due_at = ?'), args.push(input.dueAt));
        if (input.assigneeId !== undefined) (sets.push('assignee_id = ?'), args.push(input.assigneeId));
        if (input.done !== undefined)
          (sets.push(input.done ? 'done_at = coalesce(done_at, ?)' : 'done_at = NULL'),
            input.done && args.push(Date.now()));
        if (sets.length) {
          const [r] = await c.var.deps.writes.run([
            {
              sql: `UPDATE tasks SET ${sets.join(', ')} WHERE id = ? AND site_id = ?`,
              args: [...args, id, c.var.auth.site.id],
            },
          ]);
          if (!r!.rowsAffected) throw new ApiError(404, 'not_found', 'no such task');
        }
        const { rows } = await c.var.deps.db.execute({
          sql: `${select} WHERE t.id = ? AND t.site_id = ?`,
          args: [id, c.var.auth.site.id],
        });
        if (!rows[0]) throw new ApiError(404, 'not_found', 'no such task');
        return c.json(toTask(rows[0]));
      },
    );
