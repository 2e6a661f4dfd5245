import type { InStatement, InValue } from '@libsql/client';
import type { TrackedEvent } from '../schemas/events.ts';
import { attributionOf, type AttributionSettings } from './attribution.ts';
import type { ClientInfo } from './client-info.ts';
import { identifyStatements } from '../contacts/identify.ts';
import { applyStageRule } from '../contacts/stages.ts';

/** One request's accepted events with what the server knows about the sender. */
export interface IngestItem {
  siteId: number;
  settings: AttributionSettings;
  client: ClientInfo & { visitorHash: string | null };
  events: TrackedEvent[];
}

const EVENT_COLUMNS = [
  'id',
  'site_id',
  'type',
  'name',
  'ts',
  'received_at',
  'visitor',
  'session',
  'url',
  'ref',
  'title',
  'props',
  'value',
  'currency',
  'utm',
  'click_ids',
];
const SESSION_COLUMNS = [
  'site_id',
  'id',
  'visitor',
  'started_at',
  'landing_url',
  'referrer',
  'referrer_domain',
  'source',
  'medium',
  'campaign',
  'term',
  'content',
  'click_id_type',
  'click_id',
  'affiliate',
  'country',
  'language',
  'device',
  'visitor_hash',
];
/** Columns that describe how a session began: taken from its earliest event, whichever batch brings it. */
const SESSION_ORIGIN = SESSION_COLUMNS.slice(4);
const EVENTS_INSERT = `INSERT INTO events (${EVENT_COLUMNS.join(', ')})`;
/** SQLite binds at most 32,766 parameters per statement. */
const MAX_PARAMS = 32_000;

const json = (v: object | undefined) => (v && Object.keys(v).length > 0 ? JSON.stringify(v) : null);

/** Multi-row statements of `head VALUES (…), (…) tail`, chunked under the parameter limit. */
function multiRow(head: string, tail: string, columns: number, rows: InValue[][]): InStatement[] {
  const out: InStatement[] = [];
  const per = Math.floor(MAX_PARAMS / columns);
  for (let i = 0; i < rows.length; i += per) {
    const part = rows.slice(i, i + per);
    out.push({ sql: multiRowSql(head, tail, columns, part.length), args: part.flat() });
  }
  return out;
}

// The same few texts again and again (a request's events, a group's sessions): built once each.
const texts = new Map<string, string>();
function multiRowSql(head: string, tail: string, columns: number, count: number): string {
  const key = `${count}\u0000${head}\u0000${tail}`;
  let sql = texts.get(key);
  if (sql === undefined) {
    if (texts.size >= 500) texts.clear();
    sql = `${head} VALUES ${Array.from({ length: count }, () => `(${'?, '.repeat(columns - 1)}?)`).join(', ')} ${tail}`;
    texts.set(key, sql);
  }
  return sql;
}

/** A session is written once; only an earlier first event (a late resend) rewrites how it began. */
const sessionUpsert = `ON CONFLICT (site_id, id) DO UPDATE SET
  ${SESSION_ORIGIN.map((c) => `${c} = excluded.${c}`).join(', ')}, started_at = excluded.started_at
  WHERE excluded.started_at < sessions.started_at`;

/**
 * Sessions already written with a first event no later than a given time:
 * their rows cannot change, so ingest skips them. Valid across processes too
 * (a session's start only ever moves earlier); entries live 30 minutes.
 */
export function createKnownSessions(max = 50_000) {
  const known = new Map<string, { startedAt: number; until: number }>();
  return {
    covers(key: string, firstTs: number, now = Date.now()): boolean {
      const k = known.get(key);
      return !!k && k.until > now && k.startedAt <= firstTs;
    },
    remember(key: string, startedAt: number, now = Date.now()): void {
      if (known.size >= max) known.clear();
      const k = known.get(key);
      known.set(key, { startedAt: Math.min(startedAt, k?.startedAt ?? startedAt), until: now + 30 * 60_000 });
    },
    clear: () => known.clear(),
  };
}
export type KnownSessions = ReturnType<typeof createKnownSessions>;

