import type { InStatement } from '@libsql/client';
import type { LeadInput } from '../schemas/leads.ts';
import { contactJsonSql, stageChangeStatements } from './contacts.ts';
import { enqueueWebhook } from './outbox.ts';
import type { SqlPart } from './row.ts';

export interface LeadFields {
  email: string | null;
  name: string | null;
  phone: string | null;
  company: string | null;
  /** Everything else the form asked, including `message`. */
  custom: Record<string, string | boolean>;
}

/** Splits submitted fields into the contact's standard columns and its custom fields. */
export function splitLeadFields(fields: LeadInput['fields']): LeadFields {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const { email, name, phone, company, ...custom } = fields;
  return { email: text(email)?.toLowerCase() ?? null, name: text(name), phone: text(phone), company: text(company), custom };
}

/**
 * One lead submission as one batch. The route skips submission ids already
 * recorded; beyond that every statement is idempotent (a concurrent resend
 * converges to the same rows: the event, webhooks and submission are keyed by
 * the submission id, the contact by email):
 * - creates the contact, or updates the one with that email (newer non-empty
 *   values win, custom fields merge; every submission's values are kept in
 *   `lead_submissions`); a `lost` contact becomes a `lead` again;
 * - links the browser (visitor id) to the contact, so its events, earlier
 *   anonymous ones included, join the contact's timeline;
 * - copies first-touch attribution from the browser's first session;
 * - writes the `form_submit` event (the server is its only source);
 * - records stage history and queues `lead.created` / `contact.stage_changed` webhooks.
 */
/** The contact a submission belongs to, once `leadStatements` ran (in the same batch or later). */
export function leadContactSql(siteId: number, fields: LeadFields, newContactId: string): SqlPart {
  return fields.email
    ? { sql: '(SELECT id FROM contacts WHERE site_id = ? AND email = ?)', args: [siteId, fields.email] }
    : { sql: '?', args: [newContactId] };
}

export function leadStatements(
  siteId: number,
  lead: LeadInput,
  fields: LeadFields,
  newContactId: string,
  now = Date.now(),
): InStatement[] {
  const sub = lead.id.toLowerCase();
  const contact = leadContactSql(siteId, fields, newContactId);
  const firstSession = lead.visitor
    ? { sql: '(SELECT id FROM sessions WHERE site_id = ? AND visitor = ? ORDER BY started_at LIMIT 1)', args: [siteId, lead.visitor] }
    : { sql: 'NULL', args: [] };
  const fromFirstSession = (column: string) =>
    lead.visitor ? { sql: `(SELECT ${column} FROM sessions WHERE site_id = ? AND visitor = ? ORDER BY started_at LIMIT 1)`, args: [siteId, lead.visitor] } : { sql: 'NULL', args: [] };
  const touch = ['source', 'medium', 'campaign', 'affiliate'].map(fromFirstSession);
  const consent = lead.consent ? 1 : 0;

  const statements: InStatement[] = [
    // A returning contact marked lost is a lead again.
    ...stageChangeStatements(siteId, { sql: `c.id = ${contact.sql}`, args: contact.args }, 'lead', 'form', { from: ['lost'], eventKey: sub, now }),
    {
      sql: `INSERT INTO contacts (id, site_id, email, name, phone, company, fields, stage, consent, consent_at, origin,
              first_session, source, medium, campaign, affiliate, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'lead', ?, ?, 'form', ${firstSession.sql}, ${touch.map((t) => t.sql).join(', ')}, ?, ?)
            ON CONFLICT (site_id, email) DO UPDATE SET
              name = coalesce(excluded.name, contacts.name),
              phone = coalesce(excluded.phone, contacts.phone),
              company = coalesce(excluded.company, contacts.company),
              fields = json_patch(contacts.fields, excluded.fields),
              consent = max(contacts.consent, excluded.consent),
              consent_at = coalesce(contacts.consent_at, excluded.consent_at),
              first_session = coalesce(contacts.first_session, excluded.first_session),
              source = iif(contacts.first_session IS NULL, excluded.source, contacts.source),
              medium = iif(contacts.first_session IS NULL, excluded.medium, contacts.medium),
              campaign = iif(contacts.first_session IS NULL, excluded.campaign, contacts.campaign),
              affiliate = iif(contacts.first_session IS NULL, excluded.affiliate, contacts.affiliate),
              updated_at = excluded.updated_at`,
      args: [
        newContactId, siteId, fields.email, fields.name, fields.phone, fields.company, JSON.stringify(fields.custom), consent, consent ? now : null,
        ...firstSession.args, ...touch.flatMap((t) => t.args), now, now,
      ] as never,
    },
    // A contact created just now (not merged into an existing one) starts its history as a lead.
    {
      sql: `INSERT INTO stage_history (contact_id, from_stage, to_stage, reason, at)
            SELECT id, NULL, 'lead', 'form', ? FROM contacts WHERE id = ? AND created_at = ?`,
      args: [now, newContactId, now],
    },
    ...(lead.visitor
      ? [
          {
            sql: `INSERT INTO contact_visitors (site_id, visitor, contact_id, linked_at) VALUES (?, ?, ${contact.sql}, ?)
                  ON CONFLICT (site_id, visitor) DO UPDATE SET contact_id = excluded.contact_id, linked_at = excluded.linked_at`,
            args: [siteId, lead.visitor, ...contact.args, now] as never,
          },
        ]
      : []),
    {
      sql: `INSERT INTO events (id, site_id, type, name, ts, received_at, visitor, session, url, props)
            VALUES (?, ?, 'form_submit', ?, ?, ?, ?, ?, ?, json_object('contact', ${contact.sql}))
            ON CONFLICT (id) DO NOTHING`,
      args: [sub, siteId, lead.form, now, now, lead.visitor ?? `contact-${newContactId}`, lead.session ?? '', lead.url ?? '', ...contact.args] as never,
    },
    enqueueWebhook(
      siteId,
      'lead.created',
      { sql: '?', args: [`lead.created:${sub}`] },
      { sql: `json_object('contact', ${contactJsonSql}, 'form', ?, 'submissionId', ?, 'fields', json(?), 'url', ?)`, args: [lead.form, sub, JSON.stringify(lead.fields), lead.url ?? null] },
      { sql: `FROM contacts c WHERE c.id = ${contact.sql}`, args: contact.args },
      now,
    ),
    {
      sql: `INSERT INTO lead_submissions (id, site_id, form, contact_id, visitor, session, url, fields, received_at)
            VALUES (?, ?, ?, ${contact.sql}, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      args: [sub, siteId, lead.form, ...contact.args, lead.visitor ?? null, lead.session ?? null, lead.url ?? null, JSON.stringify(lead.fields), now] as never,
    },
  ];
  return statements;
}
