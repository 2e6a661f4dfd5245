import { html, nothing, type TemplateResult } from 'lit';
import type { MdNode } from '../../server/schemas/kb.ts';

/**
 * Renders the server's article node tree with Lit templates: every string is
 * bound as text, so nothing in an article can become markup or script.
 * Links (http, https, mailto only, checked again here) open in a new tab.
 */
export function renderNodes(nodes: MdNode[]): TemplateResult[] {
  return nodes.map(renderNode);
}

function renderNode(n: MdNode): TemplateResult {
  switch (n.t) {
    case 'text':
      return html`${n.v}`;
    case 'br':
      return html`<br />`;
    case 'p':
      return html`<p>${renderNodes(n.c)}</p>`;
    case 'h':
      return n.level === 2 ? html`<h3>${renderNodes(n.c)}</h3>` : html`<h4>${renderNodes(n.c)}</h4>`;
    case 'ul':
      return html`<ul>${renderNodes(n.c)}</ul>`;
    case 'ol':
      return html`<ol start=${n.start ?? nothing}>${renderNodes(n.c)}</ol>`;
    case 'li':
      return html`<li>${renderNodes(n.c)}</li>`;
    case 'em':
      return html`<em>${renderNodes(n.c)}</em>`;
    case 'strong':
      return html`<strong>${renderNodes(n.c)}</strong>`;
    case 'code':
      return html`<code>${renderNodes(n.c)}</code>`;
    case 'pre':
      return html`<pre><code>${renderNodes(n.c)}</code></pre>`;
    case 'quote':
      return html`<blockquote>${renderNodes(n.c)}</blockquote>`;
    case 'a':
      return /^(https?:|mailto:)/i.test(n.href)
        ? html`<a href=${n.href} target="_blank" rel="noopener noreferrer">${renderNodes(n.c)}</a>`
        : html`${renderNodes(n.c)}`;
  }
}

/** `text` with the [start, end) ranges marked. */
export function highlight(text: string, ranges: [number, number][]): TemplateResult {
  const parts: (string | TemplateResult)[] = [];
  let at = 0;
  for (const [s, e] of ranges) {
    if (s < at || e > text.length) continue;
    parts.push(text.slice(at, s), html`<mark part="highlight">${text.slice(s, e)}</mark>`);
    at = e;
  }
  parts.push(text.slice(at));
  return html`${parts}`;
}
