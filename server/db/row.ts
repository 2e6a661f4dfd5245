import type { InValue } from '@libsql/client';

/** Nullable column readers for libSQL rows. */
export const str = (v: unknown): string | null => (v == null ? null : String(v));
export const num = (v: unknown): number | null => (v == null ? null : Number(v));

/** A LIKE pattern (with `ESCAPE '\'`) for "contains `v`": `%`, `_` and `\` in `v` are taken literally. */
export const like = (v: string) => `%${v.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** A piece of SQL with its bound arguments, for a caller to splice into a statement. */
export interface SqlPart {
  sql: string;
  args: InValue[];
}
