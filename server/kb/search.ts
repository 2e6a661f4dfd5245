import type { Client } from '@libsql/client';
import type { Locale } from '../schemas/config.ts';
import type { KbSearchResult } from '../schemas/kb.ts';
import { storedText } from './fill-content.ts';
import { normalize, normalizeWithMap } from './normalize.ts';

/**
 * The FTS5 MATCH expression for what a visitor typed: normalised, split into
 * terms, each term quoted (so `"`, `*`, `NEAR`, `-`, `:` are just characters),
 * joined with AND or OR. Raw input never reaches MATCH. Terms shorter than
 * three characters are left out: the trigram index cannot match them.
 * Control characters (a NUL would end FTS5's query string) separate terms.
 */
export function matchExpression(
  query: string,
  join: 'AND' | 'OR' = 'AND',
): { expression: string | null; terms: string[] } {
  const terms = [
    ...new Set(
      normalize(query)
        .split(/[\s\p{P}\p{S}\p{Cc}]+/u)
        .filter((t) => [...t].length >= 3),
    ),
  ].slice(0, 8);
  return {
    expression: terms.length ? terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(` ${join} `) : null,
    terms,
  };
}

/** Where the terms occur in `text`, as [start, end) ranges of the original text, merged. */
export function matchRanges(text: string, terms: string[]): [number, number][] {
  const { text: norm, map } = normalizeWithMap(text);
  const found: [number, number][] = [];
  for (const term of terms) {
    for (let at = norm.indexOf(term); at !== -1; at = norm.indexOf(term, at + term.length)) {
      found.push([map[at]!, map[at + term.length - 1]! + 1]);
    }
  }
  found.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of found) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  return merged;
}

/** About `size` characters of `text` around its first match, with the ranges inside it. */
function snippetOf(text: string, terms: string[], size = 180): { snippet: string; ranges: [number, number][] } {
  const all = matchRanges(text, terms);
  const start = Math.max(0, (all[0]?.[0] ?? 0) - 40);
  let from = start > 0 ? text.lastIndexOf(' ', start) + 1 : 0;
  if (from < start - 20) from = start;
  const to = Math.min(text.length, from + size);
  const snippet = (from > 0 ? '…' : '') + text.slice(from, to) + (to < text.length ? '…' : '');
  const shift = from > 0 ? 1 - from : -from;
  const ranges = all
    .filter(([s, e]) => s >= from && e <= to)
    .map(([s, e]) => [s + shift, e + shift] as [number, number]);
  return { snippet, ranges };
}

async function run(db: Client, siteId: number, expression: string, locale: Locale | undefined, limit: number) {
  const { rows } = await db.execute({
    sql: `SELECT a.id, a.title, a.body, a.body_text, a.locale FROM kb_fts JOIN kb_articles a ON a.id = kb_fts.rowid
          WHERE kb_fts MATCH ? AND a.site_id = ? AND a.published = 1 ${locale ? 'AND a.locale = ?' : ''}
          ORDER BY bm25(kb_fts, 5.0, 1.0) LIMIT ?`,
    args: [expression, siteId, ...(locale ? [locale] : []), limit],
  });
  return rows;
}

/**
 * Ranked published articles for a query, in the visitor's locale first (any
 * locale when that finds nothing), all terms first (any term when that finds
 * nothing). An empty query gives the most helpful articles.
 */
export async function searchArticles(
  db: Client,
  siteId: number,
  query: string,
  locale: Locale | undefined,
  limit: number,
): Promise<KbSearchResult[]> {
  const all = matchExpression(query, 'AND');
  let rows;
  if (!all.expression) {
    ({ rows } = await db.execute({
      sql: `SELECT id, title, body, body_text, locale FROM kb_articles
            WHERE site_id = ? AND published = 1 ${locale ? 'AND locale = ?' : ''}
            ORDER BY helpful_yes - helpful_no DESC, updated_at DESC LIMIT ?`,
      args: [siteId, ...(locale ? [locale] : []), limit],
    }));
  } else {
    const any = matchExpression(query, 'OR').expression!;
    for (const [expression, loc] of [
      [all.expression, locale],
      [any, locale],
      [all.expression, undefined],
      [any, undefined],
    ] as const) {
      rows = await run(db, siteId, expression, loc, limit);
      if (rows.length) break;
    }
  }
  return (rows ?? []).map((r) => {
    const title = String(r.title);
    const text = storedText(r);
    const { snippet, ranges } = snippetOf(text, all.terms);
    return {
      id: Number(r.id),
      title,
      titleRanges: matchRanges(title, all.terms),
      snippet,
      snippetRanges: ranges,
      locale: String(r.locale) as Locale,
    };
  });
}

/** Statements that (re)index one article, from its title and plain text (articleContent's `text`). */
export function indexArticleStatements(id: number | { sql: string }, title: string, text: string) {
  const ref = typeof id === 'number' ? { sql: '?', args: [id] } : { sql: id.sql, args: [] };
  return [
    { sql: `DELETE FROM kb_fts WHERE rowid = ${ref.sql}`, args: ref.args },
    {
      sql: `INSERT INTO kb_fts (rowid, title, body) VALUES (${ref.sql}, ?, ?)`,
      args: [...ref.args, normalize(title), normalize(text)],
    },
  ];
}
