import { ApiError } from '../errors.ts';
import type { MdNode } from '../schemas/kb.ts';

/**
 * Markdown (as staff write it) → the safe node tree the chat renders. Kept:
 * headings, paragraphs, lists, emphasis, strong, code, quotes, line breaks and
 * links to http(s) or mailto only. Everything else — raw HTML included —
 * stays plain text; nothing here is ever HTML.
 *
 * A small CommonMark-style parser written for bounded work: every step is
 * linear in the input (emphasis uses CommonMark's "openers bottom" rule, code
 * spans find their closer through an index, link destinations stop at the
 * first space or parenthesis), so 100 KB of any input parses in milliseconds.
 * micromark's emphasis resolution is quadratic on unmatched runs (`*a` × 40k
 * took 44 s). Not supported, shown as text: reference links and definitions,
 * bare parentheses inside a link destination (write `%28`/`%29` or `<…>`).
 */

/** Deepest node tree an article may make (quotes, lists, emphasis and links all count). */
export const MAX_MARKDOWN_DEPTH = 16;

/** Thrown when an article nests deeper than MAX_MARKDOWN_DEPTH. */
export class MarkdownTooDeep extends Error {
  constructor() {
    super(`the Markdown nests quotes, lists, emphasis or links more than ${MAX_MARKDOWN_DEPTH} levels deep`);
  }
}

export function markdownToNodes(markdown: string): MdNode[] {
  const lines = markdown
    .replace(/\u0000/g, '\uFFFD')
    .split(/\r\n?|\n/)
    .map((l) => l.replace(/^[ \t]+/, (ws) => ws.replace(/\t/g, '    ')));
  return blocks(lines, 1);
}

/**
 * An article body as what is stored with it: the node tree and its plain text
 * (search index and snippets). The one place an article is parsed: at save.
 * Too deep a body is a 400 `validation_failed`.
 */
export function articleContent(markdown: string): { nodes: MdNode[]; text: string } {
  try {
    const nodes = markdownToNodes(markdown);
    return { nodes, text: plainText(nodes) };
  } catch (error) {
    if (error instanceof MarkdownTooDeep) throw new ApiError(400, 'validation_failed', `body: ${error.message}`);
    throw error;
  }
}

/** The plain text of a node tree (for the search index and snippets). */
export function plainText(nodes: MdNode[]): string {
  const parts: string[] = [];
  const walk = (n: MdNode) => {
    if (n.t === 'text') parts.push(n.v);
    else if (n.t === 'br') parts.push('\n');
    else {
      n.c.forEach(walk);
      if (['p', 'h', 'li', 'pre', 'quote'].includes(n.t)) parts.push('\n');
    }
  };
  nodes.forEach(walk);
  return parts
    .join('')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n+/g, '\n')
    .trim();
}

// ---------------------------------------------------------------- blocks

