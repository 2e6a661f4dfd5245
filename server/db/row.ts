/** Nullable column readers for libSQL rows. */
export const str = (v: unknown): string | null => (v == null ? null : String(v));
export const num = (v: unknown): number | null => (v == null ? null : Number(v));
