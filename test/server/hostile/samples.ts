import type { JsonSchema } from './harness.ts';

/** Values for the string patterns of the wire schemas (anything else gets a plain word). */
export interface SampleContext {
  siteKey: string;
  uuid: () => string;
}

/**
 * A small valid-looking value for a JSON Schema node: required properties
 * only, first enum value, minimum numbers. Good enough for most admin writes;
 * public bodies with refinements get hand-written samples instead.
 */
export function sampleFor(s: JsonSchema | undefined, ctx: SampleContext, depth = 0): unknown {
  if (!s || depth > 6) return 'x';
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return sampleFor(alt.find((a) => a.type !== 'null') ?? alt[0], ctx, depth + 1);
  if (s.allOf?.length) return sampleFor(s.allOf[0], ctx, depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      if (s.format === 'email') return 'sample@example.test';
      if (s.format === 'uuid' || s.pattern?.includes('[0-9a-f]{8}-')) return ctx.uuid();
      if (s.format === 'uri' || s.format === 'url') return 'https://example.com/x';
      if (s.format === 'date-time') return '2026-01-02T03:04:05Z';
      if (s.format === 'date') return '2026-01-02';
      if (s.pattern?.startsWith('^pk_')) return ctx.siteKey;
      if (s.pattern?.includes('{8,64}')) return 'visitor-0001';
      if (s.pattern?.startsWith('^[a-z]')) return 'sample';
      return 'sample';
    case 'number':
    case 'integer':
      return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => sampleFor(s.items, ctx, depth + 1));
    case 'null':
      return null;
    default: {
      if (!s.properties) return {};
      const out: Record<string, unknown> = {};
      for (const k of s.required ?? []) out[k] = sampleFor(s.properties[k], ctx, depth + 1);
      return out;
    }
  }
}
