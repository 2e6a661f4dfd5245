import type { InStatement } from '@libsql/client';
import type { LeadInput } from '../schemas/leads.ts';
import { enqueueWebhook } from '../db/outbox.ts';
import type { SqlPart } from '../db/row.ts';
import { contactByEmail, contactJsonSql } from './contacts.ts';
import { linkVisitor, upsertContact } from './create.ts';
import { applyStageRule } from './stages.ts';

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
  return {
    email: text(email)?.toLowerCase() ?? null,
    name: text(name),
    phone: text(phone),
    company: text(company),
    custom,
  };
}

/** The contact a submission belongs to, once `leadStatements` ran (in the same batch or later). */
export function leadContactSql(siteId: number, fields: LeadFields, newContactId: string): SqlPart {
  return fields.email ? contactByEmail(siteId, fields.email) : { sql: '?', args: [newContactId] };
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
export function leadStatements(
  siteId: number,
  lead: LeadInput,
  fields: LeadFields,
  newContactId: string,
  now = Date.now(),
): InStatement[] {
  const sub = lead.id.toLowerCase();
  const contact = leadContactSql(siteId, fields, newContactId);
  const created = upsertContact(
    siteId,
    {
      email: fields.email,
      name: fields.name,
      phone: fields.phone,
      company: fields.company,
      fields: fields.custom,
      consent: lead.consent,
    },
    { origin: 'form', existing: 'update', visitor: lead.visitor, id: newContactId, now },
  );
  return [
    // A returning contact marked lost is a lead again.
    ...applyStageRule(siteId, { sql: `c.id = ${contact.sql}`, args: contact.args }, 'form', { eventKey: sub, now }),
    ...created.statements,
    ...(lead.visitor ? [linkVisitor(siteId, lead.visitor, contact, now, true)] : []),
    {
      sql: `INSERT INTO events (id, site_id, type, name, ts, received_at, visitor, session, url, props)
            VALUES (?, ?, 'form_submit', ?, ?, ?, ?, ?, ?, json_object('contact', ${contact.sql}))
            ON CONFLICT (id) DO NOTHING`,
      args: [
        sub,
        siteId,
        lead.form,
        now,
        now,
        lead.visitor ?? `contact-${newContactId}`,
        lead.session ?? '',
        lead.url ?? '',
        ...contact.args,
      ],
    },
    enqueueWebhook(
      siteId,
      'lead.created',
      { sql: '?', args: [`lead.created:${sub}`] },
      {
        sql: `json_object('contact', ${contactJsonSql}, 'form', ?, 'submissionId', ?, 'fields', json(?), 'url', ?)`,
        args: [lead.form, sub, JSON.stringify(lead.fields), lead.url ?? null],
      },
      { sql: `FROM contacts c WHERE c.id = ${contact.sql}`, args: contact.args },
      now,
    ),
    {
      sql: `INSERT INTO lead_submissions (id, site_id, form, contact_id, visitor, session, url, fields, received_at)
            VALUES (?, ?, ?, ${contact.sql}, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      args: [
        sub,
        siteId,
        lead.form,
        ...contact.args,
        lead.visitor ?? null,
        lead.session ?? null,
        lead.url ?? null,
        JSON.stringify(lead.fields),
        now,
      ],
    },
  ];
}
