import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { MessageKey } from '../../locales/en.ts';
import type { LeadlineChat } from '../support-chat.ts';

export interface TicketDraft {
  subject: string;
  body: string;
  category: 'question' | 'complaint' | 'order_problem' | 'feedback';
  email: string;
  name: string;
}

const categories = ['question', 'complaint', 'order_problem', 'feedback'] as const;

/** The new-request form: topic, subject, message, and email/name when the visitor is not known. */
export function renderNewTicket(c: LeadlineChat) {
  const d = c.draft;
  const set = (k: keyof TicketDraft) => (e: Event) =>
    (c.draft = { ...c.draft, [k]: (e.target as HTMLInputElement).value });
  const err = (k: keyof TicketDraft) => c.draftErrors[k];
  const field = (k: 'subject' | 'email' | 'name', label: MessageKey, type = 'text', required = false) => html`
    <div class="field">
      <label for="t-${k}">${c.t(label)}${required ? nothing : html` <span class="optional">(${c.t('form.optional')})</span>`}</label>
      <input id="t-${k}" type=${type} .value=${d[k]} ?required=${required} maxlength=${k === 'email' ? 254 : 200} dir=${k === 'email' ? 'ltr' : 'auto'}
        aria-invalid=${err(k) ? 'true' : 'false'} aria-describedby=${ifDefined(err(k) ? `t-${k}-error` : undefined)} @input=${set(k)} />
      ${err(k) ? html`<span class="error" id="t-${k}-error">${err(k)}</span>` : nothing}
    </div>`;
  return html`
    <form novalidate @submit=${(e: Event) => (e.preventDefault(), c.createTicket())}>
      <h3 tabindex="-1" data-autofocus>${c.t('chat.newTicket')}</h3>
      <div class="field">
        <label for="t-category">${c.t('chat.category')}</label>
        <select id="t-category" .value=${d.category} @change=${set('category')}>
          ${categories.map((cat) => html`<option value=${cat} ?selected=${d.category === cat}>${c.t(`chat.cat.${cat}`)}</option>`)}
        </select>
      </div>
      ${field('subject', 'chat.subject', 'text', true)}
      <div class="field">
        <label for="t-body">${c.t('chat.message')}</label>
        <textarea id="t-body" required maxlength="10000" .value=${d.body} aria-invalid=${err('body') ? 'true' : 'false'}
          aria-describedby=${ifDefined(err('body') ? 't-body-error' : undefined)} @input=${set('body')}></textarea>
        ${err('body') ? html`<span class="error" id="t-body-error">${err('body')}</span>` : nothing}
      </div>
      ${field('email', 'field.email', 'email')} ${field('name', 'field.name')}
      <button part="button" class="primary" type="submit" ?disabled=${c.busy}>${c.busy ? c.t('form.sending') : c.t('chat.send')}</button>
    </form>
  `;
}
