import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopChrome } from '../server/node-server.ts';
import { startCrossOrigin, type CrossOriginEnv } from './cross-origin-env.ts';

/**
 * Surveys where users live: a shop's page on `http://localhost:P2` with the snippet (`data-surveys`) pointing at a
 * Leadline server on `http://127.0.0.1:P1`, in a desktop Chrome. An inline survey is answered there and the answer
 * is read back through the admin API.
 */
let browser: Browser;
let api = '';
let hostOrigin = '';
let token = '';
let siteKey = '';
const pages = new Map<string, string>();

const shopPage = (lang: 'en' | 'ar', survey: string) => `<!doctype html>
<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Lumen Desk</title>
<script defer src="${api}/embed.js" data-site="${siteKey}" data-surveys></script></head>
<body><h1>${lang === 'ar' ? 'شكرًا لطلبك' : 'Thanks for your order'}</h1>
<leadline-survey survey="${survey}"></leadline-survey></body></html>`;

/** A help page: the chat launcher and triggered surveys, no inline survey. */
const helpPage = () => `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Lumen Desk help</title>
<script defer src="${api}/embed.js" data-site="${siteKey}" data-chat data-surveys></script></head>
<body><h1>Help</h1><p>Ask us anything.</p></body></html>`;

const auth = () => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
async function adminFetch<T>(path: string, method = 'GET', body?: unknown): Promise<T> {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: auth(),
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

let env: CrossOriginEnv;
beforeAll(async () => {
  env = await startCrossOrigin('surveys', pages);
  ({ api, siteKey, adminToken: token, hostOrigin, browser } = env);
});

afterAll(() => env?.close());

describe('<leadline-survey> on a page of another origin', () => {
  for (const [lang, width, score] of [
    ['en', 1280, 9],
    ['ar', 390, 3],
  ] as const)
    it(`an inline NPS survey answered in ${lang} at ${width} px reaches the admin`, async () => {
      const survey = await adminFetch<{ id: string }>('/v1/admin/surveys', 'POST', {
        name: `Checkout NPS ${lang}`,
        kind: 'nps',
        question: { en: 'How likely are you to recommend us?', ar: 'ما مدى احتمال أن توصي بنا؟' },
      });
      pages.set(`/thanks-${lang}`, shopPage(lang, survey.id));
      const tab = await browser.newPage({ userAgent: desktopChrome, viewport: { width, height: 844 } });
      tab.setDefaultTimeout(10_000);
      const problems: string[] = [];
      const files: { url: string; cors: string | undefined }[] = [];
      tab.on('pageerror', (e) => problems.push(String(e)));
      tab.on('console', (m) => /CORS|Access-Control/i.test(m.text()) && problems.push(m.text()));
      tab.on('response', async (r) => {
        if (r.url().startsWith(api) && r.status() >= 400) problems.push(`${r.url()}: ${r.status()}`);
        if (/\/widgets\/leadline-survey\.js$/.test(r.url()))
          files.push({ url: r.url(), cors: (await r.allHeaders())['access-control-allow-origin'] });
      });
      await tab.goto(`${hostOrigin}/thanks-${lang}`);

      const inline = tab.locator('leadline-survey:not([auto])');
      await inline.locator('legend').waitFor();
      expect(await inline.locator('legend').textContent()).toBe(
        lang === 'ar' ? 'ما مدى احتمال أن توصي بنا؟' : 'How likely are you to recommend us?',
      );
      // data-surveys added the card-mode element too; with nothing due for this new visitor it shows nothing.
      expect(await tab.locator('leadline-survey[auto]').count()).toBe(1);
      expect(await tab.locator('leadline-survey[auto] [part="card"]').count()).toBe(0);

      await inline.locator(`input[name="score"][value="${score}"]`).check();
      await inline.locator('textarea').fill(lang === 'ar' ? 'خدمة ممتازة' : 'Great lamps');
      await inline.locator('[part="submit"]').click();
      await inline.locator('.success').waitFor();
      const box = await inline.boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(width + 0.5);

      const visitor = await tab.evaluate(() => (window as any).leadline.ids()[0] as string);
      const { answers } = await adminFetch<{ answers: Record<string, unknown>[] }>(
        `/v1/admin/surveys/${survey.id}/answers`,
      );
      expect(answers).toEqual([
        expect.objectContaining({ score, comment: lang === 'ar' ? 'خدمة ممتازة' : 'Great lamps', visitor }),
      ]);
      expect(files).toEqual([{ url: `${api}/widgets/leadline-survey.js`, cors: '*' }]);
      expect(problems).toEqual([]);
      await tab.close();
    });

  it('a card after a request solved in the chat: above the launcher, answered, kept with the ticket', async () => {
    const survey = await adminFetch<{ id: string }>('/v1/admin/surveys', 'POST', {
      name: 'After support',
      kind: 'csat',
      question: { en: 'How happy are you with our help?' },
      trigger: 'ticket_solved',
    });
    pages.set('/help', helpPage());
    const tab = await browser.newPage({ userAgent: desktopChrome, viewport: { width: 1280, height: 800 } });
    tab.setDefaultTimeout(10_000);
    const problems: string[] = [];
    tab.on('pageerror', (e) => problems.push(String(e)));
    await tab.goto(`${hostOrigin}/help`);

    // The visitor asks for help in the chat; nothing is due yet, so no card.
    const chat = tab.locator('leadline-chat');
    await chat.locator('[part="launcher"]').click();
    await chat.locator('.body > .primary').click();
    await chat.locator('#t-subject').fill('Dim lamp');
    await chat.locator('#t-body').fill('It is too dim.');
    await chat.locator('#t-email').fill('dim@example.com');
    await chat.locator('form .primary').click();
    const notice = (await chat.locator('.notice').textContent()) ?? '';
    const trackingNumber = /LL-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(notice)![0];
    expect(await tab.locator('leadline-survey[auto] [part="card"]').count()).toBe(0);

    // A rep solves it; on the visitor's next page the card asks.
    const { tickets } = await adminFetch<{ tickets: { id: string; trackingNumber: string }[] }>('/v1/admin/tickets');
    const ticket = tickets.find((t) => t.trackingNumber === trackingNumber)!;
    await adminFetch(`/v1/admin/tickets/${ticket.id}/messages`, 'POST', {
      body: 'Try the bright mode.',
      status: 'solved',
    });
    await tab.reload();
    const card = tab.locator('leadline-survey[auto] [part="card"]');
    await card.waitFor();
    expect(await card.locator('legend').textContent()).toBe('How happy are you with our help?');
    await chat.locator('[part="launcher"]').waitFor();
    const [cardBox, launcherBox] = [await card.boundingBox(), await chat.locator('[part="launcher"]').boundingBox()];
    expect(cardBox!.y + cardBox!.height, 'the card sits above the chat launcher').toBeLessThanOrEqual(launcherBox!.y);
    expect(await tab.evaluate(() => document.activeElement === document.body), 'focus was not taken').toBe(true);

    await card.locator('input[name="score"][value="5"]').check();
    await card.locator('[part="submit"]').click();
    await card.locator('.success').waitFor();
    const { answers } = await adminFetch<{ answers: Record<string, unknown>[] }>(
      `/v1/admin/surveys/${survey.id}/answers`,
    );
    expect(answers).toEqual([
      expect.objectContaining({ score: 5, ticketId: ticket.id, contactEmail: 'dim@example.com' }),
    ]);
    expect(problems).toEqual([]);
    await tab.close();
  });
});
