/**
 * `npx tsx test/bench/profile-ingest.ts [events per request] [seconds]`: a CPU profile of the Node server under the
 * ingest bench's load (50 connections, autocannon). Starts `server/node.ts` with `--cpu-prof` on a fresh database,
 * loads it, stops it, and prints the heaviest functions by self time and by bundled area (HTTP, Hono, zod, libSQL,
 * …). The .cpuprofile stays in the printed folder for Chrome DevTools.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { timeOrderedId } from './measure.ts';

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

let n = 0;
const event = (i: number) => ({
  id: timeOrderedId(n++),
  type: 'pageview',
  ts: Date.now(),
  visitor: `bench-visitor-${i % 500}`,
  session: `bench-session-${i % 800}`,
  url: `https://shop.example/products/${i % 40}?utm_source=bench`,
  title: 'Bench page',
});
const result = await autocannon({
  url: `${url}/v1/events`,
  connections: 50,
  duration: seconds,
  method: 'POST',
  headers: { 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36' },
  requests: [
    {
      setupRequest: (req) => ({
        ...req,
        body: JSON.stringify({ site, events: Array.from({ length: per }, (_, i) => event(n + i)) }),
      }),
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
// The main thread's profile (tsx's loader thread writes another).
const file = readdirSync(dir).find((f) => /\.0\.\d+\.cpuprofile$/.test(f))!;
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
const total = [...self.values()].reduce((a, b) => a + b, 0);
const area = (u: string) =>
  u === ''
    ? '(native/vm)'
    : (/node_modules\/([^/]+(\/[^/]+)?)/.exec(u)?.[1]?.replace(/\/(dist|lib|cjs|esm)$/, '') ??
      (u.startsWith('node:') ? u : u.replace(/^.*\/wt-[^/]+\//, '')));
const sum = (key: (node: Node) => string) => {
  const m = new Map<string, number>();
  for (const [id, us] of self) {
    const k = key(byNode.get(id)!);
    m.set(k, (m.get(k) ?? 0) + us);
  }
  return [...m].sort((a, b) => b[1] - a[1]).slice(0, 25);
};
const requests = result['2xx'];
const perRequest = (total / requests).toFixed(0);
console.log(`\nprofile ${join(dir, file)}; busy µs per request: ${perRequest} (share × that)`);
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
