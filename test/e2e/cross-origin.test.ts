import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopChrome } from '../server/node-server.ts';
import { startCrossOrigin, type CrossOriginEnv } from './cross-origin-env.ts';

/**
 * Where users live: a marketer's landing page on its own origin (`http://localhost:P2`) with README's snippet
 * pointing at a Leadline server on another (`http://127.0.0.1:P1`), in a desktop Chrome, at phone and desktop
 * widths, in English and in Arabic. The form, the chat and the admin must work there, the files must come back
 * compressed and with CORS, and a wrong origin or site key must tell the owner what to fix.
 */
let browser: Browser;
let api = '';
let hostOrigin = '';
let token = '';
let siteKey = '';
/** The host page's HTML by path; each test puts its own page here. */
const pages = new Map<string, string>();

const landingPage = (opts: { lang: 'en' | 'ar'; site: string; form?: string }) => `<!doctype html>
<html lang="${opts.lang}" dir="${opts.lang === 'ar' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Lumen Desk</title>
<style>body{font-family:system-ui;margin:0 auto;max-width:60rem;padding:1rem} .hero{padding:2rem 0}</style>
<script defer src="${api}/embed.js" data-site="${opts.site}" data-chat></script></head>
<body><section class="hero"><h1>${opts.lang === 'ar' ? 'مصابيح مكتب' : 'Desk lamps'}</h1>
<button data-ll-track="pricing-49" data-ll-price="49.00" data-ll-currency="USD">Buy</button></section>
<leadline-form form="${opts.form ?? 'contact'}"></leadline-form></body></html>`;

