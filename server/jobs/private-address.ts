/**
 * Addresses a webhook must never reach: loopback, private, link-local,
 * carrier-grade NAT, unspecified, multicast and their IPv6 forms.
 */
export function isPrivateAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return isPrivateAddress(mapped[1]!);
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (v4) {
    const [x, y] = [Number(v4[1]), Number(v4[2])];
    return x === 0 || x === 10 || x === 127 || (x === 169 && y === 254) || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168) || (x === 100 && y >= 64 && y <= 127) || x >= 224;
  }
  if (a.includes(':')) return a === '::' || a === '::1' || /^f[cd]/.test(a) || /^fe[89ab]/.test(a) || /^ff/.test(a);
  return false;
}

/** Host names that are local whatever DNS says. */
export const isLocalHostname = (host: string): boolean => /^(localhost|.*\.localhost|.*\.local|.*\.internal)$/i.test(host);

/**
 * Throws unless `url` is http(s) and its host, and every address it resolves
 * to (when `resolve` is given, i.e. on Node), is public.
 */
export async function assertPublicTarget(url: string, resolve?: (host: string) => Promise<string[]>): Promise<void> {
  const u = new URL(url);
  if (!/^https?:$/.test(u.protocol)) throw new Error('only http(s) targets');
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (isLocalHostname(host) || isPrivateAddress(host)) throw new Error(`${host} is a private or local address`);
  if (resolve && !/^[\d.]+$|:/.test(host)) {
    const addresses = await resolve(host);
    const bad = addresses.find(isPrivateAddress);
    if (bad) throw new Error(`${host} resolves to a private address (${bad})`);
  }
}
