import { spawn, type ChildProcess } from 'node:child_process';

/** A desktop Chrome's user agent: the server (rightly) drops HeadlessChrome's and Node's as bots. */
export const desktopChrome =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

export interface RunningServer {
  child: ChildProcess;
  /** e.g. http://127.0.0.1:41234 */
  base: string;
  siteKey: string;
  /** The owner token `npm start` prints for a site it just made; '' on an existing database. */
  adminToken: string;
}

/**
 * `npm start`'s server (server/node.ts) on a free port and the file database
 * `file`, resolved once it printed its address, site key and token line.
 * Tests that need the real process (crash, shutdown, Chromium, proxies) use it.
 */
export function startNodeServer(file: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/node.ts'], {
    env: { ...process.env, PORT: '0', DATABASE_URL: `file:${file}`, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk;
      const m = /Demo shop:\s+(http:\/\/\S+)\/demo\/[\s\S]*Site key:\s+(pk_\S+)\s+Admin token:\s+(\S+)/.exec(out);
      if (m) resolve({ child, base: m[1]!, siteKey: m[2]!, adminToken: m[3]!.startsWith('sk_') ? m[3]! : '' });
    });
  });
}