const indentOf = (line: string) => line.length - line.trimStart().length;
const isBlank = (line: string) => line.trim() === '';
const FENCE = /^(`{3,}|~{3,})/;
const HR = /^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const BULLET = /^([-+*])(?=[ \t]|$)/;
const ORDERED = /^(\d{1,9})([.)])(?=[ \t]|$)/;

function deeper(depth: number): number {
  if (depth > MAX_MARKDOWN_DEPTH) throw new MarkdownTooDeep();
  return depth;
}

interface ListMarker {
  ordered: boolean;
  kind: string;
  start: number;
  width: number;
  empty: boolean;
}

function listMarker(s: string): ListMarker | null {
  const m = BULLET.exec(s) ?? ORDERED.exec(s);
  if (!m) return null;
  const ordered = m.length === 3;
  const rest = s.slice(m[0].length);
  const spaces = indentOf(rest);
  const empty = isBlank(rest);
  return {
    ordered,
    kind: ordered ? m[2]! : m[1]!,
    start: ordered ? Number(m[1]) : 1,
    empty,
    width: m[0].length + (empty ? 1 : spaces >= 5 ? 1 : spaces),
  };
}

/** Whether a (de-indented) line starts a block that ends a paragraph. */
function interrupts(s: string): boolean {
  if (s.startsWith('>') || FENCE.test(s) || /^#{1,6}(?:[ \t]|$)/.test(s) || HR.test(s)) return true;
  const m = listMarker(s);
  return m !== null && !m.empty && (!m.ordered || m.start === 1);
}

function blocks(lines: string[], depth: number): MdNode[] {
  const out: MdNode[] = [];
  let para: string[] | null = null;
  const flush = () => {
    if (para) out.push({ t: 'p', c: inline(para, deeper(depth) + 1) });
    para = null;
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      flush();
      i++;
      continue;
    }
    const indent = indentOf(line);
    if (indent >= 4 && !para) {
      const code: string[] = [];
      while (i < lines.length && (isBlank(lines[i]!) || indentOf(lines[i]!) >= 4)) code.push(lines[i++]!.slice(4));
      while (code.length && isBlank(code.at(-1)!)) code.pop();
      out.push({ t: 'pre', c: [{ t: 'text', v: code.join('\n') }] });
      continue;
    }
    const s = indent >= 4 ? line.trimStart() : line.slice(indent);
    if (para && indent < 4 && /^=+[ \t]*$/.test(s)) {
      out.push(heading(1, para, depth));
      para = null;
      i++;
      continue;
    }
    if (para && indent < 4 && /^-+[ \t]*$/.test(s)) {
      out.push(heading(2, para, depth));
      para = null;
      i++;
      continue;
    }
    if (indent >= 4 || (para ? !interrupts(s) : !interrupts(s) && !listMarker(s))) {
      (para ??= []).push(s);
      i++;
      continue;
    }
    flush();
    const fence = FENCE.exec(s);
    if (fence) {
      const mark = fence[1]!;
      const code: string[] = [];
      for (i++; i < lines.length; i++) {
        const l = lines[i]!;
        const t = l.trim();
        if (indentOf(l) < 4 && t.startsWith(mark) && t === mark[0]!.repeat(t.length)) {
          i++;
          break;
        }
        code.push(l.slice(Math.min(indent, indentOf(l))));
      }
      out.push({ t: 'pre', c: [{ t: 'text', v: code.join('\n') }] });
    } else if (/^#{1,6}(?:[ \t]|$)/.test(s)) {
      const level = s.length - s.replace(/^#+/, '').length;
      let text = s.slice(level).trim();
      let k = text.length;
      while (k > 0 && text[k - 1] === '#') k--;
      const closing = text.slice(0, k);
      if (closing === '' || /[ \t]$/.test(closing)) text = closing.trimEnd();
      out.push(heading(level, [text], depth));
      i++;
    } else if (HR.test(s)) {
      i++;
    } else if (s.startsWith('>')) {
      const inner: string[] = [];
      while (i < lines.length) {
        const l = lines[i]!;
        const t = l.trimStart();
        if (indentOf(l) < 4 && t.startsWith('>')) inner.push(t.slice(t[1] === ' ' ? 2 : 1));
        else if (!isBlank(l) && inner.length && !isBlank(inner.at(-1)!) && !interrupts(t)) inner.push(l);
        else break;
        i++;
      }
      out.push({ t: 'quote', c: blocks(inner, deeper(depth) + 1) });
    } else {
      i = list(lines, i, depth, out);
    }
  }
  flush();
  return out;
}

function heading(markdownLevel: number, text: string[], depth: number): MdNode {
  const level = Math.min(4, Math.max(2, markdownLevel + 1)) as 2 | 3 | 4;
  return { t: 'h', level, c: inline(text, deeper(depth) + 1) };
}

/** One list starting at `lines[start]`; pushes it to `out` and returns the index after it. */
function list(lines: string[], start: number, depth: number, out: MdNode[]): number {
  const first = listMarker(lines[start]!.trimStart())!;
  const items: MdNode[] = [];
  let i = start;
  while (i < lines.length) {
    const line = lines[i]!;
    const indent = indentOf(line);
    const marker = indent < 4 ? listMarker(line.slice(indent)) : null;
    if (!marker || marker.ordered !== first.ordered || marker.kind !== first.kind) break;
    const width = indent + marker.width;
    const body = [line.slice(width)];
    for (i++; i < lines.length; i++) {
      const l = lines[i]!;
      if (isBlank(l)) {
        let next = i;
        while (next < lines.length && isBlank(lines[next]!)) next++;
        if (next === lines.length || indentOf(lines[next]!) < width) break;
        for (; i < next - 1; i++) body.push('');
        body.push('');
      } else if (indentOf(l) >= width) body.push(l.slice(width));
      else if (!isBlank(body.at(-1)!) && !interrupts(l.trimStart()) && !listMarker(l.trimStart())) {
        body.push(l.trimStart()); // a lazy continuation line of the item's paragraph
      } else break;
    }
    items.push({ t: 'li', c: blocks(body, deeper(depth + 1) + 1) });
    while (i < lines.length && isBlank(lines[i]!)) i++;
  }
  deeper(depth);
  const startAt = first.start !== 1 && { start: first.start };
  out.push(first.ordered ? { t: 'ol', ...startAt, c: items } : { t: 'ul', c: items });
  return i;
}

// ---------------------------------------------------------------- inline

/** A node of the inline list; containers hold a sub-list from `first` to `last`. */
interface Item {
  prev: Item | null;
  next: Item | null;
  kind: 'text' | 'delim' | 'br' | 'code' | 'em' | 'strong' | 'a';
  v: string;
  first?: Item | null;
  last?: Item | null;
  href?: string | null;
}

/** A `*`/`_` run on the delimiter stack. */
interface Delim {
  item: Item;
  ch: string;
  orig: number;
  open: boolean;
  close: boolean;
  prev: Delim | null;
  next: Delim | null;
}

/** A `[` or `![` on the bracket stack. */
interface Bracket {
  item: Item;
  image: boolean;
  delim: Delim | null;
}

const PUNCT = /[\p{P}\p{S}]/u;
const SPACE = /\s/u;
const ESCAPABLE = /[!-/:-@[-`{-~]/;
const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00A0',
  copy: '©',
  reg: '®',
  hellip: '…',
  mdash: '—',
  ndash: '–',
};

const ENTITY = /^&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}));/;
/** Stands for a hard line break in paragraph text (input NULs became U+FFFD). */
const HARD_BREAK = '\u0000';

