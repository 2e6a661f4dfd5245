import type { Client, Row } from '@libsql/client';
import type { SessionSummary, VisitorSummary } from '../schemas/sessions.ts';

const str = (v: unknown) => (v == null ? null : String(v));

const sessionColumns = `id, started_at, last_at, source, medium, campaign, term, content, click_id_type, affiliate, referrer_domain, landing_url, country, language, device`;

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
      sql: `SELECT ${sessionColumns} FROM sessions WHERE site_id = ? AND id IN (${part.map(() => '?').join(', ')})`,
      args: [siteId, ...part],
    });
    for (const r of rows) out[String(r.id)] = toSession(r);
  }
  return out;
}

/** A visitor with its first-touch and last-touch sessions, or null if never seen. */
export async function visitorSummary(db: Client, siteId: number, visitor: string): Promise<VisitorSummary | null> {
  const { rows } = await db.execute({
    sql: `SELECT v.id, v.first_seen, v.last_seen, v.first_session, v.last_session,
            (SELECT count(*) FROM sessions s WHERE s.site_id = v.site_id AND s.visitor = v.id) AS sessions
          FROM visitors v WHERE v.site_id = ? AND v.id = ?`,
    args: [siteId, visitor],
  });
  const v = rows[0];
  if (!v) return null;
  const touches = await sessionsById(db, siteId, [String(v.first_session), String(v.last_session)]);
  return {
    id: String(v.id),
    firstSeen: Number(v.first_seen),
    lastSeen: Number(v.last_seen),
    sessions: Number(v.sessions),
    firstTouch: touches[String(v.first_session)] ?? null,
    lastTouch: touches[String(v.last_session)] ?? null,
  };
}
