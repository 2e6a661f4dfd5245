/** Random url-safe string with `bytes` bytes of entropy, e.g. for keys and tokens. */
export function randomToken(bytes = 24): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  let s = '';
  for (const b of raw) s += String.fromCharCode(b);
  return btoa(s).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/**
 * SHA-256 of a high-entropy secret, hex. Tokens carry ≥192 random bits, so a
 * fast hash is the right tool (as for GitHub/Stripe keys); passwords would not be.
 */
export async function hashSecret(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Whether two secrets (hashes, derived keys) are equal, comparing every unit whatever differs first, so the time
 * spent tells an attacker nothing.
 */
export function sameSecret(a: ArrayLike<number> | string, b: ArrayLike<number> | string): boolean {
  const at = (x: ArrayLike<number> | string, i: number) => (typeof x === 'string' ? x.charCodeAt(i) : (x[i] ?? 0));
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= at(a, i) ^ (i < b.length ? at(b, i) : 0);
  return diff === 0;
}
