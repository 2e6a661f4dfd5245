/** The median of `xs` (the upper middle for an even count): the bench's figure for repeated timings. */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A time-ordered, UUIDv7-shaped event id like the tracker's: now, then `seq` (unique per caller). */
export function timeOrderedId(seq: number): string {
  const h = (Date.now().toString(16).padStart(12, '0') + seq.toString(16).padStart(20, '0')).slice(0, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
