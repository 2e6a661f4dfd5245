import { z } from 'zod';
import { siteKey } from './events.ts';
import { formDefinition } from './forms.ts';

export const locale = z.enum(['en', 'ar', 'ur']);
export type Locale = z.infer<typeof locale>;

export const configQuery = z.object({
  site: siteKey,
  /** The widget's language: accepted (widgets cache their config per language), changes nothing in the answer. */
  locale: locale.optional(),
});

/** What the form and the chat read before they render (`GET /v1/config`); embed.js never fetches it. */
export const publicConfig = z.object({
  site: z.object({ name: z.string() }),
  chat: z.object({ enabled: z.boolean() }),
  /** Set when the site checks leads with Cloudflare Turnstile: the widget renders its check with this key. */
  turnstileSiteKey: z.string().nullable(),
  /** Lead forms by name. */
  forms: z.record(z.string(), formDefinition),
});
export type PublicConfig = z.infer<typeof publicConfig>;
