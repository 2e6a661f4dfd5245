const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base 32

/**
 * A tracking number people can read out and type: `LL-XXXX-XXXX`, 40 random
 * bits. Never enough alone: reading a ticket also takes its token.
 */
export function newTrackingNumber(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  const chars = [...bytes].map((b) => alphabet[b & 31]).join('');
  return `LL-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** Accepts what people type: lower case, spaces, O for 0, I/L for 1. */
export function cleanTrackingNumber(input: string): string {
  const raw = input
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .replace(/^LL/, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return raw.length === 8 ? `LL-${raw.slice(0, 4)}-${raw.slice(4)}` : input;
}
