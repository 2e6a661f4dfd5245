import { z } from 'zod';
import { siteKey } from './events.ts';
import { formDefinition } from './forms.ts';

export const locale = z.enum(['en', 'ar', 'ur']);
export type Locale = z.infer<typeof locale>;

export const configQuery = z.object({
  site: siteKey,
  locale: locale.optional(),
});

/** Public settings every widget starts from (`GET /v1/config`). */
export const publicConfig = z.object({
  site: z.object({ name: z.string() }),
  locale,
  locales: z.array(locale),
  theme: z.object({ accent: z.string().optional(), radius: z.string().optional() }),
  consent: z.enum(['optional', 'required']),
  chat: z.object({ enabled: z.boolean() }),
  /** Set when the site checks leads with Cloudflare Turnstile: the widget renders its check with this key. */
  turnstileSiteKey: z.string().nullable(),
  /** Lead forms by name. */
  forms: z.record(z.string(), formDefinition),
});
export type PublicConfig = z.infer<typeof publicConfig>;
