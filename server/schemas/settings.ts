import { z } from 'zod';
import { locale } from './config.ts';

const origin = z.string().regex(/^https?:\/\/[^/\s]+$/, 'an origin like https://shop.example');
/** An IANA time zone name this runtime's Intl knows. */
export const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone, e.g. Asia/Dubai');

/** What owners set for their site (`GET/PATCH /v1/admin/settings`). */
export const settings = z.object({
  name: z.string().trim().min(1).max(200),
  allowedOrigins: z.array(origin).max(50),
  timeZone,
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code'),
  consent: z.enum(['optional', 'required']),
  vitalsSampling: z.number().min(0).max(1),
  locales: z.array(locale).min(1),
  /** Events older than this many days are deleted (0 = keep). */
  retentionDays: z.number().int().min(0).max(3650),
  affiliateParams: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,40}$/)).max(10),
  affiliateDomains: z.record(z.string().regex(/^[a-z0-9.-]{1,253}$/), z.string().min(1).max(100)),
  /** Sender address of this site's emails (the transport must be allowed to send as it). */
  emailFrom: z.email().max(254).nullable(),
  /** The page where the team runs <leadline-admin>: links in notifications point there. */
  adminUrl: z.string().max(2048).regex(/^https?:\/\/\S+$/, 'an http(s) URL').nullable(),
  /** Accent colour of emails. */
  accent: z.string().regex(/^#[0-9a-fA-F]{3,8}$/).nullable(),
  /** Per minute: leads, tickets, messages and feedback per visitor address; events per site (0 = no limit, the default). */
  rateLimits: z.object({
    leads: z.number().int().min(1).max(10_000),
    tickets: z.number().int().min(1).max(10_000),
    messages: z.number().int().min(1).max(10_000),
    feedback: z.number().int().min(1).max(10_000),
    events: z.number().int().min(0).max(10_000_000),
  }),
  /** Cloudflare Turnstile site key; with a secret set, every lead must pass the check. */
  turnstileSiteKey: z.string().regex(/^[\w-]{1,200}$/).nullable(),
  /** Whether a Turnstile secret is set (the secret itself is never shown). */
  turnstileSecretSet: z.boolean(),
});
export type Settings = z.infer<typeof settings>;
export const settingsUpdate = settings
  .omit({ turnstileSecretSet: true })
  .extend({ rateLimits: settings.shape.rateLimits.partial(), turnstileSecret: z.string().regex(/^[\w.-]{1,200}$/).nullable() })
  .partial();

export const auditEntry = z.object({ id: z.number(), userId: z.number().nullable(), userName: z.string().nullable(), action: z.string(), target: z.string().nullable(), detail: z.unknown(), at: z.number() });

export const cannedReplyInput = z.object({ locale, title: z.string().trim().min(1).max(200), body: z.string().trim().min(1).max(10_000) });
export const cannedReply = cannedReplyInput.extend({ id: z.string(), updatedAt: z.number() });

export const emailLogEntry = z.object({
  id: z.number(), template: z.string(), to: z.string(), status: z.enum(['pending', 'sent', 'failed']), attempts: z.number(),
  lastError: z.string().nullable(), createdAt: z.number(), sentAt: z.number().nullable(),
});
