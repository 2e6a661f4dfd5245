import { html } from 'lit';
import type { LeadlineChat } from '../support-chat.ts';

/** "Find my request": an email address; the links go there, never onto this page. */
export function renderFind(c: LeadlineChat) {
  if (c.findSent) return html`<p role="status" class="notice" tabindex="-1" data-autofocus>${c.t('chat.findSent')}</p>`;
  return html`<form novalidate @submit=${(e: Event) => {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).querySelector('input')!;
    if (input.checkValidity() && input.value.trim()) void c.findTickets(input.value.trim());
    else input.setAttribute('aria-invalid', 'true');
  }}>
    <h3 tabindex="-1" data-autofocus>${c.t('chat.find')}</h3>
    <p>${c.t('chat.findHelp')}</p>
    <div class="field"><label for="t-find">${c.t('field.email')}</label><input id="t-find" type="email" required dir="ltr" autocomplete="email" /></div>
    <button part="button" class="primary" type="submit" ?disabled=${c.busy}>${c.t('chat.findSend')}</button>
  </form>`;
}
