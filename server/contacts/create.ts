import type { Client, InStatement } from '@libsql/client';
import type { SqlPart } from '../db/row.ts';
import type { Contact, Stage } from '../schemas/contacts.ts';
import { contactByEmail, normalizeEmail } from './contacts.ts';
import { startHistory } from './stages.ts';

/** What a new contact may start with. */
export interface ContactValues {
  email?: string | null;
  name?: string | null;
  phone?: string | null;
  company?: string | null;
  /** The linked company (a rep's choice; never set from an email domain). */
  companyId?: string | null;
  fields?: Record<string, unknown>;
  stage?: Stage;
  ownerId?: number | null;
  tags?: string[];
  /** Agreed to be contacted (a form's checkbox); once given it stays. */
  consent?: boolean;
}

export interface CreateOptions {
  origin: Contact['origin'];
  /**
   * What happens when the site has a contact with this email:
   * `fail`: the unique index refuses the write (the app answers 409);
   * `keep`: it stays as it is, only a missing first touch is filled in;
   * `update`: newer non-empty values win, custom fields merge, consent once given stays.
   */
  existing: 'fail' | 'keep' | 'update';
  /** Reason of the first stage-history entry (default: the origin). */
  reason?: string;
  userId?: number | null;
  /** The browser that brought the contact: its first session is the first touch (source, medium, campaign, affiliate). */
  visitor?: string | null;
  /** The new contact's id (default: a fresh UUID). */
  id?: string;
  now?: number;
}

export interface ContactWrite {
  /** The contact as an SQL expression, valid after `statements` (found by email, else the new id). */
  contact: SqlPart;
  /** The id a newly created contact gets. */
  newId: string;
  statements: InStatement[];
}

const TOUCH = ['first_session', 'source', 'medium', 'campaign', 'affiliate'] as const;
const UPDATED = ['name', 'phone', 'company'] as const;

/**
 * The one way contacts are created: find-or-create by email as statements of
 * the caller's batch (no read first, so two requests with one email converge
 * on one contact, or the second gets a 409 with `existing: 'fail'`), with the
 * first stage-history entry when it is new.
 *
 * @example
 * const { contact, statements } = upsertContact(siteId, { email, name }, { origin: 'ticket', existing: 'keep' });
 * await writes.run([
 *   ...statements,
 *   { sql: `INSERT INTO tickets (…, contact_id) VALUES (…, ${contact.sql})`, args: [..., ...contact.args] },
 * ]);
 */
export function upsertContact(siteId: number, values: ContactValues, options: CreateOptions): ContactWrite {
  const now = options.now ?? Date.now();
  const newId = options.id ?? crypto.randomUUID();
  const email = values.email ? normalizeEmail(values.email) : null;
  const stage = values.stage ?? 'lead';
  const visitor = options.visitor;
  // The first touch: the browser's first session, read in the batch (its session may be written by the same batch).
  const touch = TOUCH.map((column) =>
    visitor
      ? {
          sql: `(SELECT ${column === 'first_session' ? 'id' : column} FROM sessions
                 WHERE site_id = ? AND visitor = ? ORDER BY started_at LIMIT 1)`,
          args: [siteId, visitor],
        }
      : { sql: 'NULL', args: [] },
  );
  const touchSet = TOUCH.map((column) =>
    column === 'first_session'
      ? 'first_session = coalesce(contacts.first_session, excluded.first_session)'
      : `${column} = iif(contacts.first_session IS NULL AND excluded.first_session IS NOT NULL,
          excluded.${column}, contacts.${column})`,
  );
  const onConflict = {
    fail: '',
    keep: `ON CONFLICT (site_id, email) DO UPDATE SET ${touchSet.join(', ')}`,
    update: `ON CONFLICT (site_id, email) DO UPDATE SET
      ${UPDATED.map((column) => `${column} = coalesce(excluded.${column}, contacts.${column})`).join(', ')},
      fields = json_patch(contacts.fields, excluded.fields),
      consent = max(contacts.consent, excluded.consent),
      consent_at = coalesce(contacts.consent_at, excluded.consent_at),
      ${touchSet.join(', ')},
      updated_at = excluded.updated_at`,
  }[options.existing];
  const consent = values.consent ? 1 : 0;
  return {
    contact: email ? contactByEmail(siteId, email) : { sql: '?', args: [newId] },
    newId,
    statements: [
      {
        sql: `INSERT INTO contacts (id, site_id, email, name, phone, company, company_id, fields, stage, owner_id, tags,
                consent, consent_at, origin,
                ${TOUCH.join(', ')}, created_at, updated_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${touch.map((t) => t.sql).join(', ')}, ?, ?)
              ${onConflict}`,
        args: [
          newId,
          siteId,
          email,
          values.name ?? null,
          values.phone ?? null,
          values.company ?? null,
          values.companyId ?? null,
          JSON.stringify(values.fields ?? {}),
          stage,
          values.ownerId ?? null,
          JSON.stringify([...new Set(values.tags ?? [])]),
          consent,
          consent ? now : null,
          options.origin,
          ...touch.flatMap((t) => t.args),
          now,
          now,
        ],
      },
      startHistory(newId, stage, options.reason ?? options.origin, options.userId ?? null, now),
    ],
  };
}

const relink = 'UPDATE SET contact_id = excluded.contact_id, linked_at = excluded.linked_at';

/**
 * Links a browser (tracker visitor id) to a contact, so its events, earlier
 * anonymous ones included, join the contact's timeline. `replace`: a browser
 * linked to someone else moves (the visitor told us who they are: a form,
 * identify); otherwise an existing link stays.
 */
export function linkVisitor(
  siteId: number,
  visitor: string,
  contact: SqlPart,
  now: number,
  replace: boolean,
): InStatement {
  return {
    sql: `INSERT INTO contact_visitors (site_id, visitor, contact_id, linked_at) VALUES (?, ?, ${contact.sql}, ?)
          ON CONFLICT (site_id, visitor) DO ${replace ? relink : 'NOTHING'}`,
    args: [siteId, visitor, ...contact.args, now],
  };
}

/**
 * The contact a visitor's request (a ticket) belongs to: the browser's contact,
 * else the one with that email, else a new one (stage `lead`), and the browser
 * is linked to it: the visitor typed the email in. Null without either.
 */
export async function contactOfVisitor(
  db: Client,
  siteId: number,
  who: { visitor?: string; email?: string; name?: string },
  options: Pick<CreateOptions, 'origin' | 'now'>,
): Promise<{ contact: SqlPart | null; statements: InStatement[] }> {
  if (who.visitor) {
    const { rows } = await db.execute({
      sql: 'SELECT contact_id FROM contact_visitors WHERE site_id = ? AND visitor = ?',
      args: [siteId, who.visitor],
    });
    if (rows[0]) return { contact: { sql: '?', args: [String(rows[0].contact_id)] }, statements: [] };
  }
  if (!who.email) return { contact: null, statements: [] };
  const now = options.now ?? Date.now();
  const { contact, statements } = upsertContact(
    siteId,
    { email: who.email, name: who.name },
    { ...options, existing: 'keep', visitor: who.visitor, now },
  );
  return {
    contact,
    statements: [...statements, ...(who.visitor ? [linkVisitor(siteId, who.visitor, contact, now, false)] : [])],
  };
}
