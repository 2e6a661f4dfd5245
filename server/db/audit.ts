import type { InStatement } from '@libsql/client';

/**
 * An audit entry as a statement of the change's own batch, so the record and
 * the change commit together. `target` names ids, never personal data.
 */
export function auditStatement(
  siteId: number,
  userId: number | null,
  action: string,
  target: string | null,
  detail?: Record<string, unknown>,
  at = Date.now(),
): InStatement {
  return {
    sql: 'INSERT INTO audit_log (site_id, user_id, action, target, detail, at) VALUES (?, ?, ?, ?, ?, ?)',
    args: [siteId, userId, action, target, detail ? JSON.stringify(detail) : null, at],
  };
}

/**
 * `auditStatement` written only when the statement before it in the batch changed a row,
 * so a 404 or a lost race leaves no trace.
 */
export function auditIfChanged(...entry: Parameters<typeof auditStatement>): InStatement {
  const { sql, args } = auditStatement(...entry) as { sql: string; args: unknown[] };
  return { sql: sql.replace(/\) VALUES \((.*)\)$/, ') SELECT $1 WHERE changes() > 0'), args } as InStatement;
}
