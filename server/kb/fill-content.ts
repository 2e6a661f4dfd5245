import type { Client, Row } from '@libsql/client';
import type { MdNode } from '../schemas/kb.ts';
import { markdownToNodes, MarkdownTooDeep, plainText } from './markdown.ts';

/** The migration that adds the stored content columns; the fill runs once it is applied. */
export const ARTICLE_CONTENT_MIGRATION = '0015_kb_article_content.sql';

/**
 * Parses every article saved before its node tree was stored, 100 at a time.
 * Part of the migrate step (Node start-up, `cli migrate`), never of a request.
 * A body too deep for today's rule keeps its text as one paragraph.
 */
export async function fillArticleContent(db: Client): Promise<number> {
  let filled = 0;
  for (;;) {
    const { rows } = await db.execute('SELECT id, body FROM kb_articles WHERE body_nodes IS NULL LIMIT 100');
    if (!rows.length) return filled;
    await db.batch(
      rows.map((r) => {
        const body = String(r.body);
        let nodes: MdNode[];
        try {
          nodes = markdownToNodes(body);
        } catch (error) {
          if (!(error instanceof MarkdownTooDeep)) throw error;
          nodes = [{ t: 'p', c: [{ t: 'text', v: body }] }];
        }
        return {
          sql: 'UPDATE kb_articles SET body_nodes = ?, body_text = ? WHERE id = ?',
          args: [JSON.stringify(nodes), plainText(nodes), Number(r.id)],
        };
      }),
      'write',
    );
    filled += rows.length;
  }
}

/** An article's stored node tree; a row without one (written behind the app's back) is its body as plain text. */
export function storedNodes(r: Row): MdNode[] {
  if (r.body_nodes != null) return JSON.parse(String(r.body_nodes)) as MdNode[];
  return [{ t: 'p', c: [{ t: 'text', v: String(r.body) }] }];
}

/** An article's stored plain text, or its body as it is. */
export const storedText = (r: Row): string => String(r.body_text ?? r.body);
