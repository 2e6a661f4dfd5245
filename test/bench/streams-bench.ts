/**
 * Idle live streams on one Node process (`BENCH_ONLY=streams`): 200 admin
 * streams (`/v1/admin/stream`) and 1,000 visitor streams (10 on each of 100
 * tickets, `/v1/tickets/:tn/stream`), each on its own connection; the server's
 * extra RSS once they are open and after a heartbeat round, and how long one
 * event takes to reach every admin stream and one ticket's 10 visitors.
 */
import http from 'node:http';
import { rssMb } from './process-stats.ts';

const ADMIN = 200;
const TICKETS = 100;
const PER_TICKET = 10;
const UA = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36';

interface Open {
  req: http.ClientRequest;
  /** Resolves when the body has carried `text`. */
  saw(text: string): Promise<void>;
}

/** One stream on its own socket (no agent: nothing pooled), answered 200 before this resolves. */
function openStream(base: string, path: string, headers: Record<string, string>): Promise<Open> {
  return new Promise((resolve, reject) => {
    let body = '';
    let waiters: { text: string; done: () => void }[] = [];
    const req = http.get(`${base}${path}`, { agent: false, headers }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`${path} answered ${res.statusCode}`));
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
        waiters = waiters.filter((w) => (body.includes(w.text) ? (w.done(), false) : true));
      });
      resolve({
        req,
        saw: (text) => (body.includes(text) ? Promise.resolve() : new Promise((done) => waiters.push({ text, done }))),
      });
    });
    req.on('error', reject);
  });
}

async function post(url: string, body: unknown, headers: Record<string, string>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': UA, ...headers },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/** Needs a server started with TRUST_PROXY=1 (each ticket comes from its own address, under the rate limit). */
export async function benchStreams(base: string, pid: number, siteKey: string, adminToken: string): Promise<void> {
  console.log(
    `\nIdle live streams: ${ADMIN} admin + ${TICKETS * PER_TICKET} chat (${TICKETS} tickets × ${PER_TICKET}), one connection each`,
  );
  const tickets: { trackingNumber: string; token: string }[] = [];
  for (let i = 0; i < TICKETS; i++)
    tickets.push(
      await post(
        `${base}/v1/tickets`,
        { site: siteKey, email: `b${i}@example.com`, subject: `Bench ${i}`, body: 'Hello' },
        { 'x-forwarded-for': `203.0.113.${i + 1}` },
      ),
    );
  const before = rssMb(pid);
  const t0 = performance.now();
  const admin = await Promise.all(
    Array.from({ length: ADMIN }, () =>
      openStream(base, '/v1/admin/stream', { authorization: `Bearer ${adminToken}` }),
    ),
  );
  const chat: Open[] = [];
  for (const t of tickets)
    chat.push(
      ...(await Promise.all(
        Array.from({ length: PER_TICKET }, () =>
          openStream(base, `/v1/tickets/${t.trackingNumber}/stream?site=${siteKey}`, { 'x-ticket-token': t.token }),
        ),
      )),
    );
  const opened = rssMb(pid);
  console.log(`opened ${admin.length + chat.length} streams in ${(performance.now() - t0).toFixed(0)} ms`);
  // One heartbeat round (25 s) with everything idle.
  await new Promise((r) => setTimeout(r, 27_000));
  const idle = rssMb(pid);

  // One visitor message: every admin stream gets ticket.message; a staff reply: that ticket's 10 visitors get it.
  const t1 = performance.now();
  const first = tickets[0]!;
  await post(
    `${base}/v1/tickets/${first.trackingNumber}/messages`,
    { site: siteKey, body: 'Bench ping' },
    { 'x-ticket-token': first.token, 'x-forwarded-for': '203.0.113.250' },
  );
  await Promise.all(admin.map((s) => s.saw('event: ticket.message')));
  const adminMs = performance.now() - t1;
  const { tickets: list } = (await (
    await fetch(`${base}/v1/admin/tickets?limit=200`, { headers: { authorization: `Bearer ${adminToken}` } })
  ).json()) as { tickets: { id: string; trackingNumber: string }[] };
  const id = list.find((t) => t.trackingNumber === first.trackingNumber)!.id;
  const t2 = performance.now();
  await post(
    `${base}/v1/admin/tickets/${id}/messages`,
    { body: 'Bench reply' },
    { authorization: `Bearer ${adminToken}` },
  );
  await Promise.all(chat.slice(0, PER_TICKET).map((s) => s.saw('Bench reply')));
  const chatMs = performance.now() - t2;

  for (const s of [...admin, ...chat]) s.req.destroy();
  console.log(
    `server RSS MB: ${before.toFixed(0)} before, ${opened.toFixed(0)} with the streams open, ${idle.toFixed(0)} after 27 s idle (a heartbeat round)`,
  );
  console.log(
    `extra RSS: ${(Math.max(opened, idle) - before).toFixed(1)} MB for ${admin.length + chat.length} streams (goal < 100 MB)`,
  );
  console.log(
    `fan-out: a visitor message reached ${ADMIN} admin streams in ${adminMs.toFixed(0)} ms; a staff reply reached the ticket's ${PER_TICKET} visitors in ${chatMs.toFixed(0)} ms`,
  );
}
