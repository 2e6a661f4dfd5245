/**
 * TRUST_PROXY: whatever a client writes into forwarding and country headers, the rate-limit key
 * and the stored country come only from what the configured proxy (or the socket) says.
 * Node only: on Workers the mode is always `cloudflare` (the edge sets the headers).
 */
import { describe, expect, it } from 'vitest';
import { parseProxyTrust, type ProxyTrust } from '../../server/tracking/client-info.ts';
import { pageview, post, testApp } from './test-app.ts';

/** What a client may send to pass for someone else, somewhere else (request `i` of a run). */
const spoofed = (i: number) => ({
  'x-forwarded-for': `198.51.100.${i}`,
  'cf-connecting-ip': `198.51.100.${i}`,
  'x-real-ip': `198.51.100.${i}`,
  'cf-ipcountry': 'KP',
  'x-country-code': 'KP',
  'x-vercel-ip-country': 'KP',
});

interface Mode {
  trust: ProxyTrust;
  /** The headers the client's request reaches Leadline with, its own spoofs included. */
  arrives: (client: string, i: number) => Record<string, string>;
  country: string | null;
}

const modes: Record<string, Mode> = {
  'unset (the socket peer)': { trust: { mode: 'none' }, arrives: (_client, i) => spoofed(i), country: null },
  '1, no country header named': {
    trust: { mode: 'forwarded' },
    // nginx `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`: the client's list, then the peer.
    arrives: (client, i) => ({ ...spoofed(i), 'x-forwarded-for': `198.51.100.${i}, ${client}` }),
    country: null,
  },
  '1 with COUNTRY_HEADER=X-Country-Code': {
    trust: parseProxyTrust('1', 'X-Country-Code'),
    arrives: (client, i) => ({ ...spoofed(i), 'x-forwarded-for': `198.51.100.${i},${client}`, 'x-country-code': 'AE' }),
    country: 'AE',
  },
  cloudflare: {
    trust: { mode: 'cloudflare' },
    arrives: (client, i) => ({ ...spoofed(i), 'cf-connecting-ip': client, 'cf-ipcountry': 'AE' }),
    country: 'AE',
  },
};

describe('TRUST_PROXY', () => {
  for (const [name, mode] of Object.entries(modes)) {
    it(`${name}: spoofed headers change neither the rate-limit key nor the stored country`, async () => {
      // Without a trusted proxy the client is the socket's peer; with one, the peer is the proxy.
      const { app, db, siteKey } = await testApp({ trustProxy: mode.trust, socketIp: '192.0.2.1' });
      const ticket = (client: string, i: number) =>
        app.request('/v1/tickets', post({ site: siteKey, subject: 's', body: 'b' }, mode.arrives(client, i)));
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await ticket('203.0.113.9', i)).status);
      expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
      if (mode.trust.mode !== 'none') expect((await ticket('203.0.113.10', 9)).status).toBe(201);

      const session = 'session-spoof1';
      const events = [pageview({ session })];
      await app.request('/v1/events', post({ site: siteKey, events }, mode.arrives('203.0.113.9', 1)));
      const { rows } = await db.execute({ sql: 'SELECT country FROM sessions WHERE id = ?', args: [session] });
      expect(rows[0]!.country).toBe(mode.country);
    });
  }

  it('cloudflare on Workers: the country is the edge’s request.cf, not a header', async () => {
    const { app, db, siteKey } = await testApp({ trustProxy: { mode: 'cloudflare' } });
    const body = { site: siteKey, events: [pageview()] };
    const request = new Request('http://localhost/v1/events', post(body, spoofed(1)));
    Object.defineProperty(request, 'cf', { value: { country: 'QA' } });
    await app.request(request);
    expect((await db.execute('SELECT country FROM sessions')).rows[0]!.country).toBe('QA');
  });

  it('reads TRUST_PROXY strictly', () => {
    for (const v of [undefined, '', '0', 'false'])
      expect(parseProxyTrust(v, 'X-Country'), `${v}`).toEqual({ mode: 'none' });
    for (const v of ['1', 'true', 'TRUE']) expect(parseProxyTrust(v), v).toEqual({ mode: 'forwarded' });
    expect(parseProxyTrust('cloudflare')).toEqual({ mode: 'cloudflare' });
    for (const v of ['yes', '2', 'x-forwarded-for']) expect(() => parseProxyTrust(v), v).toThrow(/TRUST_PROXY/);
  });
});
