import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopChrome, startNodeServer } from '../server/node-server.ts';

/**
 * The whole path a marketer relies on: `npm start`'s server on a fresh file
 * database, the demo shop in real Chromium, the tracker's pageview committed,
 * and the owner reading it back through the admin API with the printed token.
 */
let server: ChildProcess;
let browser: Browser;
let base = '';
let token = '';
let siteKey = '';
const dir = mkdtempSync(join(tmpdir(), 'leadline-e2e-'));

beforeAll(async () => {
  const started = await startNodeServer(join(dir, 'e2e.db'));
  ({ child: server, base, siteKey, adminToken: token } = started);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
});

afterAll(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('demo shop → tracker → libSQL → admin API', () => {
  it('stores the visit and the clicks, readable with the admin token', async () => {
    // A regular desktop UA: headless Chromium's own UA is (rightly) dropped as a bot.
    const page = await browser.newPage({ userAgent: desktopChrome });
    const sent: string[] = [];
    page.on('request', (r) => r.url().endsWith('/v1/events') && sent.push(r.postData() ?? ''));
    await page.goto(`${base}/demo/?utm_source=newsletter&utm_campaign=november`);
    await page.click('[data-ll-track="pricing-49"]');
    await expect.poll(() => sent.length, { timeout: 5000 }).toBeGreaterThan(0);

    const events = async () => {
      const res = await fetch(`${base}/v1/admin/events`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      return (
        (await res.json()) as {
          events: { type: string; name: string | null; url: string; props: Record<string, unknown> | null }[];
        }
      ).events;
    };
    // Impressions of the visible buttons (and sampled web vitals) may arrive too; the visit and the click must.
    await expect
      .poll(
        async () =>
          (await events())
            .filter((e) => e.type === 'click' || e.type === 'pageview')
            .map((e) => e.type)
            .sort(),
        { timeout: 5000 },
      )
      .toEqual(['click', 'pageview']);
    const all = await events();
    const click = all.find((e) => e.type === 'click');
    const pageview = all.find((e) => e.type === 'pageview');
    expect(pageview!.url).toBe(`${base}/demo/?utm_source=newsletter&utm_campaign=november`);
    expect(click).toMatchObject({ name: 'pricing-49', props: { price: 4900, currency: 'USD' } });
    expect(JSON.parse(sent[0]!).site).toBe(siteKey);

    expect((await fetch(`${base}/v1/admin/events`)).status).toBe(401);
    await page.close();
  });

  it('turns the contact form into a contact with attribution and a timeline', async () => {
    const page = await browser.newPage({ userAgent: desktopChrome });
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/demo/?utm_source=partner-blog&utm_medium=referral&utm_campaign=winter`);
    const form = page.locator('leadline-form');
    // The widget's own fields (in its shadow root), not the no-JavaScript fallback form inside it.
    await form.locator('#f-name').fill('Layla Haddad');
    await form.locator('#f-email').fill('layla@example.com');
    await form.locator('#f-message').fill('Do you deliver to Dubai?');
    await page.waitForTimeout(1600); // people take longer than the bot threshold
    await form.locator('button[part="submit"]').click();
    await form.getByText('Thank you').waitFor();

    const auth = { headers: { authorization: `Bearer ${token}` } };
    const list = await (await fetch(`${base}/v1/admin/contacts?q=layla`, auth)).json();
    expect(list.contacts).toHaveLength(1);
    expect(list.contacts[0]).toMatchObject({
      email: 'layla@example.com',
      name: 'Layla Haddad',
      stage: 'lead',
      source: 'partner-blog',
      campaign: 'winter',
    });
    const id = list.contacts[0].id;
    const detail = await (await fetch(`${base}/v1/admin/contacts/${id}`, auth)).json();
    expect(detail.firstTouch).toMatchObject({ source: 'partner-blog', medium: 'referral' });
    const timeline = await (await fetch(`${base}/v1/admin/contacts/${id}/timeline`, auth)).json();
    const kinds = timeline.items.map(
      (i: { kind: string; data: { type?: string } }) => `${i.kind}:${i.data.type ?? ''}`,
    );
    expect(kinds).toContain('form_submit:form_submit');
    expect(kinds).toContain('event:pageview');

    // The newsletter form on the same page is captured too.
    await page.locator('form.newsletter').getByRole('textbox', { name: 'Email' }).fill('newsletter@example.com');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await expect
      .poll(async () => (await (await fetch(`${base}/v1/admin/contacts?q=newsletter`, auth)).json()).contacts.length, {
        timeout: 5000,
      })
      .toBe(1);
    await page.close();
  });

  it('shows the chat: an Arabic article found from an English page, and a ticket a rep answers', async () => {
    const page = await browser.newPage({ userAgent: desktopChrome, locale: 'ar' });
    page.setDefaultTimeout(8000);
    await page.goto(`${base}/demo/`);
    const chat = page.locator('leadline-chat');
    await chat.locator('[part="launcher"]').click();
    await chat.locator('[part="search"]').fill('الإرجاع');
    await chat.locator('.results [part="result"]', { hasText: 'الإرجاع واسترداد المبلغ' }).click();
    await chat.locator('[part="article"] h3', { hasText: 'الإرجاع واسترداد المبلغ' }).waitFor();
    await chat.locator('.body > .primary').click();
    await chat.locator('#t-subject').fill('المصباح وصل مكسورًا');
    await chat.locator('#t-body').fill('الغطاء مشقوق');
    await chat.locator('#t-email').fill('noura@example.com');
    await chat.locator('form .primary').click();
    const notice = chat.locator('.notice');
    await notice.waitFor();
    const trackingNumber = /LL-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec((await notice.textContent()) ?? '')![0];
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const { tickets } = await (await fetch(`${base}/v1/admin/tickets`, { headers: auth })).json();
    const ticket = tickets.find((t: { trackingNumber: string }) => t.trackingNumber === trackingNumber);
    expect(ticket).toMatchObject({ email: 'noura@example.com', subject: 'المصباح وصل مكسورًا', locale: 'en' }); // the page is in English
    await fetch(`${base}/v1/admin/tickets/${ticket.id}/messages`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ body: 'نعتذر! سنرسل بديلًا اليوم.' }),
    });
    await chat.locator('.message.staff', { hasText: 'نعتذر' }).waitFor({ timeout: 10000 });
    await page.close();
  });

  it('runs the shop, its widgets and the admin’s reports under a strict Content-Security-Policy', async () => {
    const page = await browser.newPage({ userAgent: desktopChrome });
    page.setDefaultTimeout(8000);
    const violations: string[] = [];
    page.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
    const res = await page.goto(`${base}/demo/`);
    const csp = res!.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    await page.locator('leadline-chat [part="launcher"]').click();
    await page.locator('leadline-chat [part="search"]').fill('returns');
    await page.locator('leadline-form input[name="email"]:visible').first().waitFor();
    await page.goto(`${base}/demo/admin.html#token=${token}`);
    await page.locator('leadline-admin nav a[href="#/reports"]').click();
    await page.locator('leadline-admin-reports .kpis').waitFor();
    // The first test clicked the $49 plan: its bar is drawn (an SVG rect's width attribute, not a blocked style attribute).
    await page.locator('leadline-admin-reports .tabs button', { hasText: 'Ads & elements' }).click();
    await page.locator('leadline-admin-reports .bars rect.bar').first().waitFor({ state: 'attached' });
    const bars = await page
      .locator('leadline-admin-reports .bars li')
      .evaluateAll((lis) =>
        lis.map((li) => [
          li.querySelector('.bar-label')!.textContent,
          Number(li.querySelector('rect')!.getAttribute('width')),
        ]),
      );
    expect(bars).toContainEqual(['pricing-49', 100]);
    expect(violations).toEqual([]);
    await page.close();
  });
});
