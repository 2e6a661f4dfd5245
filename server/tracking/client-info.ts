import type { Context } from 'hono';

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

const countryHeaders = ['cf-ipcountry', 'x-vercel-ip-country', 'x-country-code'];

export function deviceOf(userAgent: string): ClientInfo['device'] {
  if (/iPad|Tablet|PlayBook|Silk|Kindle|Android(?!.*Mobile)/i.test(userAgent)) return 'tablet';
  if (/Mobi|iPhone|iPod|Android|Opera Mini|IEMobile/i.test(userAgent)) return 'mobile';
  return 'desktop';
}

/** `Accept-Language: ar-SA,ar;q=0.9` → `ar-SA`. */
export function languageOf(header: string | undefined): string | null {
  const tag = header?.split(',')[0]?.split(';')[0]?.trim();
  return tag && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(tag) ? tag : null;
}

/**
 * @param trustProxy only then are X-Forwarded-For, CF-Connecting-IP and the country headers believed
 * @param socketIp the peer address, from the runtime (Node's conninfo); unknown on Workers
 */
export function clientInfo(c: Context, trustProxy: boolean, socketIp?: string | null): ClientInfo {
  const userAgent = c.req.header('user-agent') ?? '';
  let country: string | null = null;
  let ip = socketIp ?? null;
  if (trustProxy) {
    for (const h of countryHeaders) {
      const v = c.req.header(h)?.toUpperCase();
      if (v && /^[A-Z]{2}$/.test(v) && v !== 'XX') {
        country = v;
        break;
      }
    }
    ip = c.req.header('cf-connecting-ip') ?? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? ip;
  }
  return { country, language: languageOf(c.req.header('accept-language')), device: deviceOf(userAgent), ip, userAgent };
}
