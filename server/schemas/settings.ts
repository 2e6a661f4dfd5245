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
/** The site's reporting currency: an ISO 4217 code this runtime's Intl lists (the admin's picker offers the same). */
export const reportingCurrency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'an ISO 4217 code')
  .refine((code) => Intl.supportedValuesOf('currency').includes(code), 'a currency Intl knows, e.g. USD');

/** Per-minute limits: leads, tickets, messages and feedback per visitor address; events per site (0 = no limit). */
export const rateLimits = z.object({
  leads: z.number().int().min(1).max(10_000),
  tickets: z.number().int().min(1).max(10_000),
  messages: z.number().int().min(1).max(10_000),
  feedback: z.number().int().min(1).max(10_000),
  /** Events per minute for the whole site; 0 (the default) = no limit, so a site's own traffic is never dropped. */
  events: z.number().int().min(0).max(10_000_000),
});
export type RateLimits = z.infer<typeof rateLimits>;
export const defaultRateLimits: RateLimits = { leads: 10, tickets: 5, messages: 20, feedback: 10, events: 0 };

/**
 * The post-purchase survey email (opt-in): which survey, the site page its link opens (`?ll_survey=TOKEN`; it must
 * be on one of the site's allowed origins, else no email is sent), and who gets it: `consented` (contacts who agreed
 * to be contacted) or `customers` (every buyer with an email). An unsubscribed address never gets it again.
 */
export const purchaseSurvey = z.object({
  surveyId: z.uuid(),
  pageUrl: z
    .string()
    .max(2048)
    .regex(/^https?:\/\/\S+$/, 'an http(s) URL'),
  audience: z.enum(['consented', 'customers']),
});

/** The options kept as JSON in `sites.settings`, each with its rule. */
const siteSettingsShape = {
  /** Events older than this many days are deleted (0 = keep). */
  retentionDays: z.number().int().min(0).max(3650),
  /** Query parameters naming an inbound affiliate. */
  affiliateParams: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,40}$/)).max(10),
  /** Referring domains registered as affiliates: domain → affiliate name. */
  affiliateDomains: z.record(z.string().regex(/^[a-z0-9.-]{1,253}$/), z.string().min(1).max(100)),
  /** Sender address of this site's emails (the transport must be allowed to send as it). */
  emailFrom: z.email().max(254).nullable(),
  /** The page where the team runs <leadline-admin>: links in notifications point there. */
  adminUrl: z
    .string()
    .max(2048)
    .regex(/^https?:\/\/\S+$/, 'an http(s) URL')
    .nullable(),
  /** Accent colour of emails. */
  accent: z
    .string()
    .regex(/^#[0-9a-fA-F]{3,8}$/)
    .nullable(),
  rateLimits,
  /** Cloudflare Turnstile site key; with a secret set, every lead must pass the check. */
  turnstileSiteKey: z
    .string()
    .regex(/^[\w-]{1,200}$/)
    .nullable(),
  /** The Turnstile secret checked on every lead: stored, never sent out. */
  turnstileSecret: z
    .string()
    .regex(/^[\w.-]{1,200}$/)
    .nullable(),
  purchaseSurvey: purchaseSurvey.nullable(),
};

export type SiteSettings = z.infer<z.ZodObject<typeof siteSettingsShape>>;

/** What a site without its own choice gets. */
export const defaultSiteSettings: SiteSettings = {
  retentionDays: 0,
  affiliateParams: ['ref', 'aff', 'via'],
  affiliateDomains: {},
  emailFrom: null,
  adminUrl: null,
  accent: null,
  rateLimits: defaultRateLimits,
  turnstileSiteKey: null,
  turnstileSecret: null,
  purchaseSurvey: null,
};

/** Each field of `shape` from `given`, or its default when missing or no longer valid; other keys dropped. */
function withDefaults<S extends z.ZodRawShape>(
  shape: S,
  defaults: z.output<z.ZodObject<S>>,
  given: unknown,
): z.output<z.ZodObject<S>> {
  const from = given && typeof given === 'object' ? (given as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, schema] of Object.entries(shape)) {
    const r = z.safeParse(schema, from[k]);
    out[k] = r.success ? r.data : defaults[k as keyof typeof defaults];
  }
  return out as z.output<z.ZodObject<S>>;
}

/**
 * A site's stored settings JSON (`sites.settings`) as the app uses them, every option present. Rows written
 * before an option existed, or before its rule was tightened, get the default for what is missing or no longer
 * valid (each rate limit on its own); keys no longer known (`consent`, `vitalsSampling`, `locales`) are dropped
 * and leave the row at its next save. NULL or unreadable JSON is a site that chose nothing.
 */
export function parseSiteSettings(json: unknown): SiteSettings {
  let given: unknown = {};
  try {
    given = JSON.parse(String(json ?? '{}'));
  } catch {
    // The defaults.
  }
  const settings = withDefaults(siteSettingsShape, defaultSiteSettings, given);
  const limits = given && typeof given === 'object' ? (given as { rateLimits?: unknown }).rateLimits : undefined;
  return { ...settings, rateLimits: withDefaults(rateLimits.shape, defaultRateLimits, limits) };
}

const { turnstileSecret, ...shownSettings } = siteSettingsShape;

/** What owners see and set (`GET/PATCH /v1/admin/settings`): the site's columns and its stored settings. */
export const settings = z.object({
  name: z.string().trim().min(1).max(200),
  allowedOrigins: z.array(origin).max(50),
  timeZone,
  currency: reportingCurrency,
  ...shownSettings,
  /** Whether a Turnstile secret is set (the secret itself is never shown). */
  turnstileSecretSet: z.boolean(),
});
export type Settings = z.infer<typeof settings>;
export const settingsUpdate = settings
  .omit({ turnstileSecretSet: true })
  .extend({ rateLimits: rateLimits.partial(), turnstileSecret })
  .partial();

export const auditEntry = z.object({
  id: z.number(),
  userId: z.number().nullable(),
  userName: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  detail: z.unknown(),
  at: z.number(),
});

export const cannedReplyInput = z.object({
  locale,
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(10_000),
});
export const cannedReply = cannedReplyInput.extend({ id: z.string(), updatedAt: z.number() });

export const emailLogEntry = z.object({
  id: z.number(),
  template: z.string(),
  to: z.string(),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.number(),
  sentAt: z.number().nullable(),
});
