import { z } from 'zod';

/**
 * The number bounds of DESIGN.md, defined once. Money and values are integers
 * in minor units within ±10^13; numbers in property maps (event props, custom
 * fields) are finite within ±10^15. Both stay below 2^53, so they are exact
 * in JavaScript and in SQLite, and sums of a million of them stay far below
 * 2^63 — reports add money with `total()` anyway, so nothing stored can
 * overflow them. Outside the bounds: 400 on admin routes, the field dropped
 * on public ingest (the event itself is kept).
 */
export const MONEY_MAX = 10 ** 13;
export const PROP_NUMBER_MAX = 10 ** 15;

/** An amount of money (price, value, spend) in minor units, never negative. */
export const money = z.number().int().min(0).max(MONEY_MAX);

/** A number inside a property map. */
export const propNumber = z.number().finite().min(-PROP_NUMBER_MAX).max(PROP_NUMBER_MAX);

/** Whether `n` is an amount of money within the bounds (e.g. a unit price × quantity). */
export const isMoney = (n: number): boolean => money.safeParse(n).success;

/**
 * Public ingest: a number `schema` refuses becomes `undefined` (the field is
 * dropped); anything that is not a number is still checked strictly.
 */
export const droppingOutOfRange = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'number' && !schema.safeParse(v).success ? undefined : v), schema.optional());

/** Public ingest: a property map without the numbers outside ±PROP_NUMBER_MAX. */
export const withoutOutOfRangeProps = (v: unknown): unknown =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).filter(([, p]) => typeof p !== 'number' || propNumber.safeParse(p).success))
    : v;
