import type { Context } from 'hono';
import { isbot } from 'isbot';
import type { AppEnv } from '../app-env.ts';
import { isIpAddress } from '../net/private-address.ts';

/**
 * What the server may learn about a visitor's browser without storing an IP:
 * country (from a trusted proxy header only), language, device class, and the
 * client address for the daily-salted hash (used, never stored).
 */
export interface ClientInfo {
  country: string | null;
  language: string | null;
  device: 'desktop' | 'mobile' | 'tablet';
  ip: string | null;
  userAgent: string;
}

export function deviceOf(userAgent: string): ClientInfo['device'] {
  if (/iPad|Tablet|PlayBook|Silk|Kindle|Android(?!.*Mobile)/i.test(userAgent)) return 'tablet';
  if (/Mobi|iPhone|iPod|Android|Opera Mini|IEMobile/i.test(userAgent)) return 'mobile';
  return 'desktop';
}

const botVerdicts = new Map<string, boolean>();

/**
 * isbot's verdict, remembered per user agent: its one large regular expression cost more than the rest of an
 * ingest request's header parsing, and a site's traffic repeats a few thousand user agents.
 */
export function isBotAgent(userAgent: string): boolean {
  let bot = botVerdicts.get(userAgent);
  if (bot === undefined) {
    if (botVerdicts.size >= 5000) botVerdicts.clear();
    botVerdicts.set(userAgent, (bot = isbot(userAgent)));
  }
  return bot;
}

/** `Accept-Language: ar-SA,ar;q=0.9` → `ar-SA`. */
export function languageOf(header: string | undefined): string | null {
  const tag = header?.split(',')[0]?.split(';')[0]?.trim();
  return tag && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(tag) ? tag : null;
}

/**
 * Which request headers name the client, by who stands in front of the server (TRUST_PROXY):
 * - `none` (unset): the socket's peer; no country.
 * - `forwarded` (`1`/`true`): the right-most `X-Forwarded-For` entry, i.e. the address your one
 *   reverse proxy saw (whatever a client wrote further left is ignored); a country only from the
 *   header the operator names (COUNTRY_HEADER), which their proxy must set or strip.
 * - `cloudflare`: `CF-Connecting-IP` and the country Cloudflare's edge gives (`request.cf.country`
 *   on Workers, `CF-IPCountry` on an origin only Cloudflare can reach).
 */
export type ProxyTrust = { mode: 'none' } | { mode: 'forwarded'; countryHeader?: string } | { mode: 'cloudflare' };

/**
 * TRUST_PROXY (and COUNTRY_HEADER) as a ProxyTrust; throws on a value it does not know, so a
 * typo stops the server at start instead of trusting the wrong headers.
 * @example parseProxyTrust('1', 'X-Country-Code') // { mode: 'forwarded', countryHeader: 'x-country-code' }
 */
export function parseProxyTrust(trustProxy: string | undefined, countryHeader?: string): ProxyTrust {
  const value = trustProxy?.trim().toLowerCase() ?? '';
  if (value === '' || value === '0' || value === 'false') return { mode: 'none' };
  if (value === 'cloudflare') return { mode: 'cloudflare' };
  if (value === '1' || value === 'true') {
    const header = countryHeader?.trim().toLowerCase();
    return header ? { mode: 'forwarded', countryHeader: header } : { mode: 'forwarded' };
  }
  throw new Error(`TRUST_PROXY must be unset, 1 (or true) or cloudflare; got "${trustProxy}"`);
}

const countryCode = (value: string | null | undefined): string | null => {
  const v = value?.trim().toUpperCase();
  return v && /^[A-Z]{2}$/.test(v) && v !== 'XX' ? v : null;
};

/** The right-most X-Forwarded-For entry (several headers arrive joined by commas), when it is an address. */
const lastForwarded = (header: string | undefined): string | null => {
  const last = header?.split(',').at(-1)?.trim();
  return last && isIpAddress(last) ? last : null;
};

/** What the server may learn about the client of `c`, with the app's proxy trust (AppDeps.trustProxy). */
export function clientInfo(c: Context<AppEnv>): ClientInfo {
  const { trustProxy = { mode: 'none' }, socketIp } = c.get('deps');
  const userAgent = c.req.header('user-agent') ?? '';
  let country: string | null = null;
  let ip = socketIp?.(c) ?? null;
  if (trustProxy.mode === 'forwarded') {
    ip = lastForwarded(c.req.header('x-forwarded-for')) ?? ip;
    if (trustProxy.countryHeader) country = countryCode(c.req.header(trustProxy.countryHeader));
  } else if (trustProxy.mode === 'cloudflare') {
    const edge = (c.req.raw as { cf?: { country?: string } }).cf;
    ip = c.req.header('cf-connecting-ip') ?? ip;
    country = countryCode(edge ? edge.country : c.req.header('cf-ipcountry'));
  }
  return { country, language: languageOf(c.req.header('accept-language')), device: deviceOf(userAgent), ip, userAgent };
}
