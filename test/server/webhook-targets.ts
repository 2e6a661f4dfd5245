/** The spellings of webhook targets the private-address check must refuse, and some it must let through. */

/** Each is refused when a webhook is saved; the comment says what the URL parser makes of it. */
export const refusedUrls = [
  // IPv4 loopback in every spelling the WHATWG URL parser accepts (all become 127.0.0.1).
  'http://127.0.0.1/', 'http://2130706433/', 'http://0x7f.1/', 'http://127.1/', 'http://0177.0.0.1/',
  'http://017700000001/', 'http://0x7f000001/', 'http://127.0.0.1./', 'http://%31%32%37.0.0.1/', 'http://127.0.0.2:22/',
  // Unspecified, private, link-local (cloud metadata), CGNAT, benchmarking, IETF, multicast, broadcast.
  'http://0/', 'http://0.0.0.0:8080/', 'http://10.0.0.1/', 'http://172.16.5.4/', 'http://192.168.1.1/',
  'http://169.254.169.254/latest/meta-data', 'http://100.64.0.1/', 'http://198.18.0.1/', 'http://192.0.0.170/',
  'http://224.0.0.1/', 'http://255.255.255.255/',
  // IPv6 loopback and unspecified.
  'http://[::1]/', 'http://[0:0:0:0:0:0:0:1]/', 'http://[::]/',
  // IPv4-mapped (the parser writes [::ffff:7f00:1]), IPv4-compatible, NAT64, 6to4, Teredo.
  'http://[::ffff:127.0.0.1]:8080/', 'http://[::ffff:7f00:1]/', 'http://[::ffff:a9fe:a9fe]/',
  'http://[0:0:0:0:0:ffff:10.0.0.1]/', 'http://[::ffff:192.168.0.1]/', 'http://[::127.0.0.1]/', 'http://[::8.8.8.8]/',
  'http://[64:ff9b::7f00:1]/', 'http://[64:ff9b::8.8.8.8]/', 'http://[64:ff9b:1::a00:1]/',
  'http://[2002:7f00:1::1]/', 'http://[2002:808:808::1]/', 'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
  // Unique-local, link-local, site-local, multicast.
  'http://[fc00::1]/', 'http://[fd12:3456::1]/', 'http://[fe80::1]/', 'http://[fec0::1]/', 'http://[ff02::1]/',
  // Names that are local whatever DNS says.
  'http://localhost:8080/x', 'http://localhost./', 'http://api.localhost/', 'http://printer.local/',
  'http://metadata.google.internal/', 'http://intranet/', 'http://router.home.arpa/',
];

/** Allowed when saved (names are checked again after DNS resolution, at delivery). */
export const publicUrls = [
  'https://hooks.example/x', 'http://8.8.8.8/', 'http://[2606:4700:4700::1111]/', 'http://[::ffff:8.8.8.8]/',
  'https://203.0.113.10:8443/hook',
];

/** Not public, written as resolvers answer them. */
export const nonPublicAddresses = [
  '127.0.0.1', '127.255.255.254', '10.1.2.3', '172.20.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254',
  '100.64.0.1', '100.127.255.255', '0.0.0.0', '0.1.2.3', '198.19.0.1', '192.0.0.170', '224.0.0.251',
  '239.255.255.250', '240.0.0.1', '255.255.255.255', '::', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1',
  '::ffff:a9fe:a9fe', '::7f00:1', '::808:808', '64:ff9b::7f00:1', '64:ff9b::808:808', '64:ff9b:1::a00:1',
  '2002:7f00:1::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2', 'fc00::1', 'fd00::1', 'fe80::1', 'fe80::1%eth0',
  'fec0::1', 'ff02::1', '100::1', 'not-an-address', '',
];

export const publicAddresses = [
  '8.8.8.8', '1.1.1.1', '203.0.113.10', '172.32.0.1', '100.128.0.1', '169.253.1.1', '2606:4700:4700::1111',
  '2a00:1450:4001::200e', '::ffff:8.8.8.8', '::ffff:808:808',
];