/**
 * The statements that store one or more requests' events, written as one
 * batch: the events (each id once ever) and their sessions with the source of
 * each session's first event. Resends and out-of-order batches converge to the
 * same rows. The events statements come first, `eventStatements[i]` of them for
 * `items[i]` (their rowsAffected count its new events); `written` lists the
 * sessions to remember once committed.
 */
export function ingestStatements(
  items: IngestItem[],
  known?: KnownSessions,
  receivedAt = Date.now(),
): { statements: InStatement[]; eventStatements: number[]; written: [string, number][] } {
  const events: InStatement[] = [];
  const eventStatements: number[] = [];
  const sessions = new Map<string, { item: IngestItem; first: TrackedEvent }>();
  for (const item of items) {
    const eventRows: InValue[][] = [];
    for (const e of item.events) {
      eventRows.push([
        e.id.toLowerCase(),
        item.siteId,
        e.type,
        e.name ?? null,
        e.ts,
        receivedAt,
        e.visitor,
        e.session,
        e.url,
        e.ref || null,
        e.title ?? null,
        json(e.props),
        e.value ?? null,
        e.currency ?? null,
        json(e.utm),
        json(e.clickIds),
      ]);
      const sk = `${item.siteId}\u0000${e.session}`;
      const s = sessions.get(sk);
      if (!s) sessions.set(sk, { item, first: e });
      else if (e.ts < s.first.ts) s.first = e;
    }
    // One statement per request (its text repeats, so the Node writer keeps it prepared); its rowsAffected is how
    // many of the request's events were new.
    const own = multiRow(EVENTS_INSERT, 'ON CONFLICT (id) DO NOTHING', EVENT_COLUMNS.length, eventRows);
    events.push(...own);
    eventStatements.push(own.length);
  }
  for (const [key, { first }] of sessions) if (known?.covers(key, first.ts)) sessions.delete(key);
  const sessionRows = [...sessions.values()].map(({ item, first }) => {
    const t = attributionOf(first, item.settings);
    const c = item.client;
    return [
      item.siteId,
      first.session,
      first.visitor,
      first.ts,
      t.landingUrl,
      t.referrer,
      t.referrerDomain,
      t.source,
      t.medium,
      t.campaign,
      t.term,
      t.content,
      t.clickIdType,
      t.clickId,
      t.affiliate,
      c.country,
      c.language,
      c.device,
      c.visitorHash,
    ];
  });
  // DESIGN.md: a lead who comes back (a session that starts after they became a contact) is a prospect.
  const returns: InStatement[] = [];
  const newSessionsBySite = new Map<number, string[]>();
  for (const { item, first } of sessions.values())
    newSessionsBySite.set(item.siteId, [...(newSessionsBySite.get(item.siteId) ?? []), first.session]);
  for (const [siteId, ids] of newSessionsBySite)
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      returns.push(
        ...applyStageRule(
          siteId,
          {
            // The ids drive the join (CROSS JOIN fixes the loop order), so each new session is one primary-key
            // lookup; with `s.id IN (…)` the planner, which has no statistics, walked every session of the site.
            sql: `c.id IN (WITH ids(id) AS (VALUES ${part.map(() => '(?)').join(', ')})
                    SELECT cv.contact_id FROM ids CROSS JOIN sessions s ON s.site_id = ? AND s.id = ids.id
                    JOIN contact_visitors cv ON cv.site_id = s.site_id AND cv.visitor = s.visitor
                    WHERE s.started_at > cv.linked_at)`,
            args: [...part, siteId],
          },
          'return_visit',
          { eventKey: `return-${receivedAt}`, now: receivedAt },
        ),
      );
    }
  // After the sessions: a contact made by identify takes its first touch from them.
  const identified = items.flatMap((item) =>
    item.events.flatMap((e) => identifyStatements(item.siteId, e, receivedAt)),
  );
  return {
    statements: [
      ...events,
      ...multiRow(
        `INSERT INTO sessions (${SESSION_COLUMNS.join(', ')})`,
        sessionUpsert,
        SESSION_COLUMNS.length,
        sessionRows,
      ),
      ...returns,
      ...identified,
    ],
    eventStatements,
    written: [...sessions].map(([key, { first }]) => [key, first.ts]),
  };
}
