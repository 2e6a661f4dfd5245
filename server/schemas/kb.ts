import { z } from 'zod';
import { siteKey } from './events.ts';
import { locale } from './config.ts';

/**
 * An article body as a tree of safe nodes (never HTML): what the chat renders
 * with Lit templates. Made from a Markdown subset by server/kb/markdown.ts.
 */
export type MdNode =
  | { t: 'text'; v: string }
  | { t: 'br' }
  | { t: 'p' | 'ul' | 'li' | 'em' | 'strong' | 'quote' | 'code' | 'pre'; c: MdNode[] }
  | { t: 'ol'; start?: number; c: MdNode[] }
  | { t: 'h'; level: 2 | 3 | 4; c: MdNode[] }
  | { t: 'a'; href: string; c: MdNode[] };

export const mdNode: z.ZodType<MdNode> = z.lazy(() =>
  z.union([
    z.object({ t: z.literal('text'), v: z.string() }),
    z.object({ t: z.literal('br') }),
    z.object({ t: z.enum(['p', 'ul', 'li', 'em', 'strong', 'quote', 'code', 'pre']), c: z.array(mdNode) }),
    z.object({ t: z.literal('ol'), start: z.number().optional(), c: z.array(mdNode) }),
    z.object({ t: z.literal('h'), level: z.union([z.literal(2), z.literal(3), z.literal(4)]), c: z.array(mdNode) }),
    z.object({ t: z.literal('a'), href: z.string(), c: z.array(mdNode) }),
  ]),
);

/** [start, end) character offsets into the text they accompany. */
export const ranges = z.array(z.tuple([z.number().int(), z.number().int()]));

/** Search words: control characters (NUL ends an FTS5 query string early) become spaces. */
const searchText = z
  .string()
  .max(200)
  .default('')
  .transform((s) => s.replace(/[\u0000-\u001f\u007f]/g, ' '));
export const kbSearchQuery = z.object({
  site: siteKey,
  q: searchText,
  locale: locale.optional(),
  limit: z.coerce.number().int().min(1).max(20).default(8),
});
export const kbSearchResult = z.object({
  id: z.number(),
  title: z.string(),
  titleRanges: ranges,
  snippet: z.string(),
  snippetRanges: ranges,
  locale,
});
export const kbSearchAnswer = z.object({ results: z.array(kbSearchResult) });
export type KbSearchResult = z.infer<typeof kbSearchResult>;
export type KbSearchAnswer = z.infer<typeof kbSearchAnswer>;

export const kbArticleQuery = z.object({ site: siteKey });
export const kbArticlePublic = z.object({
  id: z.number(),
  title: z.string(),
  locale,
  body: z.array(mdNode),
  tags: z.array(z.string()),
  product: z.string().nullable(),
  updatedAt: z.number(),
});
export type KbArticlePublic = z.infer<typeof kbArticlePublic>;

export const kbVote = z.object({ site: siteKey, helpful: z.boolean() });

export const kbArticleInput = z.object({
  locale,
  title: z.string().trim().min(1).max(200),
  body: z.string().max(100_000),
  tags: z.array(z.string().trim().min(1).max(50)).max(20).default([]),
  product: z.string().trim().max(200).nullable().optional(),
  published: z.boolean().default(true),
});
export const kbArticleUpdate = kbArticleInput.partial();
export const kbArticleAdmin = z.object({
  id: z.number(),
  locale,
  title: z.string(),
  body: z.string(),
  tags: z.array(z.string()),
  product: z.string().nullable(),
  published: z.boolean(),
  helpfulYes: z.number(),
  helpfulNo: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type KbArticleAdmin = z.infer<typeof kbArticleAdmin>;
