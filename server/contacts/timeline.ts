import type { Client } from '@libsql/client';
import type { TimelineGroup, TimelinePage } from '../schemas/contacts.ts';

/**
 * Whose history: one contact, or every person linked to a company (the company page's combined
 * timeline, whose items also name their contact).
 */
export type TimelineOwner = { contact: string } | { company: string };

/**
 * One contact's (or one company's people's) history, newest first, in the groups the contact page filters by:
 * `pageviews` (the browsers' events, anonymous ones from before the person was identified included, with their
 * session's source), `forms` (submissions with what was sent), `activities` (and stage changes), `tickets` (and survey answers,
 * feedback), `purchases`. Only the asked groups are queried, so every page is full. `IN_WHO` stands for the
 * people: `= :who` (a contact) or the company's contacts.
 */
const timelineParts: Record<TimelineGroup, string[]> = {
  pageviews: [
    `SELECT 'event', e.id, e.ts,
      json_object('type', e.type, 'name', e.name, 'url', e.url, 'title', e.title, 'props', json(e.props), 'value', e.value,
        'currency', e.currency, 'session', e.session, 'source', s.source, 'medium', s.medium), cv.contact_id
    FROM contact_visitors cv
    JOIN events e ON e.site_id = cv.site_id AND e.visitor = cv.visitor
    LEFT JOIN sessions s ON s.site_id = e.site_id AND s.id = e.session
    WHERE cv.contact_id IN_WHO AND e.type <> 'form_submit'`,
  ],
  forms: [
    `SELECT 'form_submit', e.id, e.ts,
      json_object('type', e.type, 'name', e.name, 'url', e.url, 'title', e.title, 'props', json(e.props), 'session', e.session,
        'fields', json(ls.fields)), cv.contact_id
    FROM contact_visitors cv
    JOIN events e ON e.site_id = cv.site_id AND e.visitor = cv.visitor
    LEFT JOIN lead_submissions ls ON ls.id = e.id
    WHERE cv.contact_id IN_WHO AND e.type = 'form_submit'`,
    `SELECT 'form_submit', ls.id, ls.received_at, json_object('type', 'form_submit', 'name', ls.form, 'url', ls.url, 'fields', json(ls.fields)),
      ls.contact_id
    FROM lead_submissions ls
    WHERE ls.contact_id IN_WHO AND (ls.visitor IS NULL OR ls.visitor NOT IN (SELECT visitor FROM contact_visitors WHERE contact_id = ls.contact_id))`,
  ],
  activities: [
    `SELECT 'activity', a.id, a.occurred_at, json_object('kind', a.kind, 'subject', a.subject, 'body', a.body, 'outcome', a.outcome,
      'durationMinutes', a.duration_minutes, 'userId', a.user_id, 'dealId', a.deal_id), a.contact_id
    FROM activities a WHERE a.contact_id IN_WHO`,
    `SELECT 'stage_change', 'stage-' || h.id, h.at, json_object('from', h.from_stage, 'to', h.to_stage, 'reason', h.reason, 'userId', h.user_id),
      h.contact_id
    FROM stage_history h WHERE h.contact_id IN_WHO`,
  ],
  tickets: [
    `SELECT 'ticket', t.id, t.created_at, json_object('trackingNumber', t.tracking_number, 'subject', t.subject, 'category', t.category,
      'status', t.status, 'priority', t.priority, 'rating', t.rating), t.contact_id
    FROM tickets t WHERE t.contact_id IN_WHO`,
    `SELECT 'feedback', f.id, f.created_at, json_object('rating', f.rating, 'nps', f.nps, 'comment', f.comment, 'url', f.url), f.contact_id
    FROM feedback f WHERE f.contact_id IN_WHO`,
    `SELECT 'survey_answer', sa.id, sa.created_at, json_object('surveyId', s.id, 'survey', s.name, 'kind', s.kind,
      'score', sa.score, 'choices', json(sa.choices), 'other', sa.other, 'comment', sa.comment,
      'purchaseId', sa.purchase_id, 'ticketId', sa.ticket_id), sa.contact_id
    FROM survey_answers sa JOIN surveys s ON s.id = sa.survey_id WHERE sa.contact_id IN_WHO`,
  ],
  purchases: [
    `SELECT 'purchase', p.id, p.purchased_at, json_object('productName', p.product_name, 'unitPrice', p.unit_price, 'quantity', p.quantity,
      'currency', p.currency, 'salesRepId', p.sales_rep_id, 'instructions', p.instructions, 'contractEndAt', p.contract_end_at,
      'dealId', p.deal_id), p.contact_id
    FROM purchases p WHERE p.contact_id IN_WHO`,
  ],
};

const who = {
  contact: '= :who',
  company: 'IN (SELECT id FROM contacts WHERE site_id = :site AND company_id = :who)',
};

const timelineSql = (groups: readonly TimelineGroup[], owner: keyof typeof who) => `
  WITH timeline(kind, id, at, data, contact_id) AS (
    ${groups
      .flatMap((g) => timelineParts[g])
      .join('\n    UNION ALL\n    ')
      .replaceAll('IN_WHO', who[owner])}
  )
  SELECT * FROM timeline
  WHERE :cursorAt IS NULL OR at < :cursorAt OR (at = :cursorAt AND id < :cursorId)
  ORDER BY at DESC, id DESC
  LIMIT :limit`;

/** A page of the timeline of a contact or of a company's people (`cursor`: `at_id` of the last item). */
export async function readTimeline(
  db: Client,
  siteId: number,
  owner: TimelineOwner,
  q: { kinds: readonly TimelineGroup[]; limit: number; cursor?: string },
): Promise<TimelinePage> {
  const split = q.cursor?.indexOf('_') ?? -1;
  const company = 'company' in owner;
  const { rows } = await db.execute({
    sql: timelineSql(q.kinds, company ? 'company' : 'contact'),
    args: {
      who: company ? owner.company : owner.contact,
      ...(company && { site: siteId }),
      cursorAt: q.cursor ? Number(q.cursor.slice(0, split)) : null,
      cursorId: q.cursor ? q.cursor.slice(split + 1) : null,
      limit: q.limit + 1,
    },
  });
  const items = rows.slice(0, q.limit).map((r) => {
    const data = JSON.parse(String(r.data)) as Record<string, unknown>;
    for (const k of Object.keys(data)) if (data[k] === null) delete data[k];
    return {
      kind: String(r.kind) as TimelinePage['items'][number]['kind'],
      id: String(r.id),
      at: Number(r.at),
      data,
      ...(company && { contactId: String(r.contact_id) }),
    };
  });
  const last = items.at(-1);
  return { items, nextCursor: rows.length > q.limit && last ? `${last.at}_${last.id}` : null };
}
