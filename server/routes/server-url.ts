import type { AppEnv } from '../app-env.ts';

/**
 * Where this server is reached — embed.js, the API, links in emails: `PUBLIC_URL` when it is an http(s) URL (a path
 * kept, for first-party serving), else the address this request came to, as the operator's proxy names it behind a
 * trusted one (TRUST_PROXY); never a client's own forwarded headers.
 */
export function serverUrl(c: {
  var: Pick<AppEnv['Variables'], 'deps'>;
  req: { url: string; header(name: string): string | undefined };
}): string {
  const { publicUrl, trustProxy, log = console.error } = c.var.deps;
  if (publicUrl) {
    try {
      const url = new URL(publicUrl);
      if (/^https?:$/.test(url.protocol)) return url.origin + url.pathname.replace(/\/+$/, '');
    } catch {
      // Reported below.
    }
    log(`PUBLIC_URL is not an http(s) URL: ${publicUrl}; using the request's address`);
  }
  const url = new URL(c.req.url);
  // Only a proxy of the operator's own (TRUST_PROXY=1) sets these; a client's copies are not believed otherwise.
  if (trustProxy?.mode === 'forwarded') {
    const first = (name: string) => c.req.header(name)?.split(',')[0]!.trim();
    const proto = first('x-forwarded-proto');
    const host = first('x-forwarded-host');
    if (proto === 'http' || proto === 'https') url.protocol = proto;
    if (host && /^[a-z0-9.-]+(:\d{1,5})?$/i.test(host)) url.host = host;
  }
  return url.origin;
}
