import { Hono } from 'hono';
import { describeRoute, resolver } from 'hono-openapi';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { contactActivities, deleteActivity, updateActivity } from '../contacts/activities.ts';
import { actorOf, logActivity } from '../contacts/manage.ts';
import { readTimeline } from '../contacts/timeline.ts';
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
  type TimelinePage,
} from '../schemas/contacts.ts';

const idParam = z.object({ id: contactId });

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
      async (c) =>
        c.json<TimelinePage>(
          await readTimeline(c.var.deps.db, c.var.auth.site.id, { contact: c.var.contact.id }, c.req.valid('query')),
        ),
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
