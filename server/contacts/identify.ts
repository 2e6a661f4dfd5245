import type { InStatement } from '@libsql/client';
import { z } from 'zod';
import type { TrackedEvent } from '../schemas/events.ts';
import { linkVisitor, upsertContact } from './create.ts';

const email = z.email().max(254);

/**
 * `leadline.identify(email)`: the browser (visitor id) is linked to the site's
 * contact with that email, or to a new one (stage `lead`, origin `identify`,
 * first touch from the browser's first session), so its events, earlier
 * anonymous ones included, show on the contact's timeline. The tracker sends
 * identify only where the consent table allows tying events to a person
 * (widgets/tracker/storage.ts `mayIdentify`), as forms do. An event without a
 * valid `props.email` (a bare `userId`, a malformed address) changes nothing.
 * Idempotent: a resent event converges to the same rows.
 */
export function identifyStatements(siteId: number, event: TrackedEvent, now: number): InStatement[] {
  const given = email.safeParse(typeof event.props?.email === 'string' ? event.props.email.trim() : undefined);
  if (event.type !== 'identify' || !event.visitor || !given.success) return [];
  const { contact, statements } = upsertContact(
    siteId,
    { email: given.data },
    { origin: 'identify', existing: 'keep', visitor: event.visitor, now },
  );
  return [...statements, linkVisitor(siteId, event.visitor, contact, now, true)];
}
