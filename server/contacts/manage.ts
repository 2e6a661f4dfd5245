import type { Client, InStatement, InValue } from '@libsql/client';
import type { AppDeps, AppEnv } from '../app-env.ts';
import { auditIfChanged, auditStatement } from '../db/audit.ts';
import { ApiError } from '../errors.ts';
import type {
  Activity,
  ActivityInput,
  Contact,
  ContactCreate,
  ContactDetail,
  ContactUpdate,
  MergePreview,
} from '../schemas/contacts.ts';
import { contactDetail, contactIdByEmail, findContact, normalizeEmail } from './contacts.ts';
import { upsertContact } from './create.ts';
import { deleteStatements, eraseStatements, mergeStatements, referenceCounts } from './references.ts';
import { assertStaff } from './staff.ts';
import { applyStageRule, stageChangeStatements, stageOrder } from './stages.ts';

type Deps = Pick<AppDeps, 'db' | 'writes'>;

/** Who changes contacts: the admin user, on their site. */
export interface Actor {
  siteId: number;
  userId: number;
}

/** The actor of an admin request. */
export const actorOf = (c: { var: Pick<AppEnv['Variables'], 'auth'> }): Actor => ({
  siteId: c.var.auth.site.id,
  userId: c.var.auth.userId,
});

async function assertEmailFree(db: Client, siteId: number, email: string, except?: string): Promise<void> {
  const id = await contactIdByEmail(db, siteId, email);
  if (id && id !== except) throw new ApiError(409, 'conflict', `a contact with this email exists: ${id}`);
}

/**
 * A contact entered by hand. An email another contact has is a 409, also when
 * a concurrent create took it first (the unique index decides; onError maps it).
 */
export async function createContact({ db, writes }: Deps, actor: Actor, input: ContactCreate): Promise<ContactDetail> {
  await assertStaff(db, actor.siteId, input.ownerId, 'ownerId');
  if (input.email) await assertEmailFree(db, actor.siteId, input.email);
  const { newId, statements } = upsertContact(actor.siteId, input, {
    origin: 'manual',
    existing: 'fail',
    userId: actor.userId,
  });
  await writes.run(statements);
  return contactDetail(db, (await findContact(db, actor.siteId, newId))!);
}

/** Given keys change; `null` clears; custom fields merge; a stage change is kept in the history. */
export async function updateContact(
  { db, writes }: Deps,
  actor: Actor,
  contact: Contact,
  input: ContactUpdate,
): Promise<ContactDetail> {
  const { siteId, userId } = actor;
  await assertStaff(db, siteId, input.ownerId, 'ownerId');
  const email = input.email == null ? input.email : normalizeEmail(input.email);
  if (email) await assertEmailFree(db, siteId, email, contact.id);
  const now = Date.now();
  const sets: string[] = ['updated_at = ?'];
  const args: InValue[] = [now];
  const set = (column: string, value: InValue | undefined) =>
    value !== undefined && (sets.push(`${column} = ?`), args.push(value));
  set('email', email);
  set('name', input.name);
  set('phone', input.phone);
  set('company', input.company);
  set('owner_id', input.ownerId);
  if (input.tags) set('tags', JSON.stringify([...new Set(input.tags)]));
  if (input.fields) (sets.push('fields = json_patch(fields, ?)'), args.push(JSON.stringify(input.fields)));
  const statements: InStatement[] = [
    { sql: `UPDATE contacts SET ${sets.join(', ')} WHERE site_id = ? AND id = ?`, args: [...args, siteId, contact.id] },
  ];
  const which = { sql: 'c.id = ?', args: [contact.id] };
  if (input.stage)
    statements.push(
      ...stageChangeStatements(siteId, which, input.stage, 'manual', { userId, eventKey: `manual-${now}`, now }),
    );
  if (input.stage || input.ownerId !== undefined) {
    const detail = {
      ...(input.stage && { stage: input.stage }),
      ...(input.ownerId !== undefined && { ownerId: input.ownerId }),
    };
    statements.push(auditStatement(siteId, userId, 'contact.update', contact.id, detail, now));
  }
  await writes.run(statements);
  return contactDetail(db, (await findContact(db, siteId, contact.id))!);
}

