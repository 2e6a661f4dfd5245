import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startNodeServer } from '../server/node-server.ts';

/** A Leadline server on `http://127.0.0.1:P1`, a host page server on `http://localhost:P2`, and a Chromium. */
export interface CrossOriginEnv {
  /** The Leadline server's origin, as the host page's snippet names it. */
  api: string;
  siteKey: string;
  adminToken: string;
  /** The host pages' origin. */
  hostOrigin: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Where users live: a real Node server on a fresh file database (`name` in a temporary folder) and the host pages
 * (`pages`: HTML by path, each test puts its own) on another origin, both on this machine, so Chromium's
 * local-network permission prompt is switched off (nothing else).
 */
export async function startCrossOrigin(name: string, pages: Map<string, string>): Promise<CrossOriginEnv> {
  const dir = mkdtempSync(join(tmpdir(), `leadline-${name}-`));
  const started = await startNodeServer(join(dir, `${name}.db`));
  const leadline: ChildProcess = started.child;
  const landing = createServer((req, res) => {
    const html = pages.get(req.url!.split('?')[0]!);
    if (html) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => landing.listen(0, 'localhost', r));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults',
    ],
  });
  return {
    api: started.base.replace('//localhost:', '//127.0.0.1:'),
    siteKey: started.siteKey,
    adminToken: started.adminToken,
    hostOrigin: `http://localhost:${(landing.address() as AddressInfo).port}`,
    browser,
    async close() {
      await browser.close();
      landing.close();
      leadline.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
