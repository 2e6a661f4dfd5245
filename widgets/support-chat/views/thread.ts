import { html, nothing } from 'lit';
import type { LeadlineChat } from '../support-chat.ts';

/** A ticket's thread: tracking number, messages, reply box, and a 1–5 rating once solved. */
export function renderThread(c: LeadlineChat, trackingNumber: string, created: boolean) {
  const t = c.thread;
  const fmt = new Intl.DateTimeFormat(c.getAttribute('lang') ?? 'en', { dateStyle: 'medium', timeStyle: 'short' });
  return html`
    ${
      created
        ? html`<div class="notice" role="status">
          <p>${c.t('chat.created', { number: trackingNumber })}</p>
          <p>${c.t('chat.keepLink')} <a href=${c.linkFor(trackingNumber)} dir="ltr">${trackingNumber}</a></p>
        </div>`
        : nothing
    }
    ${
      !t
        ? html`<p role="status">${c.t('loading')}</p>`
        : html`
          <h3 tabindex="-1" data-autofocus>${t.subject}</h3>
          <p class="meta">${c.t('chat.tracking')}: <span dir="ltr">${t.trackingNumber}</span> · <span class="status-${t.status}">${c.t(`chat.status.${t.status}`)}</span>${
            c.replyMinutes
              ? html` · <span class="usually">${c.t('chat.usually', { n: c.replyMinutes })}</span>`
              : nothing
          }</p>
          <ol class="thread" aria-live="polite">
            ${t.messages.map(
              (m) => html`<li part="message" class="message ${m.author}">
                <span class="who">${m.author === 'visitor' ? c.t('chat.you') : (m.staffName ?? c.t('chat.staff'))}</span>
                <time datetime=${new Date(m.createdAt).toISOString()}>${fmt.format(m.createdAt)}</time>
                <p>${m.body}</p>
              </li>`,
            )}
          </ol>
          <p class="typing" role="status">${
            c.staffTyping === null
              ? ''
              : c.staffTyping
                ? c.t('chat.typing', { name: c.staffTyping })
                : c.t('chat.typingStaff')
          }</p>
          ${
            t.status === 'closed'
              ? html`<p>${c.t('chat.closedNote')}</p>`
              : html`<form novalidate @submit=${(e: Event) => (e.preventDefault(), c.sendReply())}>
                <div class="field">
                  <label for="t-reply">${c.t('chat.reply')}</label>
                  <textarea id="t-reply" .value=${c.reply} maxlength="10000" @input=${(e: Event) => (c.reply = (e.target as HTMLTextAreaElement).value)}></textarea>
                </div>
                <button part="button" class="primary" type="submit" ?disabled=${c.busy || !c.reply.trim()}>${c.t('chat.sendReply')}</button>
              </form>`
          }
          ${
            (t.status === 'solved' || t.status === 'closed') && t.rating === null && !c.rated
              ? html`<form class="rating" novalidate @submit=${(e: Event) => (e.preventDefault(), c.sendRating())}>
                <fieldset>
                  <legend>${c.t('chat.rate')}</legend>
                  <div class="stars">
                    ${[1, 2, 3, 4, 5].map(
                      (
                        n,
                      ) => html`<label class="star"><input type="radio" name="rating" .value=${String(n)} .checked=${c.rating === n} @change=${() => (c.rating = n)} />
                        <span aria-hidden="true">${n <= c.rating ? '★' : '☆'}</span><span class="sr">${c.t('chat.stars', { n })}</span></label>`,
                    )}
                  </div>
                </fieldset>
                <div class="field">
                  <label for="t-rating-comment">${c.t('chat.rateComment')}</label>
                  <textarea id="t-rating-comment" maxlength="2000" .value=${c.ratingComment} @input=${(e: Event) => (c.ratingComment = (e.target as HTMLTextAreaElement).value)}></textarea>
                </div>
                <button part="button" class="primary" type="submit" ?disabled=${c.busy || !c.rating}>${c.t('chat.sendRating')}</button>
              </form>`
              : t.rating !== null || c.rated
                ? html`<p class="rated" role="status">${c.t('chat.rated')}</p>`
                : nothing
          }
        `
    }
  `;
}
