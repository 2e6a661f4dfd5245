import type { Client } from '@libsql/client';
import { hashSecret, randomToken } from '../auth/secrets.ts';
import type { WriteQueue } from '../db/write-queue.ts';

/**
 * Anonymous unique visitors are counted by hash(salt of the day + site + IP +
 * user agent). The salt is random per UTC day, shared by all processes through
 * the database, and deleted after two days, so a hash can never be traced back
 * to an address or linked across days.
 */
export function createDailySalt() {
  const cache = new Map<string, Promise<string>>();
  // Recent hashes, so a browser's many requests hash once; in memory only, dropped with the day.
  const recent = new Map<string, string>();
  async function salt(db: Client, writes: WriteQueue, day: string): Promise<string> {
    const yesterday = new Date(Date.parse(day) - 86_400_000).toISOString().slice(0, 10);
    await writes.run([
      {
        sql: 'INSERT INTO daily_salts (day, salt) VALUES (?, ?) ON CONFLICT (day) DO NOTHING',
        args: [day, randomToken(32)],
      },
      { sql: 'DELETE FROM daily_salts WHERE day < ?', args: [yesterday] },
    ]);
    const { rows } = await db.execute({ sql: 'SELECT salt FROM daily_salts WHERE day = ?', args: [day] });
    return String(rows[0]!.salt);
  }
  return {
    /** The hash for one visitor today, or null when the address is unknown. */
    async visitorHash(
      db: Client,
      writes: WriteQueue,
      siteId: number,
      ip: string | null,
      userAgent: string,
      now = Date.now(),
    ): Promise<string | null> {
      if (!ip) return null;
      const day = new Date(now).toISOString().slice(0, 10);
      const key = `${day}|${siteId}|${ip}|${userAgent}`;
      const hit = recent.get(key);
      if (hit) return hit;
      let p = cache.get(day);
      if (!p) {
        cache.clear();
        recent.clear();
        p = salt(db, writes, day);
        cache.set(day, p);
        p.catch(() => cache.delete(day));
      }
      const hash = (await hashSecret(`${await p}|${siteId}|${ip}|${userAgent}`)).slice(0, 32);
      if (recent.size >= 10_000) recent.clear();
      recent.set(key, hash);
      return hash;
    },
  };
}
export type DailySalt = ReturnType<typeof createDailySalt>;
