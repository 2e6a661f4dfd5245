import { formatMoney } from '../format-money.ts';

/**
 * How a report's fields are shown: which are keys (text), and how each
 * metric is formatted in the viewer's locale. Field names are the API's
 * (server/reports/*), so a new metric shows up as a plain number until it
 * is listed here.
 */
export type Kind = 'text' | 'count' | 'money' | 'rate' | 'ratio' | 'minutes' | 'days' | 'ms' | 'decimal' | 'date';

const kinds: Record<string, Kind> = {
  revenue: 'money',
  commission: 'money',
  lifetimeRevenue: 'money',
  revenuePerCustomer: 'money',
  revenuePerVisit: 'money',
  price: 'money',
  spend: 'money',
  costPerVisit: 'money',
  costPerLead: 'money',
  costPerCustomer: 'money',
  net: 'money',
  lifetimeRevenuePerCustomer: 'money',
  amount: 'money',
  weighted: 'money',
  wonAmount: 'money',
  lostAmount: 'money',
  averageDeal: 'money',
  winRate: 'rate',
  share: 'rate',
  medianCycleDays: 'days',
  averageCycleDays: 'days',
  ctr: 'rate',
  conversionRate: 'rate',
  conversion: 'rate',
  dropOff: 'rate',
  repeatRate: 'rate',
  roas: 'ratio',
  medianDaysBetweenPurchases: 'days',
  firstResponseMedian: 'minutes',
  firstResponseP90: 'minutes',
  resolutionMedian: 'minutes',
  resolutionP90: 'minutes',
  LCP: 'ms',
  INP: 'ms',
  TTFB: 'ms',
  CLS: 'decimal',
  satisfaction: 'decimal',
  csat: 'decimal',
  t: 'date',
};

export const kindOf = (field: string, isKey: boolean): Kind => kinds[field] ?? (isKey ? 'text' : 'count');

/** A row of a report flattened: key fields and metrics side by side. */
export type FlatRow = Record<string, string | number | null>;

export interface Column {
  field: string;
  kind: Kind;
  key: boolean;
}

/** The columns of a report's rows: key fields first (in API order), then numeric metrics. Nested values are left out. */
export function columnsOf(rows: Record<string, unknown>[]): { columns: Column[]; flat: FlatRow[] } {
  const keyFields = new Set<string>();
  const metricFields = new Set<string>();
  const flat = rows.map((r) => {
    const out: FlatRow = {};
    for (const [k, v] of Object.entries(r)) {
      if (k === 'key' && v && typeof v === 'object') {
        for (const [kk, kv] of Object.entries(v))
          if (kk !== 'index') (keyFields.add(kk), (out[kk] = kv as string | number | null));
      } else if (v === null || typeof v === 'number' || typeof v === 'string') {
        (k === 't' ? keyFields : metricFields).add(k);
        out[k] = v;
      }
    }
    return out;
  });
  return {
    columns: [
      ...[...keyFields].map((field) => ({ field, kind: kindOf(field, true), key: true })),
      ...[...metricFields].map((field) => ({ field, kind: kindOf(field, false), key: false })),
    ],
    flat,
  };
}

/** Formats report values in a locale, a time zone and the site's currency. */
export class Formatter {
  private readonly count: Intl.NumberFormat;
  private readonly percent: Intl.NumberFormat;
  private readonly decimal: Intl.NumberFormat;
  private readonly ratio: Intl.NumberFormat;
  constructor(
    readonly locale: string,
    readonly timeZone: string,
    readonly currency: string,
  ) {
    this.count = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    this.percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    this.decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
    this.ratio = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  money(minor: number, currency = this.currency): string {
    return formatMoney(this.locale, minor, currency);
  }

  /** `value` as a column of `kind` shows it; `row` gives a price its own currency. */
  format(value: string | number | null | undefined, kind: Kind, row?: FlatRow): string {
    if (value == null || value === '') return '—';
    if (typeof value === 'string') return kind === 'date' ? this.day(value) : value;
    switch (kind) {
      case 'money':
        return this.money(value, typeof row?.currency === 'string' ? row.currency : this.currency);
      case 'rate':
        return this.percent.format(value);
      case 'minutes':
        return value >= 120
          ? new Intl.NumberFormat(this.locale, { style: 'unit', unit: 'hour', maximumFractionDigits: 1 }).format(
              value / 60,
            )
          : new Intl.NumberFormat(this.locale, { style: 'unit', unit: 'minute', maximumFractionDigits: 0 }).format(
              value,
            );
      case 'ratio':
        // Return on ad spend: conversion value per unit of spend, e.g. "2.5×".
        return `${this.ratio.format(value)}×`;
      case 'days':
        return new Intl.NumberFormat(this.locale, {
          style: 'unit',
          unit: 'day',
          unitDisplay: 'long',
          maximumFractionDigits: 1,
        }).format(value);
      case 'ms':
        return new Intl.NumberFormat(this.locale, {
          style: 'unit',
          unit: 'millisecond',
          maximumFractionDigits: 0,
        }).format(value);
      case 'decimal':
        return this.decimal.format(value);
      default:
        return this.count.format(value);
    }
  }

  /**
   * An axis tick of a `kind` column with up to `digits` fraction digits (never rounded to fewer) of the value as stored
   * (a rate's digits less two, as a percent; money in its currency's minor units keeps the currency's own).
   */
  tick(value: number, kind: Kind, digits: number): string {
    const fixed = (d: number, o: Intl.NumberFormatOptions = {}) =>
      new Intl.NumberFormat(this.locale, { ...o, maximumFractionDigits: d }).format(value);
    if (kind === 'rate') return fixed(Math.max(0, digits - 2), { style: 'percent' });
    if (kind === 'ms' || kind === 'days')
      return fixed(digits, { style: 'unit', unit: kind === 'ms' ? 'millisecond' : 'day' });
    if (kind === 'minutes') return fixed(digits, { style: 'unit', unit: 'minute' });
    return kind === 'money' ? this.money(value) : fixed(digits);
  }

  /** A cohort month (YYYY-MM) as the locale writes a month. */
  month(ym: string): string {
    return new Intl.DateTimeFormat(this.locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
      Date.parse(`${ym}-01T00:00:00Z`),
    );
  }

  /** A series bucket's start (an instant) as a date in the report's zone. */
  day(iso: string): string {
    return new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeZone: this.timeZone }).format(
      Date.parse(iso),
    );
  }
}
