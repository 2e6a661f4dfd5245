/**
 * `npm run bench`: every figure measured in this run, on this machine.
 *  1. gzip and brotli size of each browser file next to its budget (DESIGN.md),
 *     and the Workers bundle (wrangler deploy --dry-run);
 *  2. start-up time of the Node server;
 *  3. ingest throughput and latency (autocannon, 50 connections, loopback only) for
 *     single events and 10-event batches, against a bare Hono server in the same run;
 *     with the server's CPU time per ingested event (/proc, the stand-in for Workers
 *     CPU) and its memory across a sustained run (BENCH_SUSTAIN_SECONDS, default 150: the writer's page cache and
 *     the known-sessions map take about two minutes to reach their size at this rate);
 *  4. what the script tag costs the demo page in real Chromium (test/bench/page-cost.ts);
 *  5. every report over a fixed 30-day range at 10 k, 100 k and 1 M stored events
 *     (test/bench/reports-bench.ts);
 *  6. growth: a 100-event request of new sessions into 10 k vs 1 M stored events, and
 *     migrations: every migration after 0008 on a 1 M-event database (test/bench/growth-bench.ts).
 *  7. streams: 200 admin + 1,000 chat live streams held idle on the Node server, its extra RSS and fan-out time
 *     (test/bench/streams-bench.ts).
 *  8. storage: what SQLite spends per stored event, and each events index's and trigger's share
 *     (test/bench/storage-bench.ts).
 * `BENCH_ONLY=sizes,ingest,page,reports,growth,migrations,streams,storage` runs only the named sections.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import { adminFirstScreen, budgets, embedFirstView } from '../build/budgets.ts';
import { ingestBody } from './traffic.ts';
import { pageCost } from './page-cost.ts';
import { cpuMs, rssMb } from './process-stats.ts';
import { benchIngestGrowth, benchMigrations } from './growth-bench.ts';
import { benchReports } from './reports-bench.ts';
import { benchStorage } from './storage-bench.ts';
import { benchStreams } from './streams-bench.ts';
import { workerBundleSize } from './worker-size.ts';

const root = new URL('../..', import.meta.url).pathname;
const dist = join(root, 'dist');
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const SUSTAIN = Number(process.env.BENCH_SUSTAIN_SECONDS ?? 150);
const only = process.env.BENCH_ONLY?.split(',');
const runs = (section: string) => !only || only.includes(section);
const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

function budgetOf(rel: string) {
  if (rel.startsWith('widgets/chunks/lit-')) return budgets.lit;
  if (/^widgets\/chunks\/(en|ar|ur)-/.test(rel)) return budgets.locale;
  return budgets[rel];
}

/** A peer's tracker as a site ships it: its npm package bundled and minified by esbuild. */
async function peerSize(entry: string): Promise<{ gzip: number; brotli: number }> {
  const out = await build({
    entryPoints: [join(root, 'node_modules', entry)],
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'peer',
    write: false,
    logLevel: 'silent',
  });
  const raw = out.outputFiles[0]!.contents;
  return { gzip: gzipSync(raw, { level: 9 }).length, brotli: brotliCompressSync(raw).length };
}

async function peers(): Promise<void> {
  const embed = readFileSync(join(dist, 'embed.js'));
  const plausible = await peerSize('plausible-tracker/build/module/index.js');
  console.log('\nTrackers compared (gzip -9 / brotli)');
  console.log(
    'Leadline embed.js'.padEnd(40),
    kb(gzipSync(embed, { level: 9 }).length).padStart(10),
    kb(brotliCompressSync(embed).length).padStart(10),
    '  measured',
  );
  console.log(
    'Plausible (plausible-tracker 0.3.9)'.padEnd(40),
    kb(plausible.gzip).padStart(10),
    kb(plausible.brotli).padStart(10),
    '  measured: npm package bundled + minified',
  );
  for (const [name, size] of [
    ['Umami', '~1.4–2.2 KB'],
    ['PostHog', '~122 KB'],
    ['Crisp', '~130 KB'],
    ['Chatwoot', '~170 KB'],
  ] as const)
    console.log(name.padEnd(40), size.padStart(10), ''.padStart(10), '  published figure, not measured here');
}

