import { createClient, type Client, type InStatement } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../server/db/migrate.ts';
import { sessionsById } from '../../server/db/sessions.ts';
import { ingestStatements } from '../../server/tracking/ingest.ts';

/**
 * Ingest must cost the same on a site with a million events as on a new one.
 * SQLite has no statistics here (no ANALYZE), so it may pick an index led by
 * site_id for a lookup that also names the session — and then read every
 * event of the site. These tests read the query plan of every statement an
 * ingest batch of new sessions runs, and of every trigger body it fires, and
 * require each read of events and sessions to seek a session or an id.
 */
const ALIASES: Record<string, string> = {
  e: 'events',
  f: 'events',
  s: 'sessions',
  events: 'events',
  sessions: 'sessions',
};
const WATCHED = new Set(['events', 'sessions']);

async function plan(db: Client, st: InStatement): Promise<string[]> {
  const { sql, args = [] } = typeof st === 'string' ? { sql: st } : st;
  return (await db.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args })).rows.map((r) => String(r.detail));
}

/** Plan lines that read events or sessions other than by session or id (a walk that grows with the table). */
async function tableWalks(db: Client, st: InStatement): Promise<string[]> {
  const indexes = await db.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'");
  const indexTable = new Map(indexes.rows.map((r) => [String(r.name), String(r.tbl_name)]));
  return (await plan(db, st)).filter((line) => {
    const m = /^(SCAN|SEARCH) (\S+)(?: USING (?:COVERING )?INDEX (\S+)(?: \((.*)\))?)?/.exec(line);
    if (!m) return false;
    const table = m[3] ? indexTable.get(m[3]) : ALIASES[m[2]!];
    if (!table || !WATCHED.has(table)) return false;
    return !(m[1] === 'SEARCH' && /\b(session|id)=\?/.test(m[4] ?? ''));
  });
}

/** Each statement of each trigger on `table`, with NEW.x / OLD.x as bound parameters (as the trigger binds them). */
async function triggerStatements(db: Client, table: string): Promise<[string, string][]> {
  const { rows } = await db.execute({
    sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
    args: [table],
  });
  return rows.flatMap((r) => {
    const body = String(r.sql)
      .replace(/^[\s\S]*?\bBEGIN\b/, '')
      .replace(/\bEND;?\s*$/, '');
    const statements = body
      .split(/;\s*\n/)
      .map((s) => s.trim())
      .filter(Boolean);
    return statements.map((s): [string, string] => [String(r.name), s.replace(/\b(NEW|OLD)\.\w+/g, '?')]);
  });
}

describe('ingest query plans', () => {
  it("the rollup triggers find a session's events by session, never by walking the site", async () => {
    const db = createClient({ url: ':memory:' });
    await migrate(db);
    const statements = [...(await triggerStatements(db, 'sessions')), ...(await triggerStatements(db, 'events'))];
    expect(statements.map(([name]) => name).sort()).toEqual([
      'rollups_event_insert',
      'rollups_session_insert',
      'rollups_session_update',
    ]);
    for (const [name, sql] of statements) {
      expect(await tableWalks(db, sql), name).toEqual([]);
      if (!name.startsWith('rollups_session')) continue;
      expect(await plan(db, sql), name).toContainEqual('SEARCH e USING INDEX events_session (session=?)');
    }
  });

  it('a grouped batch of 500 new sessions (events, sessions, return visits) seeks each event and session', async () => {
    const db = createClient({ url: ':memory:' });
    await migrate(db);
    const events = Array.from({ length: 500 }, (_, i) => ({
      id: `0190c0de-0000-7000-8000-${String(i).padStart(12, '0')}`,
      type: 'pageview' as const,
      ts: 1_700_000_000_000 + i,
      visitor: `visitor-${i}`,
      session: `session-${i}`,
      url: `https://shop.example/${i}`,
    }));
    const client = { visitorHash: null, country: null, language: null, device: null } as never;
    const { statements } = ingestStatements([{ siteId: 1, settings: {} as never, client, events }]);
    expect(statements.length).toBeGreaterThanOrEqual(5);
    for (const st of statements) expect(await tableWalks(db, st), typeof st === 'string' ? st : st.sql).toEqual([]);
  });

  it('a session summary finds its last event by session', async () => {
    const db = createClient({ url: ':memory:' });
    await migrate(db);
    const plans: string[] = [];
    const execute = async (st: InStatement) => (plans.push(...(await tableWalks(db, st))), db.execute(st));
    const spy = { execute } as unknown as Client;
    await sessionsById(spy, 1, ['session-1']);
    expect(plans).toEqual([]);
  });
});
