import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopChrome, startNodeServer, type RunningServer } from '../server/node-server.ts';
import { smtp } from '../server/smtp-server.ts';

/**
 * Signing in without the owner, end to end: `npm start`'s server sends a sign-in link through a real
 * SMTP server, Chromium opens it on the demo admin page, and the session survives a server restart.
 */
const dir = mkdtempSync(join(tmpdir(), 'leadline-signin-'));
let mail: Awaited<ReturnType<typeof smtp>>;
let server: RunningServer;
let browser: Browser;

const stop = (s: RunningServer) =>
  new Promise<void>((resolve) => (s.child.once('exit', () => resolve()), s.child.kill('SIGTERM')));

beforeAll(async () => {
  mail = await smtp();
  server = await startNodeServer(join(dir, 'signin.db'), { SMTP_URL: `smtp://127.0.0.1:${mail.port}` });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
});

afterAll(async () => {
  await browser?.close();
  if (server?.child.exitCode === null) await stop(server);
  await mail?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sign-in by emailed link', () => {
  it('emails a link that signs the owner in, and the session outlives a server restart', async () => {
    const admin = `${server.base}/demo/admin.html`;
    const owner = { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' };
    await fetch(`${server.base}/v1/admin/settings`, {
      method: 'PATCH',
      headers: owner,
      body: JSON.stringify({ adminUrl: admin }),
    });

    const context = await browser.newContext({ userAgent: desktopChrome });
    context.setDefaultTimeout(10_000);
    const tab = await context.newPage();
    await tab.goto(admin);
    const el = tab.locator('leadline-admin');
    await el.locator('input[name="email"]').fill('owner@demo.test');
    await el.locator('button[value="link"]').click();
    await el.getByText('If owner@demo.test belongs to a user here').waitFor();

    // The server's outbox drains every 5 s.
    await expect.poll(() => mail.received.length, { timeout: 15_000, interval: 250 }).toBe(1);
    const sent = mail.received[0]!;
    expect(sent.subject).toBe('Sign in to Demo shop');
    const link = /(http:\/\/\S+#signin=sl_[\w-]+)/.exec(sent.text ?? '')?.[1];
    expect(link?.startsWith(`${admin}#signin=`)).toBe(true);

    // Opened from the email: a new tab of the same browser.
    const opened = await context.newPage();
    await opened.goto(link!);
    const signedIn = opened.locator('leadline-admin');
    await signedIn.getByText('Signed in as').waitFor();
    expect(new URL(opened.url()).hash).toBe('#/contacts');
    // Used once: the same link again is refused.
    const again = await fetch(`${server.base}/v1/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ link: link!.split('#signin=')[1] }),
    });
    expect(again.status).toBe(401);

    // A restart on the same address (localStorage is per origin) keeps the session: it lives in the database.
    const port = new URL(server.base).port;
    await stop(server);
    server = await startNodeServer(join(dir, 'signin.db'), { SMTP_URL: `smtp://127.0.0.1:${mail.port}`, PORT: port });
    await tab.reload();
    await el.getByText('Signed in as').waitFor();
    await tab.goto(`${admin}#/account`);
    await el.getByText('Chrome · Linux').waitFor();
    await context.close();
  }, 60_000);
});
