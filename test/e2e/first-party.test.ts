import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopChrome, startNodeServer } from '../server/node-server.ts';

/**
 * First-party serving: the shop's own origin serves its page and proxies
 * `/ll/*` to Leadline (as the nginx/Caddy recipes in docs/deploy.md do), so
 * the browser only ever talks to the shop. The tracker, the lazy widget
 * chunks and the lead form all go through the proxy path; with TRUST_PROXY
 * the server sees the visitor's address and country the proxy passes on.
 */
let leadline: ChildProcess;
let shop: Server;
let browser: Browser;
let upstream = '';
let shopOrigin = '';
let token = '';
let siteKey = '';
const dir = mkdtempSync(join(tmpdir(), 'leadline-proxy-'));

const page = (site: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script defer src="/ll/embed.js" data-site="${site}" data-api="/ll"></script></head>
<body><h1>Our own shop</h1><button data-ll-track="buy-now">Buy</button><leadline-form form="contact"></leadline-form></body></html>`;

beforeAll(async () => {
  const started = await startNodeServer(join(dir, 'proxy.db'), { TRUST_PROXY: '1', COUNTRY_HEADER: 'X-Country-Code' });
  ({ child: leadline, base: upstream, siteKey, adminToken: token } = started);
  // The shop: its page, and /ll/* passed to Leadline with the client's address and country, like a CDN or nginx would.
  shop = createServer((req, res) => {
    if (!req.url!.startsWith('/ll/'))
      return void res.writeHead(200, { 'content-type': 'text/html' }).end(page(siteKey));
    const target = new URL(req.url!.slice(3), upstream);
    const forwarded = request(
      target,
      {
        method: req.method,
        headers: { ...req.headers, host: target.host, 'x-forwarded-for': '203.0.113.7', 'x-country-code': 'AE' },
      },
      (up) => {
        res.writeHead(up.statusCode!, up.headers);
        up.pipe(res);
      },
    );
    req.pipe(forwarded);
  });
  await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
  shopOrigin = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
});

afterAll(async () => {
  await browser?.close();
  shop?.close();
  leadline?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('first-party serving through a proxy path', () => {
  it('tracks, loads widgets and takes a lead on the shop’s own origin only', async () => {
    const tab = await browser.newPage({ userAgent: desktopChrome });
    tab.setDefaultTimeout(8000);
    const origins = new Set<string>();
    tab.on('request', (r) => origins.add(new URL(r.url()).origin));
    await tab.goto(`${shopOrigin}/?utm_source=newsletter`);
    await tab.click('[data-ll-track="buy-now"]');
    const form = tab.locator('leadline-form');
    await form.locator('input[name="name"]').fill('Layla');
    await form.locator('input[name="email"]').fill('layla@shop.example');
    await tab.waitForTimeout(2100); // people take longer than the minimum fill time; faster is a bot
    await form.locator('button[part="submit"]').click();
    await form.locator('.success').waitFor();
    expect([...origins]).toEqual([shopOrigin]);

    const auth = { headers: { authorization: `Bearer ${token}` } };
    await expect
      .poll(
        async () =>
          (
            (await (await fetch(`${upstream}/v1/admin/events`, auth)).json()) as {
              events: { type: string; name: string | null }[];
            }
          ).events
            .map((e) => `${e.type}:${e.name ?? ''}`)
            .sort(),
        { timeout: 8000 },
      )
      .toEqual(expect.arrayContaining(['click:buy-now', 'pageview:']));
    const { contacts } = (await (await fetch(`${upstream}/v1/admin/contacts?q=layla`, auth)).json()) as {
      contacts: { id: string; source: string | null }[];
    };
    expect(contacts).toHaveLength(1);
    const detail = (await (await fetch(`${upstream}/v1/admin/contacts/${contacts[0]!.id}`, auth)).json()) as {
      firstTouch: { source: string };
    };
    expect(detail.firstTouch).toMatchObject({ source: 'newsletter' });
    // The proxy's headers were believed (TRUST_PROXY, COUNTRY_HEADER): the visit's country is the visitor's.
    const geo = (await (await fetch(`${upstream}/v1/admin/reports/demographics?by=country`, auth)).json()) as {
      rows: { key: { country: string | null }; visitors: number }[];
    };
    expect(geo.rows).toEqual([expect.objectContaining({ key: { country: 'AE' }, visitors: 1 })]);
    await tab.close();
  });
});