/** One change (stage, owner, a tag) to many contacts of the site; ids of other sites change nothing. */
export async function bulkUpdateContacts(
  { db, writes }: Deps,
  actor: Actor,
  b: { ids: string[]; stage?: Contact['stage']; ownerId?: number | null; addTag?: string },
): Promise<void> {
  const { siteId, userId } = actor;
  await assertStaff(db, siteId, b.ownerId, 'ownerId');
  const now = Date.now();
  const inIds = `(${b.ids.map(() => '?').join(', ')})`;
  const statements: InStatement[] = [];
  if (b.ownerId !== undefined)
    statements.push({
      sql: `UPDATE contacts SET owner_id = ?, updated_at = ? WHERE site_id = ? AND id IN ${inIds}`,
      args: [b.ownerId, now, siteId, ...b.ids],
    });
  if (b.addTag)
    statements.push({
      sql: `UPDATE contacts SET tags = json_insert(tags, '$[#]', ?), updated_at = ?
            WHERE site_id = ? AND id IN ${inIds} AND NOT EXISTS (SELECT 1 FROM json_each(tags) WHERE value = ?)`,
      args: [b.addTag, now, siteId, ...b.ids, b.addTag],
    });
  if (b.stage)
    statements.push(
      ...stageChangeStatements(siteId, { sql: `c.id IN ${inIds}`, args: b.ids }, b.stage, 'manual', {
        userId,
        eventKey: `bulk-${now}`,
        now,
      }),
    );
  const detail = { stage: b.stage, ownerId: b.ownerId, addTag: b.addTag };
  statements.push(auditStatement(siteId, userId, 'contacts.bulk', b.ids.join(','), detail, now));
  await writes.run(statements);
}

/** What merging `fromId` into `into` would move (mergeContacts' preview); the same 400/404 as the merge. */
export async function previewMerge(db: Client, siteId: number, into: Contact, fromId: string): Promise<MergePreview> {
  if (fromId === into.id) throw new ApiError(400, 'validation_failed', 'a contact cannot be merged into itself');
  const dup = await findContact(db, siteId, fromId);
  if (!dup) throw new ApiError(404, 'not_found', 'no such contact');
  const who = (ct: Contact) => ({ id: ct.id, name: ct.name, email: ct.email });
  return { into: who(into), from: who(dup), moves: await referenceCounts(db, { siteId, id: dup.id }) };
}

/**
 * Merges the duplicate `fromId` into `into`: every reference moves (references.ts),
 * this contact's values win, blanks are filled, tags joined, the further stage kept.
 * 404 when the duplicate is gone, also when an opposite merge won a race.
 */
export async function mergeContacts(
  { db, writes }: Deps,
  actor: Actor,
  into: Contact,
  fromId: string,
): Promise<ContactDetail> {
  const { siteId, userId } = actor;
  if (fromId === into.id) throw new ApiError(400, 'validation_failed', 'a contact cannot be merged into itself');
  const dup = await findContact(db, siteId, fromId);
  if (!dup) throw new ApiError(404, 'not_found', 'no such contact');
  const now = Date.now();
  const stage = stageOrder[dup.stage] > stageOrder[into.stage] ? dup.stage : into.stage;
  const moves = mergeStatements(siteId, into.id, fromId);
  const results = await writes.run([
    ...moves,
    {
      // This contact's values win; the duplicate fills the blanks; tags are joined. Only when the delete above did.
      sql: `UPDATE contacts SET email = coalesce(email, ?), name = coalesce(name, ?), phone = coalesce(phone, ?),
              company = coalesce(company, ?),
              fields = json_patch(?, fields), tags = ?, owner_id = coalesce(owner_id, ?), consent = max(consent, ?),
              source = coalesce(source, ?), medium = coalesce(medium, ?), campaign = coalesce(campaign, ?),
              affiliate = coalesce(affiliate, ?), created_at = min(created_at, ?), updated_at = ?
            WHERE id = ? AND changes() > 0`,
      args: [
        dup.email,
        dup.name,
        dup.phone,
        dup.company,
        JSON.stringify(dup.fields),
        JSON.stringify([...new Set([...into.tags, ...dup.tags])]),
        dup.ownerId,
        dup.consent ? 1 : 0,
        dup.source,
        dup.medium,
        dup.campaign,
        dup.affiliate,
        dup.createdAt,
        now,
        into.id,
      ],
    },
    auditIfChanged(siteId, userId, 'contact.merge', `${fromId} → ${into.id}`, undefined, now),
    ...stageChangeStatements(siteId, { sql: 'c.id = ?', args: [into.id] }, stage, 'merge', {
      userId,
      eventKey: `merge-${fromId}`,
      now,
    }),
  ]);
  // Nothing merged: one of the two was merged away or deleted meanwhile (e.g. an opposite merge).
  const merged = results[moves.length - 1]!.rowsAffected ? await findContact(db, siteId, into.id) : null;
  if (!merged) throw new ApiError(404, 'not_found', 'no such contact (merged or deleted meanwhile)');
  return contactDetail(db, merged);
}

/**
 * Deletes a contact (not erase): explicit statements per references.ts, not a
 * foreign-key cascade (the pragma is per connection).
 */
export async function deleteContact({ writes }: Deps, actor: Actor, contact: Contact): Promise<void> {
  await writes.run([
    ...deleteStatements({ siteId: actor.siteId, id: contact.id }),
    auditStatement(actor.siteId, actor.userId, 'contact.delete', contact.id),
  ]);
}

