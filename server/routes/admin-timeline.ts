import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { contactActivities, deleteActivity, updateActivity } from '../contacts/activities.ts';
import { actorOf, logActivity } from '../contacts/manage.ts';
import { can } from '../middleware/roles.ts';
import { routeDoc } from './route-doc.ts';
import { contactParam } from '../middleware/contact-param.ts';
import { validate } from '../middleware/validate.ts';
import {
  activity,
  activityInput,
  activityUpdate,
  contactId,
  timelinePage,
  timelineQuery,
  type Activity,
  type TimelineGroup,
  type TimelinePage,
} from '../schemas/contacts.ts';

const idParam = z.object({ id: contactId });

/**
 * One contact's history, newest first, in the groups the contact page filters by: `pageviews` (its
 * browsers' events, anonymous ones from before it was identified included, with their session's source),
 * `forms` (submissions with what was sent), `activities` (and stage changes), `tickets` (and feedback and survey answers),
 * `purchases`. Only the asked groups are queried, so every page is full.
 */
const timelineParts: Record<TimelineGroup, string[]> = {
  pageviews: [
    `SELECT 'event', e.id, e.ts,
      json_object('type', e.type, 'name', e.name, 'url', e.url, 'title', e.title, 'props', json(e.props), 'value', e.value,
        'currency', e.currency, 'session', e.session, 'source', s.source, 'medium', s.medium)
    FROM contact_visitors cv
    JOIN events e ON e.site_id = cv.site_id AND e.visitor = cv.visitor
    LEFT JOIN sessions s ON s.site_id = e.site_id AND s.id = e.session
    WHERE cv.contact_id = :contact AND e.type <> 'form_submit'`,
  ],
  forms: [
    `SELECT 'form_submit', e.id, e.ts,
      json_object('type', e.type, 'name', e.name, 'url', e.url, 'title', e.title, 'props', json(e.props), 'session', e.session,
        'fields', json(ls.fields))
    FROM contact_visitors cv
    JOIN events e ON e.site_id = cv.site_id AND e.visitor = cv.visitor
    LEFT JOIN lead_submissions ls ON ls.id = e.id
    WHERE cv.contact_id = :contact AND e.type = 'form_submit'`,
    `SELECT 'form_submit', ls.id, ls.received_at, json_object('type', 'form_submit', 'name', ls.form, 'url', ls.url, 'fields', json(ls.fields))
    FROM lead_submissions ls
    WHERE ls.contact_id = :contact AND (ls.visitor IS NULL OR ls.visitor NOT IN (SELECT visitor FROM contact_visitors WHERE contact_id = :contact))`,
  ],
  activities: [
    `SELECT 'activity', a.id, a.occurred_at, json_object('kind', a.kind, 'subject', a.subject, 'body', a.body, 'outcome', a.outcome,
      'durationMinutes', a.duration_minutes, 'userId', a.user_id)
    FROM activities a WHERE a.contact_id = :contact`,
    `SELECT 'stage_change', 'stage-' || h.id, h.at, json_object('from', h.from_stage, 'to', h.to_stage, 'reason', h.reason, 'userId', h.user_id)
    FROM stage_history h WHERE h.contact_id = :contact`,
  ],
  tickets: [
    `SELECT 'ticket', t.id, t.created_at, json_object('trackingNumber', t.tracking_number, 'subject', t.subject, 'category', t.category,
      'status', t.status, 'priority', t.priority, 'rating', t.rating)
    FROM tickets t WHERE t.contact_id = :contact`,
    `SELECT 'feedback', f.id, f.created_at, json_object('rating', f.rating, 'nps', f.nps, 'comment', f.comment, 'url', f.url)
    FROM feedback f WHERE f.contact_id = :contact`,
    `SELECT 'survey_answer', sa.id, sa.created_at, json_object('surveyId', s.id, 'survey', s.name, 'kind', s.kind,
      'score', sa.score, 'choices', json(sa.choices), 'other', sa.other, 'comment', sa.comment,
      'purchaseId', sa.purchase_id, 'ticketId', sa.ticket_id)
    FROM survey_answers sa JOIN surveys s ON s.id = sa.survey_id WHERE sa.contact_id = :contact`,
  ],
  purchases: [
    `SELECT 'purchase', p.id, p.purchased_at, json_object('productName', p.product_name, 'unitPrice', p.unit_price, 'quantity', p.quantity,
      'currency', p.currency, 'salesRepId', p.sales_rep_id, 'instructions', p.instructions, 'contractEndAt', p.contract_end_at)
    FROM purchases p WHERE p.contact_id = :contact`,
  ],
};

