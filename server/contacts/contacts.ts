import type { Client, Row } from '@libsql/client';
import { suggestedCompany } from '../companies/suggestions.ts';
import type { SqlPart } from '../db/row.ts';
import { str } from '../db/row.ts';
import type { Contact, ContactDetail, Stage } from '../schemas/contacts.ts';

/** Emails are stored trimmed and lower-case (`contacts.email` is a stable name operators rely on). */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** The id of the site's contact with this email, as an SQL expression (it sees rows written earlier in the batch). */
export const contactByEmail = (siteId: number, email: string): SqlPart => ({
  sql: '(SELECT id FROM contacts WHERE site_id = ? AND email = ?)',
  args: [siteId, normalizeEmail(email)],
});

/** Contacts `c` with their company's name, for `contactFromRow` (`WHERE` follows). */
export const contactSelect = `SELECT c.*, (SELECT co.name FROM companies co WHERE co.id = c.company_id) AS company_name
  FROM contacts c`;

/** A contact row of `contactSelect`. */
export function contactFromRow(r: Row): Contact {
  return {
    id: String(r.id),
    email: str(r.email),
    name: str(r.name),
    phone: str(r.phone),
    company: str(r.company),
    companyId: str(r.company_id),
    companyName: str(r.company_name),
    fields: JSON.parse(String(r.fields)) as Record<string, unknown>,
    stage: String(r.stage) as Stage,
    ownerId: r.owner_id == null ? null : Number(r.owner_id),
    tags: JSON.parse(String(r.tags)) as string[],
    consent: Boolean(r.consent),
    origin: String(r.origin) as Contact['origin'],
    source: str(r.source),
    medium: str(r.medium),
    campaign: str(r.campaign),
    affiliate: str(r.affiliate),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** SQL for a contact's public JSON shape (webhook payloads), from alias `c`. */
export const contactJsonSql = `json_object('id', c.id, 'email', c.email, 'name', c.name, 'phone', c.phone, 'company', c.company,
  'fields', json(c.fields), 'stage', c.stage, 'tags', json(c.tags), 'source', c.source, 'medium', c.medium, 'campaign', c.campaign,
  'affiliate', c.affiliate, 'createdAt', c.created_at, 'updatedAt', c.updated_at)`;

/** The site's contact with this id, or null. */
export async function findContact(db: Client, siteId: number, id: string): Promise<Contact | null> {
  const { rows } = await db.execute({ sql: `${contactSelect} WHERE c.site_id = ? AND c.id = ?`, args: [siteId, id] });
  return rows[0] ? contactFromRow(rows[0]) : null;
}

/** The id of the site's contact with this email, or null. */
export async function contactIdByEmail(db: Client, siteId: number, email: string): Promise<string | null> {
  const part = contactByEmail(siteId, email);
  const { rows } = await db.execute({ sql: `SELECT ${part.sql} AS id`, args: part.args });
  return rows[0]?.id == null ? null : String(rows[0].id);
}

/** A contact with its browsers, first/last touch (from those browsers' sessions) and stage history. */
export async function contactDetail(db: Client, contact: Contact): Promise<ContactDetail> {
  const id = contact.id;
  const [visitors, touches, history, suggested] = await Promise.all([
    db.execute({ sql: 'SELECT visitor FROM contact_visitors WHERE contact_id = ? ORDER BY linked_at', args: [id] }),
    db.execute({
      sql: `SELECT * FROM (SELECT s.id, s.source, s.medium, s.campaign, s.affiliate, s.started_at FROM sessions s
              JOIN contact_visitors cv ON cv.site_id = s.site_id AND cv.visitor = s.visitor
              WHERE cv.contact_id = ? ORDER BY s.started_at LIMIT 1)
            UNION ALL
            SELECT * FROM (SELECT s.id, s.source, s.medium, s.campaign, s.affiliate, s.started_at FROM sessions s
              JOIN contact_visitors cv ON cv.site_id = s.site_id AND cv.visitor = s.visitor
              WHERE cv.contact_id = ? ORDER BY s.started_at DESC LIMIT 1)`,
      args: [id, id],
    }),
    db.execute({
      sql: 'SELECT from_stage, to_stage, reason, user_id, at FROM stage_history WHERE contact_id = ? ORDER BY at, id',
      args: [id],
    }),
    suggestedCompany(db, contact),
  ]);
  const touch = (r: Row | undefined) =>
    r
      ? {
          sessionId: String(r.id),
          source: String(r.source),
          medium: str(r.medium),
          campaign: str(r.campaign),
          affiliate: str(r.affiliate),
          startedAt: Number(r.started_at),
        }
      : null;
  return {
    ...contact,
    visitors: visitors.rows.map((r) => String(r.visitor)),
    firstTouch: touch(touches.rows[0]),
    lastTouch: touch(touches.rows[1]),
    stageHistory: history.rows.map((r) => ({
      from: str(r.from_stage) as Stage | null,
      to: String(r.to_stage) as Stage,
      reason: String(r.reason),
      userId: r.user_id == null ? null : Number(r.user_id),
      at: Number(r.at),
    })),
    suggestedCompany: suggested,
  };
}
