import { z } from 'zod';

export const webhookEventTypes = [
  'lead.created',
  'contact.stage_changed',
  'ticket.created',
  'ticket.replied',
  'ticket.solved',
  'survey.answered',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

const eventFilter = z
  .array(z.enum(['*', ...webhookEventTypes]))
  .min(1)
  .max(20);
const targetUrl = z.url({ protocol: /^https?$/ }).max(2048);

export const webhookCreate = z.object({ url: targetUrl, events: eventFilter.default(['*']) });
export const webhookUpdate = z.object({
  url: targetUrl.optional(),
  events: eventFilter.optional(),
  active: z.boolean().optional(),
});

export const webhook = z.object({
  id: z.number(),
  url: z.string(),
  events: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.number(),
});
/** The signing secret is shown once, when the webhook is created. */
export const webhookCreated = webhook.extend({ secret: z.string() });
export type Webhook = z.infer<typeof webhook>;

export const delivery = z.object({
  id: z.number(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.number(),
  createdAt: z.number(),
  deliveredAt: z.number().nullable(),
});
export type Delivery = z.infer<typeof delivery>;
