import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sameSecret } from './secrets.ts';

/**
 * scrypt cost: N = 2^15, r = 8, p = 1 (32 MiB, ≈ 0.25 s here). Stored with each hash, so it can be
 * raised later without invalidating older hashes (a verify reads the parameters it was made with).
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

const b64 = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
const unb64 = (s: string) =>
  Uint8Array.from(atob(s.replaceAll('-', '+').replaceAll('_', '/')), (ch) => ch.charCodeAt(0));
const encoder = new TextEncoder();
const derive = (password: string, salt: Uint8Array, p: { N: number; r: number; p: number }) =>
  scryptAsync(encoder.encode(password.normalize('NFKC')), salt, { ...p, dkLen: KEY_BYTES, maxmem: 2 ** 26 });

/** A new `scrypt$N$r$p$salt$hash` for `password`, with a random 16-byte salt of its own. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await derive(password, salt, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${b64(salt)}$${b64(key)}`;
}

/** A stored hash nobody's password matches: verifying against it costs what a real one does. */
const DECOY = `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${b64(new Uint8Array(16))}$${b64(new Uint8Array(KEY_BYTES))}`;

/**
 * Whether `password` matches `stored`. Without a stored hash (unknown address, no password set)
 * the same scrypt work is done against a decoy, so the answer takes as long either way.
 *
 * @example
 * if (!(await verifyPassword(input.password, row?.password_hash ?? null))) throw unauthorized
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = (stored ?? DECOY).split('$');
  const [, n, r, p, salt, key] = parts.length === 6 && parts[0] === 'scrypt' ? parts : DECOY.split('$');
  const derived = await derive(password, unb64(salt!), { N: Number(n), r: Number(r), p: Number(p) });
  return sameSecret(derived, unb64(key!)) && stored !== null;
}
