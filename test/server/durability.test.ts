import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, describe, expect, it } from 'vitest';
import { desktopChrome as UA, startNodeServer } from './node-server.ts';

/**
 * What the server acknowledged is stored, once, whatever happens to the
 * process: `npm start`'s server on a file database under concurrent load
 * (single events, 10-event batches, leads, tickets) is killed with SIGKILL
 * mid-stream — or stopped with SIGTERM, which must drain the write batcher
 * first — then every 202/201 it answered is looked up in the database.
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// TRUST_PROXY: each simulated visitor has its own X-Forwarded-For, so per-address limits do not cap the load.
const start = (file: string) => startNodeServer(file, { TRUST_PROXY: '1' });

interface Acked {
  events: string[];
  /** Emails of the acknowledged leads (each makes its own contact). */
  leadEmails: string[];
  /** The first acknowledged events whole, to send again. */
  resend: unknown[];
  leads: string[];
  tickets: string[];
}

/** Workers sending until the server goes away; returns what it acknowledged. */
function load(base: string, siteKey: string, workers: number, stop: { now: boolean }) {
  const acked: Acked = { events: [], leadEmails: [], resend: [], leads: [], tickets: [] };
  let sent = 0;
  const event = (w: number, n: number) => ({
    id: crypto.randomUUID(),
    type: 'pageview',
    ts: Date.now(),
    visitor: `visitor-${w}`,
    session: `session-${w}`,
    url: `https://shop.example/p/${n}`,
  });
  const send = async (path: string, body: unknown, w: number) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': UA, 'x-forwarded-for': `10.0.${w >> 8}.${w & 255}` },
      body: JSON.stringify(body),
    });
  const done = Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let n = 0; !stop.now; n++) {
        try {
          sent++;
          const kind = n % 8;
          if (kind < 5) {
            const events = Array.from({ length: kind === 0 ? 10 : 1 }, () => event(w, n));
            if ((await send('/v1/events', { site: siteKey, events }, w)).status === 202) {
              acked.events.push(...events.map((e) => e.id));
              acked.resend.push(...events.slice(0, 100 - acked.resend.length)); // one request holds ≤ 100
            }
          } else if (kind < 7) {
            const id = crypto.randomUUID();
            const email = `w${w}-n${n}@shop.test`;
            const res = await send(
              '/v1/leads',
              {
                site: siteKey,
                form: 'contact',
                id,
                visitor: `visitor-${w}`,
                fields: { email, name: `W${w}` },
                elapsedMs: 5000,
              },
              w,
            );
            if (res.status === 201) (acked.leads.push(id), acked.leadEmails.push(email));
          } else {
            const res = await send(
              '/v1/tickets',
              { site: siteKey, email: `w${w}@shop.test`, subject: `Order ${w}/${n}`, body: 'It arrived broken.' },
              w,
            );
            if (res.status === 201)
              acked.tickets.push(((await res.json()) as { trackingNumber: string }).trackingNumber);
          }
        } catch {
          return; // the server is gone
        }
      }
    }),
  ).then(() => sent);
  return { acked, done };
}

/** Resolves once `check` holds (polled), or fails after `ms`. */
async function until(check: () => boolean, ms = 20_000) {
  for (const end = Date.now() + ms; !check(); await new Promise((r) => setTimeout(r, 20)))
    if (Date.now() > end) throw new Error('load too slow');
}

/** How many of `ids` each table holds, and whether any is there twice. */
async function stored(file: string, acked: Acked) {
  const db = createClient({ url: `file:${file}` });
  const count = async (sql: string, ids: string[]) => {
    let n = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      n += Number((await db.execute({ sql: sql.replace('?', part.map(() => '?').join(', ')), args: part })).rows[0]!.n);
    }
    return n;
  };
  const result = {
    events: await count('SELECT count(*) AS n FROM events WHERE id IN (?)', acked.events),
    leads: await count('SELECT count(*) AS n FROM lead_submissions WHERE id IN (?)', acked.leads),
    tickets: await count('SELECT count(*) AS n FROM tickets WHERE tracking_number IN (?)', acked.tickets),
    // (A lead stored just before the kill but never answered may exist too: only what was acknowledged is counted.)
    leadContacts: await count('SELECT count(*) AS n FROM contacts WHERE email IN (?)', acked.leadEmails),
  };
  db.close();
  return result;
}

describe('durability', () => {
  it('keeps every acknowledged event, lead and ticket, once, across SIGKILL mid-stream', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadline-kill-'));
    dirs.push(dir);
    const file = join(dir, 'kill.db');
    const first = await start(file);
    const stop = { now: false };
    const { acked, done } = load(first.base, first.siteKey, 40, stop);
    // Kill while the workers are still sending, once a fair amount of each kind was acknowledged.
    await until(() => acked.events.length >= 300 && acked.leads.length >= 10 && acked.tickets.length >= 5);
    first.child.removeAllListeners('exit');
    first.child.kill('SIGKILL');
    const sent = await done.finally(() => (stop.now = true));
    console.log(
      `SIGKILL: ${sent} requests, acked ${acked.events.length} events, ${acked.leads.length} leads, ${acked.tickets.length} tickets`,
    );

    // Restarting recovers the WAL; a resend of everything acknowledged is stored once.
    const second = await start(file);
    try {
      const after = await stored(file, acked);
      console.log(`after restart: stored ${after.events} events, ${after.leads} leads, ${after.tickets} tickets`);
      expect(after).toMatchObject({
        events: acked.events.length,
        leads: acked.leads.length,
        tickets: acked.tickets.length,
      });
      expect(after.leadContacts).toBe(acked.leads.length);
      const again = await fetch(`${second.base}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': UA },
        body: JSON.stringify({ site: second.siteKey, events: acked.resend }),
      });
      expect(again.status).toBe(202);
      expect(await again.json()).toEqual({ accepted: 0, duplicates: acked.resend.length });
      expect((await stored(file, acked)).events).toBe(acked.events.length);
    } finally {
      second.child.removeAllListeners('exit');
      second.child.kill('SIGKILL');
    }
  }, 60_000);

  it('drains the write batcher on SIGTERM: what was acknowledged is stored and the process exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadline-term-'));
    dirs.push(dir);
    const file = join(dir, 'term.db');
    const server = await start(file);
    const stop = { now: false };
    const { acked, done } = load(server.base, server.siteKey, 40, stop);
    await until(() => acked.events.length >= 300 && acked.leads.length >= 5);
    server.child.removeAllListeners('exit');
    const exited = new Promise<number | null>((r) => server.child.on('exit', (code) => r(code)));
    server.child.kill('SIGTERM');
    const code = await exited;
    stop.now = true;
    await done;
    expect(code).toBe(0);
    const after = await stored(file, acked);
    console.log(
      `SIGTERM: acked ${acked.events.length} events, ${acked.leads.length} leads, ${acked.tickets.length} tickets; stored ${after.events}, ${after.leads}, ${after.tickets}`,
    );
    expect(after).toMatchObject({
      events: acked.events.length,
      leads: acked.leads.length,
      tickets: acked.tickets.length,
    });
  }, 60_000);
});
