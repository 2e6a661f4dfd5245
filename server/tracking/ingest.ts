import type { InStatement } from '@libsql/client';
import type { TrackedEvent } from '../schemas/events.ts';
import { attributionOf, type AttributionSettings } from './attribution.ts';
import type { ClientInfo } from './client-info.ts';

const EVENT_COLUMNS = ['id', 'site_id', 'type', 'name', 'ts', 'received_at', 'visitor', 'session', 'url', 'ref', 'title', 'props', 'value', 'currency', 'utm', 'click_ids'];
const SESSION_COLUMNS = ['site_id', 'id', 'visitor', 'started_at', 'last_at', 'landing_url', 'referrer', 'referrer_domain', 'source', 'medium', 'campaign', 'term', 'content', 'click_id_type', 'click_id', 'affiliate', 'country', 'language', 'device', 'visitor_hash'];
/** Columns that describe how a session began: taken from its earliest event, whichever batch brings it. */
const SESSION_ORIGIN = SESSION_COLUMNS.slice(5);

const rows = (n: number, columns: number) => Array.from({ length: n }, () => `(${'?, '.repeat(columns - 1)}?)`).join(', ');
const json = (v: object | undefined) => (v && Object.keys(v).length > 0 ? JSON.stringify(v) : null);

/**
 * The statements of one ingest request, written as one batch: the events
 * (each id once ever), their sessions with the source of each session's first
 * event, and their visitors with first- and last-touch sessions. Resends and
 * out-of-order batches converge to the same rows.
 */
export function ingestStatements(
  siteId: number,
  events: TrackedEvent[],
  client: ClientInfo & { visitorHash: string | null },
  settings: AttributionSettings,
  receivedAt = Date.now(),
): InStatement[] {
  const statements: InStatement[] = [
    {
      sql: `INSERT INTO events (${EVENT_COLUMNS.join(', ')}) VALUES ${rows(events.length, EVENT_COLUMNS.length)} ON CONFLICT (id) DO NOTHING`,
      args: events.flatMap((e) => [
        e.id.toLowerCase(), siteId, e.type, e.name ?? null, e.ts, receivedAt, e.visitor, e.session, e.url,
        e.ref || null, e.title ?? null, json(e.props), e.value ?? null, e.currency ?? null, json(e.utm), json(e.clickIds),
      ]),
    },
  ];

  const sessions = new Map<string, { first: TrackedEvent; last: number }>();
  const visitors = new Map<string, { first: TrackedEvent; last: TrackedEvent }>();
  for (const e of events) {
    const s = sessions.get(e.session);
    if (!s) sessions.set(e.session, { first: e, last: e.ts });
    else (s.first = e.ts < s.first.ts ? e : s.first), (s.last = Math.max(s.last, e.ts));
    const v = visitors.get(e.visitor);
    if (!v) visitors.set(e.visitor, { first: e, last: e });
    else (v.first = e.ts < v.first.ts ? e : v.first), (v.last = e.ts >= v.last.ts ? e : v.last);
  }

  statements.push({
    sql: `INSERT INTO sessions (${SESSION_COLUMNS.join(', ')}) VALUES ${rows(sessions.size, SESSION_COLUMNS.length)}
          ON CONFLICT (site_id, id) DO UPDATE SET
            last_at = max(sessions.last_at, excluded.last_at),
            ${SESSION_ORIGIN.map((c) => `${c} = CASE WHEN excluded.started_at < sessions.started_at THEN excluded.${c} ELSE sessions.${c} END`).join(',\n            ')},
            started_at = min(sessions.started_at, excluded.started_at)`,
    args: [...sessions.values()].flatMap(({ first, last }) => {
      const t = attributionOf(first, settings);
      return [
        siteId, first.session, first.visitor, first.ts, last, t.landingUrl, t.referrer, t.referrerDomain, t.source, t.medium, t.campaign,
        t.term, t.content, t.clickIdType, t.clickId, t.affiliate, client.country, client.language, client.device, client.visitorHash,
      ];
    }),
  });

  statements.push({
    sql: `INSERT INTO visitors (site_id, id, first_seen, last_seen, first_session, last_session) VALUES ${rows(visitors.size, 6)}
          ON CONFLICT (site_id, id) DO UPDATE SET
            first_session = CASE WHEN excluded.first_seen < visitors.first_seen THEN excluded.first_session ELSE visitors.first_session END,
            last_session = CASE WHEN excluded.last_seen >= visitors.last_seen THEN excluded.last_session ELSE visitors.last_session END,
            first_seen = min(visitors.first_seen, excluded.first_seen),
            last_seen = max(visitors.last_seen, excluded.last_seen)`,
    args: [...visitors.entries()].flatMap(([id, { first, last }]) => [siteId, id, first.ts, last.ts, first.session, last.session]),
  });
  return statements;
}