function sizes(): void {
  console.log('\nBrowser files (gzip -9 / brotli)');
  console.log('file'.padEnd(40), 'gzip'.padStart(10), 'brotli'.padStart(10), 'goal'.padStart(10), 'limit'.padStart(10));
  for (const file of files(dist)
    .filter((f) => f.endsWith('.js'))
    .sort()) {
    const rel = file.slice(dist.length + 1);
    const raw = readFileSync(file);
    const g = gzipSync(raw, { level: 9 }).length;
    const b = brotliCompressSync(raw).length;
    const budget = budgetOf(rel);
    const flag = budget && g > budget.limit ? '  OVER LIMIT' : budget && g > budget.goal ? '  over goal' : '';
    console.log(
      rel.padEnd(40),
      kb(g).padStart(10),
      kb(b).padStart(10),
      (budget ? kb(budget.goal) : '—').padStart(10),
      (budget ? kb(budget.limit) : '—').padStart(10) + flag,
    );
  }
  const tracker = embedFirstView.map((f) => readFileSync(join(dist, f)));
  console.log(
    'tracker, first page view (gzip, brotli)'.padEnd(40),
    kb(tracker.reduce((n, raw) => n + gzipSync(raw, { level: 9 }).length, 0)).padStart(10),
    kb(tracker.reduce((n, raw) => n + brotliCompressSync(raw).length, 0)).padStart(10),
    `  ${embedFirstView.join(' + ')}`,
  );
  // The admin's budget is for what its first screen loads; each other view is a chunk fetched when opened.
  const admin = adminFirstScreen(dist);
  const budget = budgets['widgets/leadline-admin.js']!;
  const flag = admin.bytes > budget.limit ? '  OVER LIMIT' : admin.bytes > budget.goal ? '  over goal' : '';
  console.log(
    'admin first screen (gzip, without Lit)'.padEnd(40),
    kb(admin.bytes).padStart(10),
    ''.padStart(10),
    kb(budget.goal).padStart(10),
    kb(budget.limit).padStart(10) + flag,
  );
}

function start(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray; ms: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const match = ready.exec(out);
      if (match) resolve({ child, match, ms: performance.now() - t0 });
    });
  });
}

async function load(url: string, site: string, perRequest: number, duration = DURATION, mixed = false) {
  const result = await autocannon({
    url: `${url}/v1/events`,
    connections: 50,
    duration,
    method: 'POST',
    headers: {
      'content-type': 'text/plain',
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36',
    },
    requests: [
      {
        setupRequest: (req) => ({ ...req, body: ingestBody(site, perRequest, mixed) }),
      },
    ],
  });
  const ok = result['2xx'];
  return {
    rps: ok / result.duration,
    eps: (ok * perRequest) / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors,
  };
}

