import { z } from 'zod';

/** `GET /v1/admin/installation?since=`: `since` (UTC ms) asks how many events arrived from then on. */
export const installationQuery = z.object({
  since: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

/** Counts over the last 7 UTC days. */
const counted = { count: z.number(), lastAt: z.number() };

/** What an owner needs to install the tag, and why pages may not be tracked. */
export const installation = z.object({
  /** The tag to paste into every page. */
  snippet: z.string(),
  /** Where embed.js and the API are served (PUBLIC_URL, else the address this request came to). */
  apiUrl: z.string(),
  siteKey: z.string(),
  allowedOrigins: z.array(z.string()),
  /** The newest event (by its time), or null before the first one. */
  lastEvent: z.object({ at: z.number(), url: z.string() }).nullable(),
  /** With `since`: events from then on (counted up to 1000). */
  eventsSince: z.number().optional(),
  /** Page origins refused because the site's allowed origins do not list them (those allowed since are left out). */
  refusedOrigins: z.array(z.object({ origin: z.string(), ...counted })),
  /** Keys no site has, used on pages of this site's origins (allowed ones, or those of its recent events). */
  unknownKeys: z.array(z.object({ key: z.string(), origin: z.string(), ...counted })),
});
export type Installation = z.infer<typeof installation>;
