import type { Client, Row } from '@libsql/client';
import type { SessionSummary, VisitorSummary } from '../schemas/sessions.ts';
import { str } from './row.ts';

/** A session's last event: through events_session, never a walk of the site's events (no statistics to steer by). */
const lastAt = `SELECT max(e.ts) FROM events e INDEXED BY events_session
  WHERE e.session = s.id AND e.site_id = s.site_id`;
const sessionColumns = `id, started_at, (${lastAt}) AS last_at, source, medium, campaign, term, content, click_id_type,
  affiliate, referrer_domain, landing_url, country, language, device`;

function toSession(r: Row): SessionSummary {
  return {
    id: String(r.id),
    startedAt: Number(r.started_at),
    lastAt: Number(r.last_at),
    source: String(r.source),
    medium: str(r.medium),
    campaign: str(r.campaign),
    term: str(r.term),
    content: str(r.content),
    clickIdType: str(r.click_id_type),
    affiliate: str(r.affiliate),
    referrerDomain: str(r.referrer_domain),
    landingUrl: str(r.landing_url),
    country: str(r.country),
    language: str(r.language),
    device: str(r.device),
  };
}

/** The sessions with these ids, by id. */
export async function sessionsById(db: Client, siteId: number, ids: string[]): Promise<Record<string, SessionSummary>> {
  const out: Record<string, SessionSummary> = {};
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const part = unique.slice(i, i + 500);
    const { rows } = await db.execute({
      sql: `SELECT ${sessionColumns} FROM sessions s WHERE site_id = ? AND id IN (${part.map(() => '?').join(', ')})`,
      args: [siteId, ...part],
    });
    for (const r of rows) out[String(r.id)] = toSession(r);
  }
  return out;
}

/** A visitor with its first-touch (earliest) and last-touch (latest) sessions, or null if never seen. */
export async function visitorSummary(db: Client, siteId: number, visitor: string): Promise<VisitorSummary | null> {
  const { rows } = await db.execute({
    sql: `SELECT count(*) AS sessions,
            (SELECT id FROM sessions WHERE site_id = ?1 AND visitor = ?2 ORDER BY started_at, id LIMIT 1) AS first_session,
            (SELECT id FROM sessions WHERE site_id = ?1 AND visitor = ?2 ORDER BY started_at DESC, id DESC LIMIT 1) AS last_session,
            (SELECT min(ts) FROM events WHERE site_id = ?1 AND visitor = ?2) AS first_seen,
            (SELECT max(ts) FROM events WHERE site_id = ?1 AND visitor = ?2) AS last_seen
          FROM sessions WHERE site_id = ?1 AND visitor = ?2`,
    args: [siteId, visitor],
  });
  const v = rows[0];
  if (!v || !Number(v.sessions)) return null;
  const touches = await sessionsById(db, siteId, [String(v.first_session), String(v.last_session)]);
  return {
    id: visitor,
    firstSeen: Number(v.first_seen),
    lastSeen: Number(v.last_seen),
    sessions: Number(v.sessions),
    firstTouch: touches[String(v.first_session)] ?? null,
    lastTouch: touches[String(v.last_session)] ?? null,
  };
}

/** The latest session of each of these visitors (their last touch), by visitor id. */
export async function lastSessions(db: Client, siteId: number, visitors: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(visitors)];
  const { rows } = await db.execute({
    sql: `SELECT visitor, id FROM (
            SELECT visitor, id, row_number() OVER (PARTITION BY visitor ORDER BY started_at DESC, id DESC) AS n
            FROM sessions WHERE site_id = ? AND visitor IN (${unique.map(() => '?').join(', ')})
          ) WHERE n = 1`,
    args: [siteId, ...unique],
  });
  return new Map(rows.map((r) => [String(r.visitor), String(r.id)]));
}
