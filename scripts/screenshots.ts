/**
 * Retakes docs/screenshots: the admin at 1280 and 390 px, in English and Arabic, over a fresh demo database.
 *   npx tsx scripts/screenshots.ts        (CHROMIUM_PATH defaults to /usr/bin/chromium)
 * Starts server/node.ts on a temporary database, seeds the demo traffic and a few contacts and requests
 * through the API, and photographs the admin with playwright-core.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';

const out = 'docs/screenshots';
const dir = mkdtempSync(join(tmpdir(), 'leadline-shots-'));
const env = { ...process.env, DATABASE_URL: `file:${join(dir, 'db.sqlite')}`, PORT: '0' };
const ua = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

const server = spawn('npx', ['tsx', 'server/node.ts'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
const started = await new Promise<{ base: string; siteKey: string; token: string }>((resolve, reject) => {
  let text = '';
  server.stdout.on('data', (chunk: Buffer) => {
    text += chunk;
    const base = /Admin page:\s+(http:\/\/[^/\s]+)/.exec(text)?.[1];
    const siteKey = /(pk_[A-Za-z0-9_-]+)/.exec(text)?.[1];
    const token = /Admin token: (sk_[A-Za-z0-9_-]+)/.exec(text)?.[1];
    if (base && siteKey && token) resolve({ base, siteKey, token });
  });
  server.on('exit', (code) => reject(new Error(`the server exited (${code})`)));
});
const { base, siteKey, token } = started;

try {
  const seeded = spawnSync('npx', ['tsx', 'server/cli.ts', 'seed-demo', '--site', siteKey], { env, stdio: 'inherit' });
  if (seeded.status !== 0) throw new Error('seed-demo failed');
  const api = async (path: string, body: unknown, bearer: string | null = token) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: {
        'content-type': 'application/json',
        'user-agent': ua,
        ...(bearer && { authorization: `Bearer ${bearer}` }),
      },
    });
    return res.json();
  };
  const people = [
    ['Daniel Kim', 'daniel@kim-logistics.example', 'Kim Logistics'],
    ['نورة الشمري', 'noura@example.com', 'مكتبة النور'],
    ['Ana Lima', 'ana@lima.example', 'Lima & Co'],
    ['عمران خان', 'imran@example.pk', null],
    ['Bruno Costa', 'bruno@example.com', null],
  ] as const;
  const ids: string[] = [];
  for (const [name, email, company] of people) ids.push((await api('/v1/admin/contacts', { name, email, company })).id);
  const daniel = `/v1/admin/contacts/${ids[0]}`;
  await api(`${daniel}/activities`, { kind: 'call', subject: 'Intro call', outcome: 'Wants a quote for 12 desks' });
  await api(`${daniel}/tasks`, { title: 'Send the quote', dueAt: Date.now() + 86_400_000 });
  await api('/v1/admin/products', { name: 'Standing desk', price: 49900, currency: 'USD', contractMonths: 24 });
  await api(`${daniel}/purchases`, { productName: 'Standing desk', quantity: 2, unitPrice: 49900, currency: 'USD' });
  await api(
    '/v1/tickets',
    {
      site: siteKey,
      name: 'Daniel Kim',
      email: 'daniel@kim-logistics.example',
      subject: 'Where is my order?',
      body: 'Order 1042 has not arrived.',
      category: 'order_problem',
    },
    null,
  );

  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  type Prepare = (p: Page) => Promise<void>;
  const shot = async (name: string, hash: string, locale: 'en' | 'ar', width: number, prepare?: Prepare) => {
    const page = await browser.newPage({ viewport: { width, height: width < 500 ? 844 : 900 }, userAgent: ua });
    await page.goto(`${base}/demo/admin.html#token=${token}`);
    await page.evaluate(
      ([h, l]) => {
        location.hash = h!;
        document.querySelector('leadline-admin')!.setAttribute('locale', l!);
      },
      [hash, locale],
    );
    await page.waitForFunction(() => {
      const v = document.querySelector('leadline-admin')?.shadowRoot?.querySelector('main > *');
      const loaded = v?.shadowRoot?.querySelector('table, ol.timeline, svg, li.deal');
      return loaded && !/Loading…|جارٍ التحميل/.test(v!.shadowRoot!.textContent ?? '');
    });
    await prepare?.(page);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${out}/${name}.png`, fullPage: width >= 500 });
    await page.close();
  };
  for (const locale of ['en', 'ar'] as const) {
    await shot(`admin-contacts-${locale}`, '#/contacts', locale, 1280);
    await shot(`admin-contact-${locale}`, `#/contacts/${ids[0]}`, locale, 1280);
    await shot(`admin-reports-${locale}`, '#/reports', locale, 1280);
    await shot(`admin-contacts-${locale}-390`, '#/contacts', locale, 390);
    await shot(`admin-reports-${locale}-390`, '#/reports', locale, 390);
    await shot(`admin-deals-${locale}`, '#/deals', locale, 1280);
    await shot(`admin-deals-${locale}-390`, '#/deals', locale, 390);
  }
  await shot('admin-menu-en-390', `#/contacts/${ids[0]}`, 'en', 390, async (p) => {
    await p.locator('leadline-admin button.menu').click();
  });
  await browser.close();
} finally {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
