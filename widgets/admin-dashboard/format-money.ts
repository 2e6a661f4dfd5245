/** Minor units (cents, fils…) of `currency` as money in `locale`; the raw figure and code for a currency Intl does not know. */
export function formatMoney(locale: string, minor: number, currency: string): string {
  try {
    const f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    return f.format(minor / 10 ** (f.resolvedOptions().maximumFractionDigits ?? 2));
  } catch {
    return `${minor} ${currency}`;
  }
}

/** An amount typed in major units ("12.50") as minor units of `currency` (1250 USD, 13 JPY for "12.5"). */
export function toMinor(major: number, currency: string): number {
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // a code Intl does not know: cents
  }
  return Math.round(major * 10 ** digits);
}
