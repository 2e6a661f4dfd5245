import type { InStatement } from '@libsql/client';
import { deviceName } from './device.ts';
import { hashSecret, randomToken } from './secrets.ts';

/** An admin session lasts 30 days from its last use. */
export const SESSION_TTL = 30 * 86_400_000;
/** Uses are written at most once an hour per session, so reads do not write on every request. */
export const SESSION_TOUCH_EVERY = 3_600_000;
/** An emailed sign-in link works once, for 15 minutes after it was sent. */
export const SIGNIN_LINK_TTL = 15 * 60_000;

/**
 * A new admin session for `userId`: the bearer token (shown once) and the statement that stores its
 * hash, marked as a session (it slides and is listed with its device, see admin-auth.ts).
 * `onlyIf` guards the insert with an SQL condition evaluated in the same batch (e.g. `changes() > 0`).
 */
export async function newSession(userId: number, userAgent: string | undefined, now: number, onlyIf = '1') {
  const token = `sk_${randomToken(32)}`;
  const statement: InStatement = {
    sql: `INSERT INTO tokens (user_id, hash, label, created_at, expires_at, last_used_at, session, device)
          SELECT ?, ?, 'admin session', ?, ?, ?, 1, ? WHERE ${onlyIf}`,
    args: [userId, await hashSecret(token), now, now + SESSION_TTL, now, deviceName(userAgent)],
  };
  return { token, expiresAt: now + SESSION_TTL, statement };
}

/** Ends the sessions of `userId` (API tokens stay), all of them or all but `keep` (a token id). */
export const endSessions = (userId: number, keep: number | null = null): InStatement => ({
  sql: 'DELETE FROM tokens WHERE user_id = ? AND session = 1 AND id IS NOT ?',
  args: [userId, keep],
});

/**
 * Sign-in leftovers nobody can use any more: sessions past their expiry (a sliding session that was
 * used is never past it) and sign-in links used or expired. Run by the hourly retention job.
 */
export const pruneSigninStatements = (now: number): InStatement[] => [
  { sql: 'DELETE FROM tokens WHERE session = 1 AND expires_at < ?', args: [now] },
  { sql: 'DELETE FROM signin_links WHERE used_at IS NOT NULL OR expires_at < ?', args: [now] },
];

/**
 * A one-use sign-in link into `base` (the admin page), made when its email is sent: the code rides
 * in the fragment (`#signin=sl_…`), so it never reaches a server log; only its hash is stored.
 */
export async function mintSigninLink(userId: number, base: string, now: number) {
  const code = `sl_${randomToken(24)}`;
  const url = new URL(base);
  url.hash = `signin=${code}`;
  const statement: InStatement = {
    sql: 'INSERT INTO signin_links (user_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?)',
    args: [userId, await hashSecret(code), now, now + SIGNIN_LINK_TTL],
  };
  return { link: url.href, statement };
}
