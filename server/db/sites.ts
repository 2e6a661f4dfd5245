import type { Client, Row } from '@libsql/client';
import { hashSecret, randomToken } from '../auth/secrets.ts';
import type { Role } from '../schemas/users.ts';
import type { WriteQueue } from './write-queue.ts';
import { saveFormStatement } from './forms.ts';
import { defaultContactForm } from '../schemas/forms.ts';
import { parseSiteSettings, type SiteSettings } from '../schemas/settings.ts';

export interface Site {
  id: number;
  key: string;
  name: string;
  allowedOrigins: string[];
  timeZone: string;
  currency: string;
  /** `sites.settings`, parsed: every option present (server/schemas/settings.ts). */
  settings: SiteSettings;
}

/** A `sites` row (selected with `SELECT id, key, name, allowed_origins, time_zone, currency, settings`) as a Site. */
export function siteFromRow(r: Row, idColumn = 'id'): Site {
  return {
    id: Number(r[idColumn]),
    key: String(r.key),
    name: String(r.name),
    allowedOrigins: JSON.parse(String(r.allowed_origins)) as string[],
    timeZone: String(r.time_zone),
    currency: String(r.currency),
    settings: parseSiteSettings(r.settings),
  };
}

export interface NewSite {
  name: string;
  origins?: string[];
  ownerEmail?: string;
  ownerName?: string;
  timeZone?: string;
  currency?: string;
}

/** Creates a site with an owner user and an owner token; returns the public key and the token (shown once). */
export async function createSite(queue: WriteQueue, input: NewSite): Promise<{ siteKey: string; adminToken: string }> {
  const siteKey = `pk_${randomToken(18)}`;
  const adminToken = `sk_${randomToken(32)}`;
  const now = Date.now();
  await queue.run([
    {
      sql: `INSERT INTO sites (key, name, allowed_origins, time_zone, currency, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
      args: [
        siteKey,
        input.name,
        JSON.stringify(input.origins ?? []),
        input.timeZone ?? 'UTC',
        input.currency ?? 'USD',
        now,
      ],
    },
    {
      sql: `INSERT INTO users (site_id, name, email, role, created_at) VALUES (last_insert_rowid(), ?, ?, 'owner', ?)`,
      args: [input.ownerName ?? 'Owner', input.ownerEmail?.toLowerCase() ?? null, now],
    },
    {
      sql: `INSERT INTO tokens (user_id, hash, label, created_at) VALUES (last_insert_rowid(), ?, 'initial owner token', ?)`,
      args: [await hashSecret(adminToken), now],
    },
    saveFormStatement(
      { sql: '(SELECT id FROM sites WHERE key = ?)', args: [siteKey] },
      'contact',
      defaultContactForm,
      now,
    ),
  ]);
  return { siteKey, adminToken };
}

/** Creates a user of `role` on the site and a token for them; returns the token (shown once), or null for an unknown site. */
export async function createUserToken(
  db: Client,
  queue: WriteQueue,
  input: { siteKey: string; role: Role; name?: string; email?: string; label?: string },
): Promise<string | null> {
  const site = await findSite(db, input.siteKey);
  if (!site) return null;
  const token = `sk_${randomToken(32)}`;
  const now = Date.now();
  const [user] = await queue.run([
    {
      sql: `INSERT INTO users (site_id, name, email, role, created_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (site_id, email) DO UPDATE SET role = excluded.role RETURNING id`,
      args: [site.id, input.name ?? input.role, input.email?.toLowerCase() ?? null, input.role, now],
    },
  ]);
  await queue.run([
    {
      sql: 'INSERT INTO tokens (user_id, hash, label, created_at) VALUES (?, ?, ?, ?)',
      args: [Number(user!.rows[0]!.id), await hashSecret(token), input.label ?? null, now],
    },
  ]);
  return token;
}

export async function findSite(db: Client, key: string): Promise<Site | null> {
  const { rows } = await db.execute({
    sql: 'SELECT id, key, name, allowed_origins, time_zone, currency, settings FROM sites WHERE key = ?',
    args: [key],
  });
  return rows[0] ? siteFromRow(rows[0]) : null;
}

export async function firstSiteKey(db: Client): Promise<string | null> {
  const { rows } = await db.execute('SELECT key FROM sites ORDER BY id LIMIT 1');
  return rows[0] ? String(rows[0].key) : null;
}