function inline(lines: string[], depth: number): MdNode[] {
  const text = lines
    .map((l, n) => {
      const t = l.trimEnd();
      if (n === lines.length - 1) return t;
      if (l.length - t.length >= 2) return t + HARD_BREAK;
      return t.endsWith('\\') ? t.slice(0, -1) + HARD_BREAK : t;
    })
    .join('\n');
  return new InlineParser(text).parse(depth);
}

class InlineParser {
  private head: Item = { prev: null, next: null, kind: 'text', v: '' };
  private tail: Item = this.head;
  private delims: Delim | null = null;
  private brackets: Bracket[] = [];
  /** Link openers below this index of `brackets` are inactive (no links inside links). */
  private linkBarrier = 0;
  private buffer = '';
  /** Backtick runs by length: their start offsets, and how far each list has been consumed. */
  private runs = new Map<number, { at: number[]; next: number }>();

  constructor(private readonly src: string) {
    for (let i = 0; i < src.length;) {
      if (src[i] !== '`') {
        i++;
        continue;
      }
      let j = i;
      while (src[j] === '`') j++;
      const r = this.runs.get(j - i) ?? { at: [], next: 0 };
      r.at.push(i);
      this.runs.set(j - i, r);
      i = j;
    }
  }

  parse(depth: number): MdNode[] {
    const s = this.src;
    let i = 0;
    while (i < s.length) {
      const c = s[i]!;
      if (c === '\\' && i + 1 < s.length && ESCAPABLE.test(s[i + 1]!)) {
        this.buffer += s[i + 1];
        i += 2;
      } else if (c === HARD_BREAK) {
        this.push('br', '');
        i += 2;
      } else if (c === '\n') {
        this.buffer += '\n';
        i++;
      } else if (c === '`') i = this.codeSpan(i);
      else if (c === '*' || c === '_') i = this.delimRun(i);
      else if (c === '[' || (c === '!' && s[i + 1] === '[')) {
        const image = c === '!';
        const item = this.push('text', image ? '![' : '[');
        this.brackets.push({ item, image, delim: this.delims });
        i += image ? 2 : 1;
      } else if (c === ']') i = this.closeBracket(i);
      else if (c === '<') i = this.autolink(i);
      else if (c === '&') i = this.entity(i);
      else {
        let j = i + 1;
        while (j < s.length && !/[\\\n`*_[\]!<&\u0000]/.test(s[j]!)) j++;
        this.buffer += s.slice(i, j);
        i = j;
      }
    }
    this.flushText();
    this.emphasis(null);
    return this.nodes(this.head.next, depth);
  }

  private flushText() {
    if (!this.buffer) return;
    const v = this.buffer;
    this.buffer = '';
    this.append({ prev: null, next: null, kind: 'text', v });
  }

  private append(item: Item): Item {
    item.prev = this.tail;
    this.tail.next = item;
    this.tail = item;
    return item;
  }

  private push(kind: Item['kind'], v: string): Item {
    this.flushText();
    return this.append({ prev: null, next: null, kind, v });
  }

  private codeSpan(start: number): number {
    const s = this.src;
    let end = start;
    while (s[end] === '`') end++;
    const len = end - start;
    const r = this.runs.get(len)!;
    while (r.next < r.at.length && r.at[r.next]! < end) r.next++;
    const close = r.at[r.next];
    if (close === undefined) {
      this.buffer += s.slice(start, end);
      return end;
    }
    let v = s.slice(end, close).replaceAll(HARD_BREAK, ' ').replace(/\n/g, ' ');
    if (v.length > 2 && v.startsWith(' ') && v.endsWith(' ') && v.trim()) v = v.slice(1, -1);
    this.push('code', v);
    return close + len;
  }

  private delimRun(start: number): number {
    const s = this.src;
    const ch = s[start]!;
    let end = start;
    while (s[end] === ch) end++;
    const before = start > 0 ? s[start - 1]! : ' ';
    const after = end < s.length ? s[end]! : ' ';
    const spaceBefore = SPACE.test(before) || before === HARD_BREAK;
    const spaceAfter = SPACE.test(after) || after === HARD_BREAK;
    const [punctBefore, punctAfter] = [PUNCT.test(before), PUNCT.test(after)];
    const left = !spaceAfter && (!punctAfter || spaceBefore || punctBefore);
    const right = !spaceBefore && (!punctBefore || spaceAfter || punctAfter);
    const open = ch === '*' ? left : left && (!right || punctBefore);
    const close = ch === '*' ? right : right && (!left || punctAfter);
    const item = this.push('delim', s.slice(start, end));
    if (open || close) {
      const d: Delim = { item, ch, orig: end - start, open, close, prev: this.delims, next: null };
      if (this.delims) this.delims.next = d;
      this.delims = d;
    }
    return end;
  }

  private removeDelim(d: Delim) {
    if (d.prev) d.prev.next = d.next;
    if (d.next) d.next.prev = d.prev;
    else this.delims = d.prev;
  }

  private unlink(item: Item) {
    item.prev!.next = item.next;
    if (item.next) item.next.prev = item.prev;
    else this.tail = item.prev!;
  }

  /** Wraps the items strictly between `from` and `to` in a new container item. */
  private wrap(from: Item, to: Item | null, kind: Item['kind'], href?: string | null): Item {
    const first = from.next === to ? null : from.next;
    const last = first ? (to ? to.prev : this.tail) : null;
    const box: Item = { prev: from, next: to, kind, v: '', first, last, href };
    if (first) first.prev = null;
    if (last) last.next = null;
    from.next = box;
    if (to) to.prev = box;
    else this.tail = box;
    return box;
  }

  /** CommonMark's process_emphasis over the delimiters above `bottom`, linear thanks to `openersBottom`. */
  private emphasis(bottom: Delim | null) {
    const openersBottom = new Map<string, Delim | null>();
    let closer = bottom ? bottom.next : this.delims;
    while (!bottom && closer?.prev) closer = closer.prev;
    while (closer) {
      if (!closer.close) {
        closer = closer.next;
        continue;
      }
      const key = `${closer.ch}${closer.open ? 1 : 0}${closer.orig % 3}`;
      const floor = openersBottom.has(key) ? openersBottom.get(key)! : bottom;
      let opener = closer.prev;
      while (opener && opener !== bottom && opener !== floor) {
        const oddMatch =
          (opener.close || closer.open) &&
          (opener.orig + closer.orig) % 3 === 0 &&
          !(opener.orig % 3 === 0 && closer.orig % 3 === 0);
        if (opener.ch === closer.ch && opener.open && !oddMatch) break;
        opener = opener.prev;
      }
      if (opener && opener !== bottom && opener !== floor) {
        const use = opener.item.v.length >= 2 && closer.item.v.length >= 2 ? 2 : 1;
        opener.item.v = opener.item.v.slice(use);
        closer.item.v = closer.item.v.slice(use);
        this.wrap(opener.item, closer.item, use === 2 ? 'strong' : 'em');
        opener.next = closer;
        closer.prev = opener;
        if (!opener.item.v) {
          this.unlink(opener.item);
          this.removeDelim(opener);
        }
        if (!closer.item.v) {
          const next = closer.next;
          this.unlink(closer.item);
          this.removeDelim(closer);
          closer = next;
        }
      } else {
        const old = closer;
        closer = closer.next;
        openersBottom.set(key, old.prev);
        if (!old.open) this.removeDelim(old);
      }
    }
    while (this.delims && this.delims !== bottom) this.removeDelim(this.delims);
  }

  private closeBracket(at: number): number {
    const opener = this.brackets.at(-1);
    if (!opener) {
      this.buffer += ']';
      return at + 1;
    }
    const active = opener.image || this.brackets.length - 1 >= this.linkBarrier;
    const dest = active ? this.destination(at + 1) : null;
    this.brackets.pop();
    this.linkBarrier = Math.min(this.linkBarrier, this.brackets.length);
    if (!dest) {
      this.buffer += ']';
      return at + 1;
    }
    this.flushText();
    this.emphasis(opener.delim);
    const from = opener.item.prev!;
    this.unlink(opener.item);
    this.wrap(from, null, 'a', opener.image ? null : dest.href);
    if (!opener.image) this.linkBarrier = this.brackets.length;
    return dest.end;
  }

  /** `(dest "title")` at `at`; every scan stops at the next parenthesis, quote or space, so scans never overlap. */
  private destination(at: number): { href: string; end: number } | null {
    const s = this.src;
    if (s[at] !== '(') return null;
    let i = at + 1;
    const skip = () => {
      while (s[i] === ' ' || s[i] === '\t' || s[i] === '\n') i++;
    };
    skip();
    let href = '';
    if (s[i] === '<') {
      const end = s.slice(i + 1, i + 2049).search(/[<>\n]/);
      if (end === -1 || s[i + 1 + end] !== '>') return null;
      href = s.slice(i + 1, i + 1 + end);
      i += end + 2;
    } else {
      const start = i;
      while (i < s.length && s[i] !== '(' && s[i] !== ')' && !SPACE.test(s[i]!) && s[i] !== HARD_BREAK) {
        i += s[i] === '\\' && ESCAPABLE.test(s[i + 1] ?? '') ? 2 : 1;
      }
      href = s.slice(start, i).replace(/\\([!-/:-@[-`{-~])/g, '$1');
    }
    skip();
    const quote = s[i] === '"' || s[i] === "'" ? s[i] : s[i] === '(' ? ')' : null;
    if (quote) {
      i++;
      while (i < s.length && s[i] !== quote && !(quote === ')' && s[i] === '(')) i += s[i] === '\\' ? 2 : 1;
      if (s[i] !== quote) return null;
      i++;
      skip();
    }
    return s[i] === ')' ? { href, end: i + 1 } : null;
  }

  private autolink(at: number): number {
    const s = this.src;
    let end = at + 1;
    while (end < s.length && end - at < 2100 && !/[\s<>]/.test(s[end]!)) end++;
    const target = s.slice(at + 1, end);
    if (s[end] !== '>' || !/^(?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}:.*|[^@]+@[^@]+\.[^@]+)$/.test(target)) {
      this.buffer += '<';
      return at + 1;
    }
    this.flushText();
    const from = this.tail;
    this.push('text', target);
    this.wrap(from, null, 'a', /^[a-zA-Z][a-zA-Z0-9+.-]{1,31}:/.test(target) ? target : `mailto:${target}`);
    return end + 1;
  }

  private entity(at: number): number {
    const m = ENTITY.exec(this.src.slice(at, at + 40));
    const code = m?.[1] ? Number(m[1]) : m?.[2] ? parseInt(m[2], 16) : null;
    const numeric = code !== null && (code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD');
    const decoded = numeric || (m?.[3] ? ENTITIES[m[3]] : undefined);
    if (!m || decoded === undefined) {
      this.buffer += '&';
      return at + 1;
    }
    this.buffer += decoded;
    return at + m[0].length;
  }

  /** The item list from `first` as nodes; text pieces next to each other merge. */
  private nodes(first: Item | null | undefined, depth: number): MdNode[] {
    const out: MdNode[] = [];
    let text = '';
    const flush = () => {
      if (text) out.push({ t: 'text', v: text });
      text = '';
    };
    for (let it = first; it; it = it.next) {
      if (it.kind === 'text' || it.kind === 'delim') text += it.v;
      else if (it.kind === 'br') {
        flush();
        out.push({ t: 'br' });
      } else if (it.kind === 'code') {
        flush();
        out.push({ t: 'code', c: [{ t: 'text', v: it.v }] });
      } else {
        flush();
        const c = this.nodes(it.first, deeper(depth) + 1);
        if (it.kind === 'a') {
          if (it.href && /^(https?:|mailto:)/i.test(it.href)) out.push({ t: 'a', href: it.href, c });
          else out.push(...c);
        } else out.push({ t: it.kind, c });
      }
    }
    flush();
    return out;
  }
}
