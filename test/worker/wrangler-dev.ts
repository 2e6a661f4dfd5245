/**
 * `wrangler dev` in local mode (workerd, offline) on a free loopback port,
 * serving test/worker/test-entry.ts with the bindings of wrangler.toml.
 */
import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, waitFor } from './sqld.ts';

const root = new URL('../..', import.meta.url).pathname;

export interface WranglerDev {
  url: string;
  stop(): Promise<void>;
}

export async function startWranglerDev(opts: { databaseUrl: string; logFile: string }): Promise<WranglerDev> {
  const port = await freePort();
  const inspector = await freePort();
  const child = spawn(
    join(root, 'node_modules/.bin/wrangler'),
    [
      'dev',
      'test/worker/test-entry.ts',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(inspector),
      '--var',
      `DATABASE_URL:${opts.databaseUrl}`,
      '--show-interactive-dev-session=false',
      '--log-level',
      'warn',
    ],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', openSync(opts.logFile, 'a'), openSync(opts.logFile, 'a')],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' },
    },
  );
  let exited = false;
  child.once('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}`;
  // Any answer will do: the default database is not migrated, so the API answers 503.
  await waitFor(`${url}/healthz`, 60_000, () => !exited, true).catch((e) => {
    if (!exited) process.kill(-child.pid!, 'SIGKILL');
    throw new Error(`${(e as Error).message}\n${readFileSync(opts.logFile, 'utf8').slice(-2000)}`);
  });
  return {
    url,
    async stop() {
      if (exited) return;
      const gone = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGTERM'); // wrangler and its workerd child
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      if (!exited) process.kill(-child.pid!, 'SIGKILL');
    },
  };
}
