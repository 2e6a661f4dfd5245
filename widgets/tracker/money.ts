/**
 * An amount in major units (as written in HTML, `49.00`) as `{ [key]: integer minor units, currency }`, with the
 * currency's digits: USD 2, JPY 0, KWD/BHD/OMR 3 (the amount formatted in that currency, digits kept). Undefined for
 * a missing, negative or unreadable amount or an unknown currency, so it spreads into an event or its props as
 * nothing.
 */
export function money(amount: unknown, currency: string, key: string): Record<string, string | number> | undefined {
  try {
    if (amount != null && (amount as number) >= 0)
      return { [key]: +(+amount).toLocaleString('en', { style: 'currency', currency }).replace(/\D/g, ''), currency };
  } catch {
    // Unknown currency code.
  }
}