const adminPage = (tokenValue: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Our CRM</title></head><body>
<leadline-admin></leadline-admin>
<script>document.querySelector('leadline-admin').token = ${JSON.stringify(tokenValue)};</script>
<script type="module" src="${api}/widgets/leadline-admin.js"></script></body></html>`;

const auth = () => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
const adminGet = async <T>(path: string): Promise<T> =>
  (await fetch(`${api}${path}`, { headers: auth() })).json() as Promise<T>;

let env: CrossOriginEnv;
beforeAll(async () => {
  env = await startCrossOrigin('cross', pages);
  ({ api, siteKey, adminToken: token, hostOrigin, browser } = env);
});

afterAll(() => env?.close());

/** A tab on the host origin that fails the test on any CORS or script error, and records widget responses. */
async function open(path: string, width: number, locale = 'en-US') {
  const tab = await browser.newPage({ userAgent: desktopChrome, viewport: { width, height: 844 }, locale });
  tab.setDefaultTimeout(10_000);
  const problems: string[] = [];
  const warnings: string[] = [];
  const files: { url: string; headers: Record<string, string> }[] = [];
  tab.on('console', (m) => {
    if (m.type() === 'warning' && m.text().startsWith('Leadline:')) warnings.push(m.text());
    if (/CORS|Access-Control/i.test(m.text())) problems.push(m.text());
  });
  tab.on('pageerror', (e) => problems.push(String(e)));
  tab.on('requestfailed', (r) => problems.push(`${r.url()}: ${r.failure()?.errorText}`));
  tab.on('response', async (r) => {
    if (r.url().startsWith(api) && r.status() >= 400) problems.push(`${r.url()}: ${r.status()}`);
    if (/\/(embed\.js|widgets\/)/.test(r.url())) files.push({ url: r.url(), headers: await r.allHeaders() });
  });
  await tab.goto(`${hostOrigin}${path}`);
  return { tab, problems, warnings, files };
}

/** The page is not wider than the viewport, and the widget stays inside it (RTL included). */
async function fitsWidth(tab: Page, selector: string, width: number) {
  const box = await tab.locator(selector).boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(width + 0.5);
  expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

async function sendForm(tab: Page, name: string, email: string, message: string) {
  const form = tab.locator('leadline-form');
  await form.locator('#f-name').fill(name);
  await form.locator('#f-email').fill(email);
  await form.locator('#f-message').fill(message);
  await tab.waitForTimeout(1600); // people take longer than the bot threshold
  await form.locator('button[part="submit"]').click();
  await form.locator('.success').waitFor();
}

async function openTicket(tab: Page, subject: string, body: string, email: string): Promise<string> {
  const chat = tab.locator('leadline-chat');
  await chat.locator('[part="launcher"]').click();
  await chat.locator('.body > .primary').click();
  await chat.locator('#t-subject').fill(subject);
  await chat.locator('#t-body').fill(body);
  await chat.locator('#t-email').fill(email);
  await chat.locator('form .primary').click();
  const notice = chat.locator('.notice');
  await notice.waitFor();
  return /LL-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec((await notice.textContent()) ?? '')![0];
}

describe('README’s snippet on a landing page of another origin', () => {
  for (const [lang, width] of [
    ['en', 1280],
    ['ar', 390],
  ] as const)
    it(`form → contact and chat → ticket, in ${lang} at ${width} px`, async () => {
      pages.set(`/landing-${lang}`, landingPage({ lang, site: siteKey }));
      const { tab, problems, warnings, files } = await open(`/landing-${lang}?utm_source=${lang}-ads`, width);
      const email = `${lang}-visitor@example.com`;
      await sendForm(
        tab,
        lang === 'ar' ? 'ليلى حداد' : 'Layla Haddad',
        email,
        lang === 'ar' ? 'هل توصلون إلى دبي؟' : 'Hi',
      );
      await fitsWidth(tab, 'leadline-form', width);
      const { contacts } = await adminGet<{ contacts: { email: string; source: string | null }[] }>(
        `/v1/admin/contacts?q=${lang}-visitor`,
      );
      expect(contacts).toEqual([expect.objectContaining({ email, source: `${lang}-ads` })]);

      const trackingNumber = await openTicket(
        tab,
        lang === 'ar' ? 'المصباح مكسور' : 'Broken lamp',
        'Cracked shade',
        email,
      );
      await fitsWidth(tab, 'leadline-chat [part="panel"]', width);
      const { tickets } = await adminGet<{ tickets: { trackingNumber: string; email: string }[] }>('/v1/admin/tickets');
      expect(tickets).toContainEqual(expect.objectContaining({ trackingNumber, email }));

      // Every Leadline file came cross-origin with CORS, and compressed.
      const widgetFiles = files.filter((f) => /widgets\/.+\.js$/.test(f.url));
      expect(widgetFiles.map((f) => new URL(f.url).pathname)).toEqual(
        expect.arrayContaining(['/widgets/leadline-form.js', '/widgets/leadline-chat.js']),
      );
      for (const f of files) {
        expect(f.headers['access-control-allow-origin'], f.url).toBe('*');
        expect(f.headers['content-encoding'], f.url).toMatch(/^(br|gzip)$/);
      }
      expect([problems, warnings]).toEqual([[], []]);
      await tab.close();
    });

  for (const width of [1280, 390])
    it(`the admin, its token set by the page before the widget loads, at ${width} px`, async () => {
      pages.set('/crm', adminPage(token));
      const { tab, problems } = await open('/crm', width);
      // Signed in: the contacts view (its chunk loaded cross-origin too); on a phone the sections sit behind a menu.
      await tab.locator('leadline-admin-contacts h2').first().waitFor();
      await tab.locator('leadline-admin nav[part="nav"]').waitFor({ state: width < 768 ? 'hidden' : 'visible' });
      await fitsWidth(tab, 'leadline-admin', width);
      expect(problems).toEqual([]);
      await tab.close();
    });

  it('answers a cross-origin fetch of a widget with CORS and br or gzip', async () => {
    for (const encoding of ['br', 'gzip'] as const) {
      const res = await fetch(`${api}/widgets/leadline-form.js`, {
        headers: { 'accept-encoding': `${encoding}`, origin: hostOrigin },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(res.headers.get('content-encoding')).toBe(encoding);
      expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
    }
    // Undici decodes by itself; read the raw bytes through node:http to check they really are compressed.
    const raw = await new Promise<{ encoding: string; body: Buffer }>((resolve, reject) => {
      import('node:http').then(({ get }) =>
        get(
          `${api}/widgets/leadline-form.js`,
          { headers: { 'accept-encoding': 'br, gzip', origin: hostOrigin } },
          (r) => {
            const chunks: Buffer[] = [];
            r.on('data', (c: Buffer) => chunks.push(c));
            r.on('end', () =>
              resolve({ encoding: String(r.headers['content-encoding']), body: Buffer.concat(chunks) }),
            );
          },
        ).on('error', reject),
      );
    });
    const plain = raw.encoding === 'br' ? brotliDecompressSync(raw.body) : gunzipSync(raw.body);
    expect(plain.toString('utf8')).toContain('leadline-form');
    expect(raw.body.length).toBeLessThan(plain.length / 2);
  });

  it('a wrong allowed origin and a wrong site key: no dead controls, one warning each, and the Installation page', async () => {
    const settings = (allowedOrigins: string[]) =>
      fetch(`${api}/v1/admin/settings`, { method: 'PATCH', headers: auth(), body: JSON.stringify({ allowedOrigins }) });
    expect((await settings(['https://www.shop.example'])).status).toBe(200);
    try {
      pages.set('/wrong-origin', landingPage({ lang: 'en', site: siteKey }));
      const wrongOrigin = await open('/wrong-origin', 390);
      await expect
        .poll(() => wrongOrigin.warnings, { timeout: 10_000 })
        .toEqual([
          `Leadline: origin ${hostOrigin} is not allowed for site ${siteKey}; add it in Settings → Allowed origins`,
        ]);
      expect(await wrongOrigin.tab.locator('leadline-form').evaluate((el) => el.shadowRoot!.childElementCount)).toBe(0);
      expect(await wrongOrigin.tab.locator('leadline-chat [part="launcher"]').count()).toBe(0);
      await wrongOrigin.tab.close();

      const typo = `${siteKey.slice(0, -2)}xx`;
      pages.set('/wrong-key', landingPage({ lang: 'ar', site: typo }));
      const wrongKey = await open('/wrong-key', 1280);
      await expect
        .poll(() => wrongKey.warnings, { timeout: 10_000 })
        .toEqual([`Leadline: site key ${typo} is not known to ${api}; copy the snippet from Admin → Installation`]);
      expect(await wrongKey.tab.locator('leadline-chat [part="launcher"]').count()).toBe(0);
      await wrongKey.tab.close();

      const installation = await adminGet<{
        snippet: string;
        refusedOrigins: { origin: string; count: number }[];
        unknownKeys?: { key: string; origin: string; count: number }[];
      }>('/v1/admin/installation');
      expect(installation.snippet).toContain(`data-site="${siteKey}"`);
      expect(installation.refusedOrigins).toContainEqual(expect.objectContaining({ origin: hostOrigin }));
      expect(installation.refusedOrigins.find((r) => r.origin === hostOrigin)!.count).toBeGreaterThanOrEqual(2);
      expect(installation.unknownKeys ?? []).toContainEqual(expect.objectContaining({ key: typo, origin: hostOrigin }));
    } finally {
      await settings([]);
    }
  });
});
