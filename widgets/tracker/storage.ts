/**
 * The tracker's only door to Web Storage. Every access is wrapped (sandboxed
 * iframes and disabled storage throw), and nothing is read or written unless
 * storage is allowed by the consent rules (see consent.ts).
 */
let allowed: unknown;

export const allowStorage = (on: unknown): void => {
  allowed = on;
};

/**
 * Reads (`value` undefined), writes (a string) or removes (null) `key` in
 * localStorage (`local`) or sessionStorage. `always` bypasses consent, for the
 * visitor's own consent choice only.
 */
export function store(
  key: string,
  value?: string | null,
  local?: unknown,
  always?: unknown,
): string | null | undefined | void {
  try {
    const s = local ? localStorage : sessionStorage;
    if (value === null) s.removeItem(key);
    else if (allowed || always) return value ? s.setItem(key, value) : s.getItem(key);
  } catch {
    // Storage unavailable: the tracker keeps going in memory.
  }
}
