/** Minor units (cents, fils…) of `currency` as money in `locale`; the raw figure and code for a currency Intl does not know. */
export function formatMoney(locale: string, minor: number, currency: string): string {
  try {
    const f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    return f.format(minor / 10 ** (f.resolvedOptions().maximumFractionDigits ?? 2));
  } catch {
    return `${minor} ${currency}`;
  }
}