/** Throughput, latency and CPU per event against the bare reference, then memory under sustained load. */
async function throughput(
  leadUrl: string,
  leadPid: number,
  bareUrl: string,
  barePid: number,
  site: string,
): Promise<void> {
  console.log(`\nIngest, ${DURATION} s each, 50 connections, loopback (autocannon)`);
  type Row = Awaited<ReturnType<typeof load>> & { cpu: number; main: number; loader: number };
  const rows: [string, Row][] = [];
  for (const [label, url, per, mixed] of [
    ['bare Hono, 1 event', bareUrl, 1, false],
    ['Leadline, 1 event', leadUrl, 1, false],
    ['bare Hono, 10 events', bareUrl, 10, false],
    ['Leadline, 10 events', leadUrl, 10, false],
    ['Leadline, 10, mixed', leadUrl, 10, true],
  ] as const) {
    const pid = url === leadUrl ? leadPid : barePid;
    const [cpu, main, loader] = [cpuMs(pid), cpuMs(pid, pid), process.cpuUsage()];
    const r = await load(url, site, per, DURATION, mixed);
    // CPU µs per request: the server's (all threads; its main thread alone) and the load generator's (this process).
    const per1 = (ms: number) => (1000 * ms) / (r.rps * DURATION);
    const { user, system } = process.cpuUsage(loader);
    rows.push([
      label,
      { ...r, cpu: per1(cpuMs(pid) - cpu), main: per1(cpuMs(pid, pid) - main), loader: per1((user + system) / 1000) },
    ]);
  }
  console.log(
    'run'.padEnd(22),
    'req/s'.padStart(7),
    'events/s'.padStart(9),
    'p50 ms'.padStart(7),
    'p99 ms'.padStart(7),
    'non-2xx'.padStart(8),
    '  CPU µs per request: server (main thread), load generator',
  );
  for (const [label, r] of rows)
    console.log(
      label.padEnd(22),
      r.rps.toFixed(0).padStart(7),
      r.eps.toFixed(0).padStart(9),
      String(r.p50).padStart(7),
      String(r.p99).padStart(7),
      String(r.errors).padStart(8),
      `  ${r.cpu.toFixed(0).padStart(5)} (${r.main.toFixed(0)})  ${r.loader.toFixed(0).padStart(5)}`,
    );
  const [bare1, lead1, bare10, lead10, mixed10] = rows.map(([, r]) => r);
  console.log(`\nsingle events: Leadline req/s ÷ bare req/s = ${(lead1!.rps / bare1!.rps).toFixed(2)}× (goal ≥ 0.6×)`);
  console.log(
    `10-event batches: Leadline events/s ÷ bare req/s = ${(lead10!.eps / bare10!.rps).toFixed(2)}× (goal ≥ 1.5×)`,
  );
  console.log(`p99 single ${lead1!.p99} ms, batch ${lead10!.p99} ms (goal < 50 ms)`);
  const worst = (mixed10!.eps / bare10!.rps).toFixed(2);
  console.log(`worst case, 10 events of 10 sessions per request: ${worst}× bare, p99 ${mixed10!.p99} ms`);
  // The ceiling the CPU sets: server and load generator share this machine's cores, so no server reaches more than
  // cores ÷ (its CPU + the generator's per request); 0.6× bare needs its CPU per request under `need`.
  const cores = availableParallelism();
  const ceiling = (cores * 1e6) / (lead1!.cpu + lead1!.loader) / bare1!.rps;
  const need = (cores * 1e6) / (0.6 * bare1!.rps) - lead1!.loader;
  console.log(
    `single events, CPU ceiling on ${cores} cores: ${ceiling.toFixed(2)}× bare at ${lead1!.cpu.toFixed(0)} µs ` +
      `per request; 0.6× needs ≤ ${need.toFixed(0)} µs (bare Hono spends ${bare1!.cpu.toFixed(0)})`,
  );

  // Memory under sustained load: RSS sampled every 5 s while 10-event batches keep coming.
  const pid = leadPid;
  const samples: number[] = [rssMb(pid)];
  const timer = setInterval(() => samples.push(rssMb(pid)), 5000);
  const sustained = await load(leadUrl, site, 10, SUSTAIN);
  clearInterval(timer);
  samples.push(rssMb(pid));
  const settled = samples[Math.min(2, samples.length - 1)]!;
  const last = samples.at(-1)!;
  console.log(
    `\nMemory over ${SUSTAIN} s of 10-event batches (${sustained.eps.toFixed(0)} events/s): RSS MB every 5 s ${samples.map((m) => m.toFixed(0)).join(' ')}`,
  );
  console.log(
    `growth after the first 10 s: ${(last - settled).toFixed(1)} MB (${last <= settled * 1.15 ? 'bounded' : 'GROWING'})`,
  );
}

async function server(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'leadline-bench-'));
  const children: ChildProcess[] = [];
  try {
    // TRUST_PROXY: the streams section opens its tickets from distinct X-Forwarded-For addresses (ingest sends none).
    const env = {
      PORT: '0',
      DATABASE_URL: `file:${join(dir, 'bench.db')}`,
      LEADLINE_SKIP_BUILD: '1',
      TRUST_PROXY: '1',
    };
    const leadline = await start(
      ['server/node.ts'],
      env,
      /Demo shop:\s+(http:\/\/\S+)\/demo\/[\s\S]*Site key:\s+(pk_\S+)\s+Admin token:\s+(sk_\S+)/,
    );
    children.push(leadline.child);
    const bare = await start(['test/bench/bare-server.ts'], { PORT: '0' }, /listening (\d+)/);
    children.push(bare.child);
    const leadUrl = leadline.match[1]!;
    const site = leadline.match[2]!;
    const bareUrl = `http://127.0.0.1:${bare.match[1]}`;
    console.log(`\nNode server start-up (fresh database, process spawn to listening): ${leadline.ms.toFixed(0)} ms`);

    if (runs('ingest')) await throughput(leadUrl, leadline.child.pid!, bareUrl, bare.child.pid!, site);
    if (runs('page')) await pageCost(leadUrl);
    if (runs('streams')) await benchStreams(leadUrl, leadline.child.pid!, site, leadline.match[3]!);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (runs('sizes')) (sizes(), await peers(), workerBundleSize(root));
if (runs('ingest') || runs('page') || runs('streams')) await server();
if (runs('reports')) await benchReports();
if (runs('growth')) await benchIngestGrowth();
if (runs('migrations')) await benchMigrations();
if (runs('storage')) await benchStorage();
