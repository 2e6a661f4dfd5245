import { convertIPv4ToBinary, convertIPv6ToBinary } from 'hono/utils/ipaddr';

interface Block {
  network: bigint;
  prefix: number;
}

const block = (cidr: string, parse: (ip: string) => bigint): Block => {
  const [ip, prefix] = cidr.split('/');
  return { network: parse(ip!), prefix: Number(prefix) };
};
const within = (address: bigint, bits: number, { network, prefix }: Block) =>
  address >> BigInt(bits - prefix) === network >> BigInt(bits - prefix);

/**
 * IPv4 blocks that are not the public internet: this network (incl. 0.0.0.0), private, CGNAT,
 * loopback, link-local, IETF protocol assignments (NAT64 discovery …), the 6to4 relay anycast,
 * benchmarking, multicast and reserved (incl. broadcast). Documentation ranges (TEST-NET) are
 * not routed anywhere, so they are left alone.
 */
const privateV4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.88.99.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/4',
  '240.0.0.0/4',
].map((cidr) => block(cidr, convertIPv4ToBinary));

const v6 = (cidr: string) => block(cidr, convertIPv6ToBinary);
/** Global unicast; everything outside (ULA, link-local, multicast, NAT64, ::/8 …) is refused. */
const globalUnicast = v6('2000::/3');
/** Inside global unicast but not a place for a webhook: IETF assignments incl. Teredo, and 6to4. */
const tunnelsV6 = [v6('2001::/23'), v6('2002::/16')];
const mappedV4 = v6('::ffff:0:0/96');

/** An IP literal (no brackets) as a number, or null when `text` is not one. */
function parseIp(text: string): { address: bigint; bits: 32 | 128 } | null {
  try {
    return text.includes(':')
      ? { address: convertIPv6ToBinary(text), bits: 128 }
      : { address: convertIPv4ToBinary(text), bits: 32 };
  } catch {
    return null;
  }
}

/** Whether `text` is one IPv4 or IPv6 address, strictly spelled (no brackets, no port). */
export const isIpAddress = (text: string): boolean => parseIp(text) !== null;

const privateV4Number = (address: bigint) => privateV4.some((b) => within(address, 32, b));

/**
 * Whether `address` is an IP address on the public internet. False for anything that is not an
 * address, and for loopback, private, link-local, CGNAT, unique-local, unspecified, multicast,
 * NAT64 (64:ff9b::/96, 64:ff9b:1::/48), IPv4-compatible (::a.b.c.d), 6to4 and Teredo addresses,
 * and IPv4-mapped (::ffff:a.b.c.d) forms of non-public IPv4 addresses.
 * Expects strict spellings, as the WHATWG URL parser and DNS resolvers give them
 * (`http://2130706433/`, `0x7f.1`, `0177.0.0.1` all become `127.0.0.1`).
 * @example isPublicAddress('::ffff:7f00:1') // false: 127.0.0.1
 */
export function isPublicAddress(address: string): boolean {
  const ip = parseIp(address.replace(/^\[|\]$/g, ''));
  if (!ip) return false;
  if (ip.bits === 32) return !privateV4Number(ip.address);
  if (within(ip.address, 128, mappedV4)) return !privateV4Number(ip.address & 0xffffffffn);
  return within(ip.address, 128, globalUnicast) && !tunnelsV6.some((b) => within(ip.address, 128, b));
}

/** Host names that are local whatever DNS says (single labels resolve through the host's search domains). */
const isLocalHostname = (host: string): boolean =>
  !host.includes('.') || /(^|\.)(localhost|local|internal|home\.arpa|localdomain)$/i.test(host);

/** A webhook target that must not be reached; its message never depends on the target's answer. */
export class RefusedTarget extends Error {}

/**
 * Throws RefusedTarget unless `url` is http(s) and its host, and every address it resolves
 * to (when `resolve` is given), is public. Node also checks at connect time (public-fetch.ts).
 */
export async function assertPublicTarget(url: string, resolve?: (host: string) => Promise<string[]>): Promise<void> {
  const u = new URL(url);
  if (!/^https?:$/.test(u.protocol)) throw new RefusedTarget('only http(s) targets');
  const host = u.hostname.replace(/\.$/, '');
  if (u.hostname.startsWith('[') || parseIp(host)) {
    if (!isPublicAddress(host)) throw new RefusedTarget(`${host} is not a public address`);
    return;
  }
  if (isLocalHostname(host)) throw new RefusedTarget(`${host} is a local name`);
  if (resolve && !(await resolve(host)).every(isPublicAddress)) {
    throw new RefusedTarget(`${host} resolves to an address that is not public`);
  }
}
