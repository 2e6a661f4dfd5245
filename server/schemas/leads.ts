import { z } from 'zod';
import { browserId, clientId, siteKey } from './events.ts';
import { fieldName, formName } from './forms.ts';

export const leadFieldValue = z.union([z.string().max(5000), z.boolean()]);

/** `POST /v1/leads` body. */
export const leadInput = z.object({
  site: siteKey,
  form: formName,
  /** The submission's id (UUID): a resend is stored once. */
  id: clientId,
  visitor: browserId.optional(),
  session: browserId.optional(),
  /** The page the form was sent from. */
  url: z
    .string()
    .max(2048)
    .refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), 'expected an http(s) URL')
    .optional(),
  fields: z.record(fieldName, leadFieldValue).refine((f) => Object.keys(f).length <= 40, 'at most 40 fields'),
  consent: z.boolean().optional(),
  /** Honeypot: a field people never see. Anything in it marks a bot. */
  hp: z.string().max(1000).optional(),
  /** Time from the form's first render to sending, ms: bots are faster than people. */
  elapsedMs: z.number().int().min(0).max(86_400_000).optional(),
  locale: z.enum(['en', 'ar', 'ur']).optional(),
  /** The Cloudflare Turnstile token, required where the site set a Turnstile secret. */
  turnstileToken: z.string().max(4096).optional(),
});
export type LeadInput = z.infer<typeof leadInput>;

export const leadAccepted = z.object({ ok: z.literal(true) });
export type LeadAccepted = z.infer<typeof leadAccepted>;

/** Below this fill time a submission is treated as a bot's. */
export const MIN_FILL_MS = 1500;
export const MAX_LEAD_BYTES = 32 * 1024;