const timelineSql = (groups: readonly TimelineGroup[]) => `
  WITH timeline(kind, id, at, data) AS (
    ${groups.flatMap((g) => timelineParts[g]).join('\n    UNION ALL\n    ')}
  )
  SELECT * FROM timeline
  WHERE :cursorAt IS NULL OR at < :cursorAt OR (at = :cursorAt AND id < :cursorId)
  ORDER BY at DESC, id DESC
  LIMIT :limit`;

export const adminTimelineRoutes = () =>
  new Hono<AppEnv>()
    .get(
      '/v1/admin/contacts/:id/timeline',
      describeRoute({
        tags: ['admin: contacts'],
        summary: 'A contact’s timeline',
        security: [{ bearer: [] }],
        responses: {
          200: { description: 'Newest first', content: { 'application/json': { schema: resolver(timelinePage) } } },
        },
      }),
      can.read,
      validate('param', idParam),
      validate('query', timelineQuery),
      contactParam(),
      async (c) => {
        const { id } = c.var.contact;
        const q = c.req.valid('query');
        const split = q.cursor?.indexOf('_') ?? -1;
        const { rows } = await c.var.deps.db.execute({
          sql: timelineSql(q.kinds),
          args: {
            contact: id,
            cursorAt: q.cursor ? Number(q.cursor.slice(0, split)) : null,
            cursorId: q.cursor ? q.cursor.slice(split + 1) : null,
            limit: q.limit + 1,
          },
        });
        const items = rows.slice(0, q.limit).map((r) => {
          const data = JSON.parse(String(r.data)) as Record<string, unknown>;
          for (const k of Object.keys(data)) if (data[k] === null) delete data[k];
          return {
            kind: String(r.kind) as TimelinePage['items'][number]['kind'],
            id: String(r.id),
            at: Number(r.at),
            data,
          };
        });
        const last = items.at(-1);
        return c.json<TimelinePage>({
          items,
          nextCursor: rows.length > q.limit && last ? `${last.at}_${last.id}` : null,
        });
      },
    )
    .get(
      '/v1/admin/contacts/:id/activities',
      describeRoute({
        tags: ['admin: contacts'],
        summary: 'A contact’s logged activities',
        security: [{ bearer: [] }],
        responses: {
          200: {
            description: 'Newest first',
            content: { 'application/json': { schema: resolver(z.object({ activities: z.array(activity) })) } },
          },
        },
      }),
      can.read,
      validate('param', idParam),
      contactParam(),
      async (c) => {
        return c.json({ activities: await contactActivities(c.var.deps.db, c.var.contact.id) });
      },
    )
    .post(
      '/v1/admin/contacts/:id/activities',
      describeRoute({
        tags: ['admin: contacts'],
        summary: 'Log a call, meeting, email or note (a lead becomes a prospect)',
        security: [{ bearer: [] }],
        responses: { 201: { description: 'Logged', content: { 'application/json': { schema: resolver(activity) } } } },
      }),
      can.write,
      validate('param', idParam),
      validate('json', activityInput),
      contactParam(),
      async (c) => c.json<Activity>(await logActivity(c.var.deps, actorOf(c), c.var.contact, c.req.valid('json')), 201),
    )
    .patch(
      '/v1/admin/activities/:id',
      routeDoc('admin: contacts')('Change a logged activity: kind, texts, when (occurredAt), duration', activity),
      can.write,
      validate('param', z.object({ id: z.uuid() })),
      validate('json', activityUpdate),
      async (c) => c.json(await updateActivity(c.var.deps, actorOf(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .delete(
      '/v1/admin/activities/:id',
      routeDoc('admin: contacts')('Delete a logged activity', undefined, { status: 204 }),
      can.write,
      validate('param', z.object({ id: z.uuid() })),
      async (c) => {
        await deleteActivity(c.var.deps, actorOf(c), c.req.valid('param').id);
        return c.body(null, 204);
      },
    );
