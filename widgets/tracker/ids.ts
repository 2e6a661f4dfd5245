/**
 * UUID v7 (RFC 9562): 48-bit ms timestamp, then random bits from
 * crypto.getRandomValues (randomUUID is missing on insecure pages).
 */
export function uuid7(): string {
  let h = (2 ** 48 + Date.now()).toString(16).slice(1);
  for (const b of crypto.getRandomValues(new Uint8Array(10))) h += (b + 256).toString(16).slice(1);
  return h.replace(/^(.{8})(.{4}).(.{3}).(.{3})/, '$1-$2-7$3-8$4-');
}
