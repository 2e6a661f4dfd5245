import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Nodes } from 'mdast';
import type { MdNode } from '../schemas/kb.ts';

/**
 * Markdown (as staff write it) → the safe node tree the chat renders. Kept:
 * headings, paragraphs, lists, emphasis, strong, code, quotes, line breaks and
 * links to http(s) or mailto only. Everything else — raw HTML included —
 * becomes plain text or is dropped; nothing here is ever HTML.
 */
export function markdownToNodes(markdown: string): MdNode[] {
  // A block of raw HTML is shown as the text it is, in its own paragraph.
  return fromMarkdown(markdown).children.flatMap((n) => (n.type === 'html' ? [{ t: 'p' as const, c: [{ t: 'text' as const, v: n.value }] }] : convert(n)));
}

function convertAll(nodes: Nodes[]): MdNode[] {
  return nodes.flatMap(convert);
}

function convert(node: Nodes): MdNode[] {
  switch (node.type) {
    case 'text':
      return [{ t: 'text', v: node.value }];
    case 'html':
      return [{ t: 'text', v: node.value }];
    case 'inlineCode':
      return [{ t: 'code', c: [{ t: 'text', v: node.value }] }];
    case 'code':
      return [{ t: 'pre', c: [{ t: 'text', v: node.value }] }];
    case 'break':
      return [{ t: 'br' }];
    case 'paragraph':
      return [{ t: 'p', c: convertAll(node.children) }];
    case 'heading':
      return [{ t: 'h', level: Math.min(4, Math.max(2, node.depth + 1)) as 2 | 3 | 4, c: convertAll(node.children) }];
    case 'emphasis':
      return [{ t: 'em', c: convertAll(node.children) }];
    case 'strong':
      return [{ t: 'strong', c: convertAll(node.children) }];
    case 'blockquote':
      return [{ t: 'quote', c: convertAll(node.children) }];
    case 'list':
      return [node.ordered ? { t: 'ol', ...(node.start != null && node.start !== 1 && { start: node.start }), c: convertAll(node.children) } : { t: 'ul', c: convertAll(node.children) }];
    case 'listItem':
      return [{ t: 'li', c: convertAll(node.children) }];
    case 'link': {
      const children = convertAll(node.children);
      return /^(https?:|mailto:)/i.test(node.url) ? [{ t: 'a', href: node.url, c: children }] : children;
    }
    case 'thematicBreak':
      return [];
    default:
      return 'children' in node ? convertAll(node.children as Nodes[]) : 'value' in node ? [{ t: 'text', v: String(node.value) }] : [];
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
  return parts.join('').replace(/[ \t]+/g, ' ').replace(/\n+/g, '\n').trim();
}
