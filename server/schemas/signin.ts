import { z } from 'zod';
import { locale } from './config.ts';
import { siteKey } from './events.ts';
import { user } from './sales.ts';

const email = z
  .email()
  .max(254)
  .transform((s) => s.toLowerCase());
const PASSWORD_MIN = 10;
/** Hashing cost does not grow with the length; the bound keeps bodies small. */
const PASSWORD_MAX = 256;
/** A password as typed; checked for length only (any characters, NFKC-normalised before hashing). */
export const password = z.string().min(PASSWORD_MIN, `at least ${PASSWORD_MIN} characters`).max(PASSWORD_MAX);

/** `POST /v1/admin/signin/link`: `page` is the admin page asking (see signinBase), `locale` the email's language. */
export const signinLinkInput = z.object({
  site: siteKey,
  email,
  page: z.url().max(2000).optional(),
  locale: locale.optional(),
});
/** How this server lets people sign in: emailed links need an email transport; passwords always work once set. */
export const signinMethods = z.object({ link: z.boolean(), password: z.boolean() });
export type SigninMethods = z.infer<typeof signinMethods>;

/** `POST /v1/admin/session`: an invite, an emailed sign-in link, or an address and password. */
export const sessionExchange = z.union([
  z.object({ invite: z.string().regex(/^inv_[A-Za-z0-9_-]{20,80}$/, 'not an invite code') }),
  z.object({ link: z.string().regex(/^sl_[A-Za-z0-9_-]{20,80}$/, 'not a sign-in link code') }),
  z.object({ site: siteKey, email, password: z.string().min(1).max(PASSWORD_MAX) }),
]);
export const sessionCreated = z.object({ token: z.string(), expiresAt: z.number(), user });

/** One of my admin sessions; `current` is the one asking. */
export const sessionInfo = z.object({
  id: z.number(),
  device: z.string().nullable(),
  createdAt: z.number(),
  lastUsedAt: z.number().nullable(),
  expiresAt: z.number(),
  current: z.boolean(),
});
export const mySessions = z.object({ sessions: z.array(sessionInfo), hasPassword: z.boolean() });
export type MySessions = z.infer<typeof mySessions>;
export const sessionParam = z.object({ id: z.union([z.literal('current'), z.coerce.number().int().positive()]) });

export const passwordChange = z.object({ current: z.string().min(1).max(PASSWORD_MAX).optional(), password });
/** Owner: clear a user's password and end their sessions; `sendLink` emails them a sign-in link. */
export const resetSignin = z.object({ sendLink: z.boolean().optional(), page: z.url().max(2000).optional() });
