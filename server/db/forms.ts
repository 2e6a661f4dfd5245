import type { Client, InStatement } from '@libsql/client';
import type { FormDefinition, FormSummary } from '../schemas/forms.ts';
import type { SqlPart } from './row.ts';

export async function findForm(db: Client, siteId: number, name: string): Promise<FormDefinition | null> {
  const { rows } = await db.execute({
    sql: 'SELECT definition FROM forms WHERE site_id = ? AND name = ?',
    args: [siteId, name],
  });
  return rows[0] ? (JSON.parse(String(rows[0].definition)) as FormDefinition) : null;
}

export async function listForms(db: Client, siteId: number): Promise<FormSummary[]> {
  const { rows } = await db.execute({
    sql: 'SELECT name, definition, created_at, updated_at FROM forms WHERE site_id = ? ORDER BY name',
    args: [siteId],
  });
  return rows.map((r) => ({
    name: String(r.name),
    definition: JSON.parse(String(r.definition)) as FormDefinition,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  }));
}

/** Creates or replaces a form definition; `site` is an id or an SQL expression yielding one. */
export function saveFormStatement(
  site: number | SqlPart,
  name: string,
  definition: FormDefinition,
  now = Date.now(),
): InStatement {
  const ref: SqlPart = typeof site === 'number' ? { sql: '?', args: [site] } : site;
  return {
    sql: `INSERT INTO forms (site_id, name, definition, created_at, updated_at) VALUES (${ref.sql}, ?, ?, ?, ?)
          ON CONFLICT (site_id, name) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at`,
    args: [...ref.args, name, JSON.stringify(definition), now, now],
  };
}
