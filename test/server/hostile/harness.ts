import type { Client } from '@libsql/client';
import { errorBody } from '../../../server/schemas/errors.ts';

/** A JSON Schema node as hono-openapi writes it (only what the generators read). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  default?: unknown;
}

export interface OpenApiOperation {
  parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/**
 * What the database looks like: `total_changes()` of the connection (every row
 * inserted, updated or deleted since it opened, triggers included; the test
 * database is one in-memory connection) and the row count of each table, to
 * name what changed. No table is exempt: the only write a refused request may
 * cause, a token's "last used" time, happens at most once an hour per token,
 * and the suite uses each token once before it starts.
 */
export async function snapshot(db: Client): Promise<Map<string, number>> {
  const { rows: tables } = await db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  const counts = tables.map(
    (t) =>
      `SELECT '${String(t.name).replaceAll("'", "''")}' AS name, count(*) AS n FROM "${String(t.name).replaceAll('"', '""')}"`,
  );
  const { rows } = await db.execute(
    `SELECT '(rows changed)' AS name, total_changes() AS n UNION ALL ${counts.join(' UNION ALL ')}`,
  );
  return new Map(rows.map((r) => [String(r.name), Number(r.n)]));
}

/** Names of the tables whose row count differs, and '(rows changed)' when any row was written. */
export function changedTables(before: Map<string, number>, after: Map<string, number>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n));
}

/** What a leaked stack trace or server path looks like in an answer. */
const leak = /\n\s+at\s|\bat [\w.<>]+ \(|\.ts:\d+|\.js:\d+|node_modules|\/work\/|file:\/\//;

/** Checks an answer body: the error shape when 4xx/5xx, never a stack trace. Returns a problem or null. */
export function problemsOf(status: number, contentType: string, text: string, requireJson = true): string | null {
  if (leak.test(text)) return `leaks internals: ${text.slice(0, 300)}`;
  if (status < 400) return null;
  if (!requireJson && !contentType.includes('json')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return `error body is not JSON (${contentType}): ${text.slice(0, 200)}`;
  }
  const shape = errorBody.safeParse(parsed);
  if (!shape.success) return `error body has not the error shape: ${text.slice(0, 300)}`;
  return null;
}

/** The types a schema node admits (anyOf/oneOf flattened); empty when it admits anything. */
export function typesOf(s: JsonSchema | undefined): Set<string> {
  const out = new Set<string>();
  if (!s) return out;
  if (s.anyOf || s.oneOf) {
    for (const x of s.anyOf ?? s.oneOf ?? []) {
      const t = typesOf(x);
      if (t.size === 0) return new Set();
      for (const v of t) out.add(v);
    }
    return out;
  }
  if (s.enum) for (const v of s.enum) out.add(v === null ? 'null' : typeof v);
  if (s.const !== undefined) out.add(s.const === null ? 'null' : typeof s.const);
  if (typeof s.type === 'string') out.add(s.type === 'integer' ? 'number' : s.type);
  if (Array.isArray(s.type)) for (const t of s.type) out.add(t === 'integer' ? 'number' : t);
  if (s.properties && out.size === 0) out.add('object');
  return out;
}

/** A value whose JSON type the schema node does not admit, or undefined when it admits every type. */
export function wrongTypeFor(s: JsonSchema | undefined): unknown {
  const types = typesOf(s);
  if (types.size === 0) return undefined;
  const candidates: [string, unknown][] = [
    ['object', { $gt: '' }],
    ['array', [[['deep']]]],
    ['number', 12345],
    ['boolean', true],
    ['string', 'not-a-number'],
  ];
  for (const [t, v] of candidates) if (!types.has(t)) return v;
  return undefined;
}
