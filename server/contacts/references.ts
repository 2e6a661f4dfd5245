import type { Client, InStatement } from '@libsql/client';
import { rollupRebuildStatements } from '../db/rollups.ts';

/**
 * A table whose `column` holds a contact id, and what each way of ending a
 * contact does to its rows:
 * - merge: always `move` (the row now belongs to the contact merged into);
 * - erase (GDPR): always `delete` (nothing personal may stay);
 * - delete: `delete` the rows that only make sense on the contact, or `detach`
 *   (contact id → NULL) records of the business that stand on their own
 *   (a ticket keeps its own email and name, anonymous feedback and survey answers keep counting,
 *   the email log keeps what was sent).
 */
export interface ContactReference {
  table: string;
  column: 'contact_id';
  merge: 'move';
  erase: 'delete';
  delete: 'delete' | 'detach';
}

const ref = (table: string, onDelete: ContactReference['delete']): ContactReference => ({
  table,
  column: 'contact_id',
  merge: 'move',
  erase: 'delete',
  delete: onDelete,
});

/**
 * Every table that references a contact. The one home of this list: delete,
 * merge and erase are built from it, and a test fails when a table with a
 * `contact_id` column (or a foreign key to contacts) is missing here.
 * Rows reached through these (ticket messages and tokens, the events and
 * sessions of the contact's browsers, webhook payloads) are in `eraseStatements`.
 */
export const contactReferences: readonly ContactReference[] = [
  ref('contact_visitors', 'delete'),
  ref('stage_history', 'delete'),
  ref('activities', 'delete'),
  ref('lead_submissions', 'delete'),
  ref('tasks', 'delete'),
  ref('purchases', 'delete'),
  ref('tickets', 'detach'),
  ref('feedback', 'detach'),
  ref('emails', 'detach'),
  ref('survey_answers', 'detach'),
  ref('survey_dismissals', 'delete'),
  ref('survey_tokens', 'delete'),
];

/** What a contact is, for the statements below. */
export interface ContactKey {
  siteId: number;
  id: string;
}

const refStatement = (r: ContactReference, action: 'delete' | 'detach', id: string): InStatement =>
  action === 'delete'
    ? { sql: `DELETE FROM ${r.table} WHERE ${r.column} = ?`, args: [id] }
    : { sql: `UPDATE ${r.table} SET ${r.column} = NULL WHERE ${r.column} = ?`, args: [id] };

const contactRow = `DELETE FROM contacts WHERE site_id = ? AND id = ?`;

/** Deleting a contact (not erasing): its rows per the list, then the contact. Explicit, not by cascade. */
export function deleteStatements(contact: ContactKey): InStatement[] {
  return [
    ...contactReferences.map((r) => refStatement(r, r.delete, contact.id)),
    { sql: contactRow, args: [contact.siteId, contact.id] },
  ];
}

/**
 * How many rows of each referencing table belong to the contact: what a merge would move
 * (the admin's merge preview), keyed by table name.
 */
export async function referenceCounts(db: Client, contact: ContactKey): Promise<Record<string, number>> {
  const counts = contactReferences.map((r) => `(SELECT count(*) FROM ${r.table} WHERE ${r.column} = ?) AS ${r.table}`);
  const { rows } = await db.execute({
    sql: `SELECT ${counts.join(', ')}`,
    args: contactReferences.map(() => contact.id),
  });
  return Object.fromEntries(contactReferences.map((r) => [r.table, Number(rows[0]![r.table])]));
}

/**
 * Merging `from` into `into`: every reference moves, then `from` is deleted.
 * Each statement runs only while both contacts exist, so of two opposite merges
 * racing in one queue the second changes nothing; the caller reads the last
 * result's `rowsAffected` (0: nothing was merged).
 */
export function mergeStatements(siteId: number, into: string, from: string): InStatement[] {
  const both = `EXISTS (SELECT 1 FROM contacts WHERE site_id = ? AND id = ?)
    AND EXISTS (SELECT 1 FROM contacts WHERE site_id = ? AND id = ?)`;
  const bothArgs = [siteId, into, siteId, from];
  return [
    ...contactReferences.map((r) => ({
      sql: `UPDATE ${r.table} SET ${r.column} = ? WHERE ${r.column} = ? AND ${both}`,
      args: [into, from, ...bothArgs],
    })),
    {
      sql: `${contactRow} AND EXISTS (SELECT 1 FROM contacts WHERE site_id = ? AND id = ?)`,
      args: [siteId, from, siteId, into],
    },
  ];
}

/** Values that identify the person in free-form JSON (webhook payloads, email data). */
export interface ErasedPerson extends ContactKey {
  email: string | null;
  /** Ids and tracking numbers of their tickets (webhook payloads and emails name them). */
  tickets: string[];
  /** [first, last] event time of their browsers, for the rollup rebuild; null without events. */
  events: [number, number] | null;
}

/**
 * Erasing a contact (GDPR): the events and sessions of its browsers, the recounted
 * rollups, its tickets' messages and link tokens, every email to its address or
 * about it, webhook deliveries that mention it (pending ones deleted, sent ones
 * redacted to their id and type), every referencing row, and the contact.
 */
export function eraseStatements(p: ErasedPerson): InStatement[] {
  const visitors = '(SELECT visitor FROM contact_visitors WHERE contact_id = ?)';
  const tickets = '(SELECT id FROM tickets WHERE contact_id = ?)';
  const marks = [p.id, ...(p.email ? [p.email] : []), ...p.tickets];
  // Any JSON value of `column` equal to one of the marks, at any depth.
  const mentions = (column: string) =>
    `EXISTS (SELECT 1 FROM json_tree(${column}) WHERE atom IN (${marks.map(() => '?').join(', ')}))`;
  const toThem = p.email ? 'to_email = ? OR ' : '';
  return [
    { sql: `DELETE FROM events WHERE site_id = ? AND visitor IN ${visitors}`, args: [p.siteId, p.id] },
    { sql: `DELETE FROM sessions WHERE site_id = ? AND visitor IN ${visitors}`, args: [p.siteId, p.id] },
    ...(p.events ? rollupRebuildStatements(p.siteId, p.events[0], p.events[1] + 1) : []),
    { sql: `DELETE FROM ticket_messages WHERE ticket_id IN ${tickets}`, args: [p.id] },
    { sql: `DELETE FROM ticket_tokens WHERE ticket_id IN ${tickets}`, args: [p.id] },
    {
      sql: `DELETE FROM emails WHERE site_id = ? AND (${toThem}${mentions('data')})`,
      args: [p.siteId, ...(p.email ? [p.email] : []), ...marks],
    },
    {
      sql: `DELETE FROM deliveries WHERE site_id = ? AND status = 'pending' AND ${mentions('payload')}`,
      args: [p.siteId, ...marks],
    },
    {
      sql: `UPDATE deliveries SET payload = json_object('id', event_id, 'type', event_type, 'redacted', json('true'))
            WHERE site_id = ? AND ${mentions('payload')}`,
      args: [p.siteId, ...marks],
    },
    ...contactReferences.map((r) => refStatement(r, r.erase, p.id)),
    { sql: contactRow, args: [p.siteId, p.id] },
  ];
}
