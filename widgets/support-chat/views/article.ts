import { html } from 'lit';
import { renderNodes } from '../../internal/markdown-node.ts';
import type { LeadlineChat } from '../support-chat.ts';

/** One article, rendered from its safe node tree, with "was this helpful?". */
export function renderArticle(c: LeadlineChat) {
  const a = c.article;
  if (!a) return html`<p role="status">${c.t('loading')}</p>`;
  return html`
    <article part="article" class="article" lang=${a.locale} dir=${a.locale === 'en' ? 'ltr' : 'rtl'}>
      <h3 tabindex="-1" data-autofocus>${a.title}</h3>
      ${renderNodes(a.body)}
    </article>
    <div class="vote" role="group" aria-labelledby="vote-title">
      ${
        c.voted
          ? html`<p role="status">${c.t('chat.thanksVote')}</p>`
          : html`<span id="vote-title">${c.t('chat.helpful')}</span>
            <button part="button" @click=${() => c.vote(true)}>${c.t('chat.yes')}</button>
            <button part="button" @click=${() => c.vote(false)}>${c.t('chat.no')}</button>`
      }
    </div>
    <button part="button" class="primary" @click=${() => c.go({ name: 'new' })}>${c.t('chat.contact')}</button>
  `;
}