/** GDPR erase of a contact and everything tied to them (references.ts); answers how many events went. */
export async function eraseContact({ db, writes }: Deps, actor: Actor, contact: Contact): Promise<{ events: number }> {
  const { siteId } = actor;
  const [{ rows: counted }, { rows: tickets }] = await Promise.all([
    db.execute({
      sql: `SELECT count(*) AS n, min(ts) AS lo, max(ts) AS hi FROM events
            WHERE site_id = ? AND visitor IN (SELECT visitor FROM contact_visitors WHERE contact_id = ?)`,
      args: [siteId, contact.id],
    }),
    db.execute({
      sql: 'SELECT id, tracking_number FROM tickets WHERE site_id = ? AND contact_id = ?',
      args: [siteId, contact.id],
    }),
  ]);
  const erased = counted[0]!;
  await writes.run([
    ...eraseStatements({
      siteId,
      id: contact.id,
      email: contact.email,
      tickets: tickets.flatMap((t) => [String(t.id), String(t.tracking_number)]),
      events: erased.lo == null ? null : [Number(erased.lo), Number(erased.hi)],
    }),
    auditStatement(siteId, actor.userId, 'contact.erase', contact.id, { events: Number(erased.n) }),
  ]);
  return { events: Number(erased.n) };
}

/** GDPR export: everything stored about one contact (audited). */
export async function exportContact({ db, writes }: Deps, actor: Actor, contact: Contact) {
  const { siteId } = actor;
  const id = contact.id;
  const q = (sql: string, args: InValue[] = [id]) => db.execute({ sql, args }).then((r) => r.rows);
  const visitors = 'SELECT visitor FROM contact_visitors WHERE contact_id = ?';
  const [events, sessions, submissions, activities, history, tickets, messages, purchases, feedback, tasks, surveys] =
    await Promise.all([
      q(`SELECT * FROM events WHERE site_id = ? AND visitor IN (${visitors}) ORDER BY ts`, [siteId, id]),
      q(`SELECT * FROM sessions WHERE site_id = ? AND visitor IN (${visitors}) ORDER BY started_at`, [siteId, id]),
      q('SELECT * FROM lead_submissions WHERE contact_id = ?'),
      q('SELECT * FROM activities WHERE contact_id = ?'),
      q('SELECT * FROM stage_history WHERE contact_id = ?'),
      q(
        `SELECT id, tracking_number, subject, category, status, created_at, rating, rating_comment
         FROM tickets WHERE contact_id = ?`,
      ),
      q(
        'SELECT m.* FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.contact_id = ? AND m.internal = 0',
      ),
      q('SELECT * FROM purchases WHERE contact_id = ?'),
      q('SELECT * FROM feedback WHERE contact_id = ?'),
      q('SELECT * FROM tasks WHERE contact_id = ?'),
      q(
        `SELECT a.id, a.survey_id, s.name AS survey, s.kind, a.score, a.choices, a.other, a.comment, a.purchase_id,
           a.ticket_id, a.created_at
         FROM survey_answers a JOIN surveys s ON s.id = a.survey_id WHERE a.contact_id = ? ORDER BY a.created_at`,
      ),
    ]);
  await writes.run([auditStatement(siteId, actor.userId, 'contact.export', id)]);
  return {
    exportedAt: new Date().toISOString(),
    contact,
    events,
    sessions,
    submissions,
    activities,
    stageHistory: history,
    tickets,
    messages,
    purchases,
    feedback,
    tasks,
    surveyAnswers: surveys,
  };
}

/** Logs a call, meeting, email or note; a lead becomes a prospect (stage rule `activity`). */
export async function logActivity(
  { writes }: Deps,
  actor: Actor,
  contact: Contact,
  input: ActivityInput,
): Promise<Activity> {
  const { siteId, userId } = actor;
  const id = crypto.randomUUID();
  const now = Date.now();
  const activity: Activity = {
    id,
    kind: input.kind,
    subject: input.subject ?? null,
    body: input.body ?? null,
    outcome: input.outcome ?? null,
    occurredAt: input.occurredAt ?? now,
    durationMinutes: input.durationMinutes ?? null,
    userId,
  };
  await writes.run([
    {
      sql: `INSERT INTO activities (id, site_id, contact_id, kind, subject, body, outcome, occurred_at, duration_minutes,
              user_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        id,
        siteId,
        contact.id,
        activity.kind,
        activity.subject,
        activity.body,
        activity.outcome,
        activity.occurredAt,
        activity.durationMinutes,
        userId,
        now,
      ],
    },
    { sql: 'UPDATE contacts SET updated_at = ? WHERE id = ?', args: [now, contact.id] },
    ...applyStageRule(siteId, { sql: 'c.id = ?', args: [contact.id] }, 'activity', { userId, eventKey: id, now }),
  ]);
  return activity;
}
