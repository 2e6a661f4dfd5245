import { html, nothing } from 'lit';
import { highlight } from '../../internal/markdown-node.ts';
import type { LeadlineChat } from '../support-chat.ts';

/** Search as you type, popular articles, "ask us", and the visitor's own requests. */
export function renderHome(c: LeadlineChat) {
  const label = c.query.trim() ? c.t('chat.results') : c.t('chat.popular');
  return html`
    <label class="field">
      <span class="sr">${c.t('chat.search')}</span>
      <input part="search" type="search" data-autofocus .value=${c.query} placeholder=${c.t('chat.searchPlaceholder')} aria-label=${c.t('chat.search')}
        @input=${(e: Event) => c.onSearchInput((e.target as HTMLInputElement).value)} />
    </label>
    <section aria-labelledby="results-title" aria-busy=${c.searching}>
      <h3 id="results-title">${label}</h3>
      ${
        c.searching && !c.results.length
          ? html`<p role="status">${c.t('loading')}</p>`
          : c.results.length
            ? html`<ul class="results">
              ${c.results.map(
                (r) => html`<li>
                  <button part="result" class="result" @click=${() => c.go({ name: 'article', id: r.id })}>
                    <strong>${highlight(r.title, r.titleRanges)}</strong>
                    <span>${highlight(r.snippet, r.snippetRanges)}</span>
                  </button>
                </li>`,
              )}
            </ul>`
            : c.searched
              ? html`<p role="status">${c.t('chat.noResults')}</p>`
              : nothing
      }
    </section>
    <button part="button" class="primary" @click=${() => c.go({ name: 'new' })}>${c.t('chat.contact')}</button>
    <button part="button" class="link" @click=${() => c.go({ name: 'find' })}>${c.t('chat.find')}</button>
    ${
      c.tickets.length
        ? html`<section aria-labelledby="tickets-title">
          <h3 id="tickets-title">${c.t('chat.yourTickets')}</h3>
          <ul class="tickets">
            ${c.tickets.map(
              (
                t,
              ) => html`<li><button part="result" class="result" @click=${() => c.go({ name: 'thread', trackingNumber: t.trackingNumber })}>
                <strong>${t.subject || t.trackingNumber}</strong><span dir="ltr">${t.trackingNumber}</span>
              </button></li>`,
            )}
          </ul>
        </section>`
        : nothing
    }
  `;
}
