/**
 * Converts an amount in major units (as written in HTML, `49.00`) to integer
 * minor units with the currency's digits: USD 2, JPY 0, KWD/BHD/OMR 3.
 * Returns undefined for a negative or unreadable amount or an unknown currency.
 */
export function toMinor(amount: unknown, currency: string): number | undefined {
  const n = +(amount as number);
  try {
    if (n >= 0)
      return Math.round(
        n * 10 ** new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits!,
      );
  } catch {
    // Unknown currency code.
  }
}
