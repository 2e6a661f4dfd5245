/**
 * `npx tsx test/bench/profile-ingest.ts [events per request] [seconds]` (`MIXED=1`: the worst-case shape): CPU
 * profiles of the Node server under the ingest bench's load (50 connections, autocannon, test/bench/traffic.ts).
 * Starts `server/node.ts` with `--cpu-prof` on a fresh database, loads it, stops it, and prints, for the main thread
 * and the writer thread, the heaviest functions by self time and by bundled area (HTTP, Hono, zod, libSQL, …). The
 * .cpuprofile files stay in the printed folder for Chrome DevTools.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { ingestBody } from './traffic.ts';

const root = new URL('../..', import.meta.url).pathname;
const per = Number(process.argv[2] ?? 1);
const seconds = Number(process.argv[3] ?? 8);
const dir = mkdtempSync(join(tmpdir(), 'leadline-prof-'));

const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', 'server/node.ts'], {
  cwd: root,
  env: { ...process.env, PORT: '0', DATABASE_URL: `file:${join(dir, 'p.db')}`, LEADLINE_SKIP_BUILD: '1' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const [url, site] = await new Promise<[string, string]>((resolve) => {
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d;
    const m = /Demo shop:\s+(http:\/\/\S+)\/demo\/[\s\S]*Site key:\s+(pk_\S+)/.exec(out);
    if (m) resolve([m[1]!, m[2]!]);
  });
});

const result = await autocannon({
  url: `${url}/v1/events`,
  connections: 50,
  duration: seconds,
  method: 'POST',
  headers: { 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36' },
  requests: [
    {
      setupRequest: (req) => ({ ...req, body: ingestBody(site, per, process.env.MIXED === '1') }),
    },
  ],
});
console.log(`${(result['2xx'] / result.duration).toFixed(0)} req/s, p99 ${result.latency.p99} ms`);
child.kill('SIGTERM');
await new Promise((r) => child.on('exit', r));

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const requests = result['2xx'];
const area = (u: string) =>
  u === ''
    ? '(native/vm)'
    : (/node_modules\/([^/]+(\/[^/]+)?)/.exec(u)?.[1]?.replace(/\/(dist|lib|cjs|esm)$/, '') ??
      (u.startsWith('node:') ? u : u.replace(/^.*\/wt-[^/]+\//, '').replace(/\?tsx-namespace=.*$/, '')));
// One profile per thread: the main thread's (…0.001) and the writer thread's (the other busy one; tsx's loader
// threads write small ones).
const profiles = readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .map((file) => {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      nodes: Node[];
      samples: number[];
      timeDeltas: number[];
    };
    const self = new Map<number, number>();
    profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
    // Time the thread was busy (idle samples left out); on a shared machine it includes time others took the core.
    for (const [id] of self) if (byNode.get(id)!.callFrame.functionName === '(idle)') self.delete(id);
    return { file, self, byNode, total: [...self.values()].reduce((a, b) => a + b, 0) };
  })
  .sort((a, b) => Number(/\.0\.\d+\.cpuprofile$/.test(b.file)) - Number(/\.0\.\d+\.cpuprofile$/.test(a.file)));
const [main, ...others] = profiles;
for (const { file, self, byNode, total } of [main!, others.sort((a, b) => b.total - a.total)[0]!]) {
  const sum = (key: (node: Node) => string) => {
    const m = new Map<string, number>();
    for (const [id, us] of self) {
      const k = key(byNode.get(id)!);
      m.set(k, (m.get(k) ?? 0) + us);
    }
    return [...m].sort((a, b) => b[1] - a[1]).slice(0, 25);
  };
  console.log(`\nprofile ${join(dir, file)}; busy µs per request: ${(total / requests).toFixed(0)} (share × that)`);
  for (const [title, key] of [
    ['by file / package', (node: Node) => area(node.callFrame.url)],
    ['by function', (node: Node) => `${node.callFrame.functionName || '(anon)'} ${area(node.callFrame.url)}`],
  ] as const) {
    console.log(`\n${title}`);
    for (const [k, us] of sum(key))
      console.log(
        `${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / requests).toFixed(1).padStart(6)} µs  ${k}`.trim(),
      );
  }
}
