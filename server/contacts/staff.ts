import type { Client } from '@libsql/client';
import { ApiError } from '../errors.ts';

/**
 * A user who may own contacts, be assigned tickets and tasks or be a purchase's
 * sales rep: an owner or a rep of the site. Anything else is a 400 naming `field`.
 */
export async function assertStaff(
  db: Client,
  siteId: number,
  userId: number | null | undefined,
  field: string,
): Promise<void> {
  if (userId == null) return;
  const { rows } = await db.execute({
    sql: "SELECT 1 FROM users WHERE id = ? AND site_id = ? AND role IN ('owner', 'rep')",
    args: [userId, siteId],
  });
  if (!rows.length) throw new ApiError(400, 'validation_failed', `${field} must be a rep or owner of this site`);
}
